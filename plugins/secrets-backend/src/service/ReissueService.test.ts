import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import {
  InMemoryMappingStore,
  PAYMENTS_API,
  accessOver,
  testSecretsConfig,
  userCaller,
} from '../__testUtils__/fakes';
import { ReissueService } from './ReissueService';

const ENTITY = 'component:default/payments-api';
const alice = userCaller('user:default/alice', ['group:default/team-payments']);
const carol = userCaller('user:default/carol', ['group:default/team-search']);
const target = { clusters: ['local'], namespace: 'payments', name: 'db' };

async function setup() {
  const mappings = new InMemoryMappingStore();
  const replaced: string[] = [];
  const synced: string[] = [];
  const service = new ReissueService({
    mappings,
    leases: {
      requestReplace: async id => {
        replaced.push(id);
        return true;
      },
    },
    access: accessOver([PAYMENTS_API], testSecretsConfig()),
    syncNow: async id => synced.push(id),
  });
  const dynamic = await mappings.create(ENTITY, {
    spec: {
      store: 'kv2',
      dynamic: { engine: 'database', role: 'payments-app' },
      target,
    } as MappingSpec,
    actor: alice.actor,
  });
  const kv = await mappings.create(ENTITY, {
    spec: {
      store: 'kv2',
      data: [{ secretKey: 'a', remoteRef: { key: 'payments/a' } }],
      target: { ...target, name: 'kv' },
    },
    actor: alice.actor,
  });
  return { service, dynamic, kv, replaced, synced };
}

describe('ReissueService', () => {
  it('marks the lease for replacement and syncs at once, for owners of dynamic mappings only', async () => {
    const { service, dynamic, kv, replaced, synced } = await setup();
    await expect(service.reissue(carol, dynamic.id)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    await expect(service.reissue(alice, kv.id)).rejects.toMatchObject({
      name: 'InputError',
      issues: [expect.objectContaining({ path: 'spec.dynamic' })],
    });
    await expect(service.reissue(alice, 'missing')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect(replaced).toEqual([]);
    const { meta } = await service.reissue(alice, dynamic.id);
    expect(replaced).toEqual([dynamic.id]);
    expect(synced).toEqual([dynamic.id]);
    expect(meta).toEqual({ entityRef: ENTITY, engine: 'database' });
  });
});
