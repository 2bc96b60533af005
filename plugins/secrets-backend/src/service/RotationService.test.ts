import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import {
  FakeKvV2,
  FakeSyncStates,
  InMemoryMappingStore,
  PAYMENTS_API,
  accessOver,
  syncState,
  testSecretsConfig,
  userCaller,
} from '../__testUtils__/fakes';
import { MANAGED_BY_METADATA, RotationService } from './RotationService';

const ENTITY = 'component:default/payments-api';
const KEY = 'payments/payments-api';
const alice = userCaller('user:default/alice', ['group:default/team-payments']);
const carol = userCaller('user:default/carol', ['group:default/team-search']);

const spec = (name: string, key = KEY): MappingSpec => ({
  store: 'kv2',
  data: [{ secretKey: 'password', remoteRef: { key, property: 'password' } }],
  target: { clusters: ['local'], namespace: 'payments', name },
});

async function setup() {
  const config = testSecretsConfig();
  const mappings = new InMemoryMappingStore();
  const vault = new FakeKvV2();
  const synced: string[] = [];
  const service = new RotationService({
    mappings,
    access: accessOver([PAYMENTS_API], config),
    vault: name => (name === 'kv2' ? vault : undefined),
    stores: config.stores,
    syncNow: async id => {
      synced.push(id);
      return [syncState(id)];
    },
    state: new FakeSyncStates(),
  });
  const mapping = await mappings.create(ENTITY, {
    spec: spec('payments-db'),
    actor: alice.actor,
  });
  // Another mapping reading the same path is a consumer too.
  const other = await mappings.create(ENTITY, {
    spec: spec('payments-cache'),
    actor: alice.actor,
  });
  return { service, vault, mapping, other, synced };
}

describe('RotationService', () => {
  it('writes a new version with check-and-set, marks it ours, keeps other properties and syncs every consumer', async () => {
    const { service, vault, mapping, other, synced } = await setup();
    vault.seed(KEY, { password: 'old', user: 'app' });
    vault.secrets.get(KEY)!.customMetadata = {
      [MANAGED_BY_METADATA.key]: MANAGED_BY_METADATA.value,
    };
    const { result, meta } = await service.rotate(alice, mapping.id, {
      key: KEY,
      expectedVersion: 1,
      generate: { password: { length: 24 } },
    });
    expect(result).toMatchObject({ version: 2, previousVersion: 1 });
    const written = vault.secrets.get(KEY)!.versions[1];
    expect(written.user).toBe('app');
    expect(written.password).toHaveLength(24);
    expect(synced.sort()).toEqual([mapping.id, other.id].sort());
    // The audit record names properties and versions, never the value.
    expect(JSON.stringify(meta)).not.toContain(String(written.password));
    expect(meta).toMatchObject({ properties: ['password'], version: 2 });
  });

  it('refuses a stale version, a non-owner, and data it did not write unless confirmed', async () => {
    const { service, vault, mapping } = await setup();
    vault.seed(KEY, { password: 'old' });
    const body = { key: KEY, expectedVersion: 1, values: { password: 'n3w' } };
    await expect(service.rotate(carol, mapping.id, body)).rejects.toMatchObject(
      { name: 'NotAllowedError' },
    );
    await expect(
      service.rotate(alice, mapping.id, { ...body, expectedVersion: 7 }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    await expect(service.rotate(alice, mapping.id, body)).rejects.toThrow(
      /confirmUnmanaged/,
    );
    expect(vault.secrets.get(KEY)!.versions).toHaveLength(1);
    await service.rotate(alice, mapping.id, {
      ...body,
      confirmUnmanaged: true,
    });
    expect(vault.secrets.get(KEY)!.versions[1]).toEqual({ password: 'n3w' });
  });

  it('rolls back by writing an old version again as the newest', async () => {
    const { service, vault, mapping } = await setup();
    vault.seed(KEY, { password: 'one' });
    vault.seed(KEY, { password: 'two' });
    vault.secrets.get(KEY)!.customMetadata = {
      [MANAGED_BY_METADATA.key]: MANAGED_BY_METADATA.value,
    };
    const { result } = await service.rollback(alice, mapping.id, {
      key: KEY,
      version: 1,
      expectedVersion: 2,
    });
    expect(result.version).toBe(3);
    expect(vault.secrets.get(KEY)!.versions[2]).toEqual({ password: 'one' });
  });

  it('pushes a new secret below the allowed prefixes only', async () => {
    const { service, vault } = await setup();
    const { result } = await service.push(alice, ENTITY, {
      store: 'kv2',
      key: 'payments/new-api',
      values: { token: 't0ken' },
      expectedVersion: 0,
    });
    expect(result.version).toBe(1);
    expect(vault.secrets.get('payments/new-api')!.customMetadata).toEqual({
      [MANAGED_BY_METADATA.key]: MANAGED_BY_METADATA.value,
    });
    await expect(
      service.push(alice, ENTITY, {
        store: 'kv2',
        key: 'platform/root',
        values: { token: 'x' },
        expectedVersion: 0,
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(vault.secrets.has('platform/root')).toBe(false);
  });

  it('names a path the mapping does not read', async () => {
    const { service, mapping } = await setup();
    await expect(
      service.versions(alice, mapping.id, 'payments/other'),
    ).rejects.toMatchObject({
      name: 'InputError',
      issues: [expect.objectContaining({ path: 'key' })],
    });
  });
});
