import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import {
  FakeCluster,
  InMemoryMappingStore,
  InMemorySyncStateStore,
  PAYMENTS_API,
  accessOver,
  testSecretsConfig,
  userCaller,
} from '../__testUtils__/fakes';
import { managedMetadata } from '../kubernetes';
import { AuditReports } from './AuditReports';

const dave = userCaller('user:default/dave', ['group:default/platform-admins']);
const alice = userCaller('user:default/alice', ['group:default/team-payments']);

const TEAM_PAYMENTS = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const spec = (name: string, key = 'payments/payments-api'): MappingSpec => ({
  store: 'kv2',
  data: [{ secretKey: 'p', remoteRef: { key, property: 'p' } }],
  target: { clusters: ['local'], namespace: 'payments', name },
});

async function setup() {
  const config = testSecretsConfig();
  const mappings = new InMemoryMappingStore();
  const state = new InMemorySyncStateStore();
  const cluster = new FakeCluster('local');
  const reports = new AuditReports({
    mappings,
    state,
    catalog: catalogServiceMock({ entities: [PAYMENTS_API, TEAM_PAYMENTS] }),
    clusters: new Map([['local', cluster]]),
    access: accessOver([PAYMENTS_API], config),
    accessConfig: config.access,
    stores: config.stores,
    leases: { currentOf: async () => new Map() },
  });
  const owned = await mappings.create('component:default/payments-api', {
    spec: spec('payments-db'),
    actor: 'user:default/alice',
  });
  const orphan = await mappings.create('component:default/gone', {
    spec: spec('gone-db', 'payments/gone'),
    actor: 'user:default/bob',
  });
  await state.ensure(owned.id, ['local'], new Date());
  await state.ensure(orphan.id, ['local'], new Date());
  return { reports, mappings, state, cluster, owned, orphan };
}

describe('AuditReports', () => {
  it('is for those the access rules let audit only', async () => {
    const { reports } = await setup();
    for (const report of [
      () => reports.mappings(alice),
      () => reports.orphans(alice),
      () => reports.unmanaged(alice),
      () => reports.failing(alice, 0),
      () => reports.consumers(alice, 'kv2', 'payments/payments-api'),
    ])
      await expect(report()).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('lists mappings with their owners, filtered, and the entities that left the catalog', async () => {
    const { reports, owned, orphan } = await setup();
    const all = await reports.mappings(dave);
    expect(all.map(m => [m.id, m.owners, m.entityExists])).toEqual(
      expect.arrayContaining([
        [owned.id, ['group:default/team-payments'], true],
        [orphan.id, [], false],
      ]),
    );
    expect(
      (
        await reports.mappings(dave, { owner: 'group:default/team-payments' })
      ).map(m => m.id),
    ).toEqual([owned.id]);
    expect((await reports.orphans(dave)).map(o => o.reason)).toEqual([
      'EntityMissing',
    ]);
  });

  it('finds Secrets labelled as ours whose mapping is gone, by name only', async () => {
    const { reports, cluster, owned, mappings } = await setup();
    const list = jest.spyOn(mappings, 'list');
    const meta = (id: string) =>
      managedMetadata({
        mappingId: id,
        entityRef: 'component:default/payments-api',
        dataHmac: 'v1:x',
      });
    await cluster.createSecret({
      namespace: 'payments',
      name: 'payments-db',
      data: { p: Buffer.from('canary-audit-1') },
      ...meta(owned.id),
    });
    await cluster.createSecret({
      namespace: 'payments',
      name: 'left-behind',
      data: { p: Buffer.from('canary-audit-2') },
      ...meta('deleted-mapping'),
    });
    const unmanaged = await reports.unmanaged(dave);
    expect(unmanaged.items).toEqual([
      expect.objectContaining({
        namespace: 'payments',
        name: 'left-behind',
        mappingId: 'deleted-mapping',
      }),
    ]);
    expect(JSON.stringify(unmanaged)).not.toContain('canary-audit');
    // Namespaces from the targets' index, mappings read by the ids found: not all of them.
    expect(list).not.toHaveBeenCalled();
  });

  it('reports failing mappings and who reads a Vault path', async () => {
    const { reports, state, owned, mappings } = await setup();
    const [claim] = (
      await state.claimDue({
        now: new Date(Date.now() + 1000),
        limit: 10,
        owner: 'x',
        leaseMs: 1000,
      })
    ).filter(c => c.mappingId === owned.id);
    await state.completeMany([
      {
        claim,
        outcome: {
          status: 'SyncedError',
          reason: 'VaultDenied',
          message: 'permission denied',
          lastAttemptAt: new Date(),
          nextDueAt: new Date(Date.now() + 60_000),
          consecutiveFailures: 1,
        },
      },
    ]);
    const failing = await reports.failing(dave, 86_400_000);
    expect(failing.map(f => [f.mapping.id, f.reason])).toEqual([
      [owned.id, 'VaultDenied'],
    ]);
    const below = await mappings.create('component:default/payments-api', {
      spec: {
        ...spec('everything-below'),
        data: undefined,
        dataFrom: [{ find: { path: 'payments', name: { regexp: '.*' } } }],
      },
      actor: 'user:default/alice',
    });
    const list = jest.spyOn(mappings, 'list');
    expect(
      (await reports.consumers(dave, 'kv2', 'payments/payments-api'))
        .map(c => `${c.mappingId} ${c.field}`)
        .sort(),
    ).toEqual(
      [
        `${owned.id} data[0].remoteRef.key`,
        `${below.id} dataFrom[0].find.path`,
      ].sort(),
    );
    expect(list).not.toHaveBeenCalled();
  });
});
