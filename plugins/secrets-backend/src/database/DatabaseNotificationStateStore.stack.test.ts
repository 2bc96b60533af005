import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseLeaseStore } from './DatabaseLeaseStore';
import { DatabaseMappingStore } from './DatabaseMappingStore';
import { DatabaseNotificationScans } from './DatabaseNotificationScans';
import { DatabaseNotificationStateStore } from './DatabaseNotificationStateStore';

/**
 * The notifier's tables on PostgreSQL and SQLite: every change of what owners were told is
 * conditional and returns what it changed (so concurrent runs tell a change once), and the
 * scans page through indexed queries.
 */

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const t0 = new Date('2026-12-10T10:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

const spec = (name: string, cluster = 'local') => ({
  store: 'kv',
  data: [{ secretKey: 'k', remoteRef: { key: 'payments/app', property: 'p' } }],
  target: { clusters: [cluster], namespace: 'payments', name },
});

describe.each(ids)('notification tables on %s', databaseId => {
  async function setup() {
    const db = await databases.init(databaseId);
    const database = mockServices.database.mock({ getClient: async () => db });
    return {
      db,
      state: await DatabaseNotificationStateStore.create(database),
      scans: await DatabaseNotificationScans.create(database),
      mappings: await DatabaseMappingStore.create(database),
      leases: await DatabaseLeaseStore.create(database),
    };
  }

  async function stateRow(
    db: Knex,
    mappingId: string,
    cluster: string,
    status: string,
    extra: Record<string, unknown> = {},
  ) {
    await db('secrets_sync_state').insert({
      mapping_id: mappingId,
      cluster,
      status,
      next_due_at: t0,
      consecutive_failures: status === 'SyncedError' ? 2 : 0,
      reason: status === 'SyncedError' ? 'VaultSealed' : 'Created',
      message: status === 'SyncedError' ? 'Vault store "kv" is sealed' : null,
      ...extra,
    });
  }

  it('claims, releases and restores only on their condition', async () => {
    const { state, mappings } = await setup();
    const m = await mappings.create('component:default/a', {
      spec: spec('s1'),
      actor: 'user:default/alice',
    });
    await state.watch(
      'sync',
      [{ mappingId: m.id, entityRef: m.entityRef }],
      t0,
    );
    await state.watch(
      'sync',
      [{ mappingId: m.id, entityRef: m.entityRef }],
      at(60),
    );
    expect(await state.list('sync', { limit: 10 })).toEqual([
      {
        mappingId: m.id,
        topic: 'sync',
        state: 'pending',
        entityRef: m.entityRef,
        since: t0,
      },
    ]);
    const claim = [
      { mappingId: m.id, entityRef: m.entityRef, reason: 'VaultSealed' },
    ];
    expect(await state.claim('sync', 'absent', claim, at(120))).toEqual([]);
    expect(await state.claim('sync', 'pending', claim, at(120))).toEqual([
      m.id,
    ]);
    expect(await state.claim('sync', 'pending', claim, at(121))).toEqual([]);
    const [told] = await state.list('sync', { limit: 10 });
    expect(told).toMatchObject({
      state: 'notified',
      reason: 'VaultSealed',
      since: t0,
    });
    expect(told.notifiedAt).toEqual(at(120));

    await state.unclaim('sync', 'pending', [m.id]);
    expect((await state.list('sync', { limit: 10 }))[0].state).toBe('pending');
    await state.claim('sync', 'pending', claim, at(130));

    expect(await state.release('sync', 'pending', [m.id])).toEqual([]);
    expect(await state.release('sync', 'notified', [m.id])).toEqual([m.id]);
    expect(await state.release('sync', 'notified', [m.id])).toEqual([]);
    await state.restore([told]);
    expect(await state.list('sync', { limit: 10 })).toMatchObject([
      { state: 'notified', reason: 'VaultSealed' },
    ]);

    // A topic of its own per mapping.
    expect(await state.claim('lease', 'absent', claim, t0)).toEqual([m.id]);
    await state.unclaim('lease', 'absent', [m.id]);
    expect(await state.list('lease', { limit: 10 })).toEqual([]);

    // Rows of deleted mappings are forgotten.
    await mappings.delete(m.id);
    expect(await state.prune()).toBe(1);
    expect(await state.list('sync', { limit: 10 })).toEqual([]);
  });

  it('lets only one of two concurrent runs claim a change', async () => {
    const { state, mappings } = await setup();
    const ms = await Promise.all(
      ['a', 'b', 'c'].map(n =>
        mappings.create('component:default/a', {
          spec: spec(n),
          actor: 'user:default/alice',
        }),
      ),
    );
    const claims = ms.map(m => ({ mappingId: m.id, entityRef: m.entityRef }));
    const [one, two] = await Promise.all([
      state.claim('orphan', 'absent', claims, t0),
      state.claim('orphan', 'absent', claims, t0),
    ]);
    expect([...one, ...two].sort()).toEqual(ms.map(m => m.id).sort());
    await state.watch('sync', claims, t0);
    const claimed = await Promise.all(
      [0, 1, 2, 3].map(() => state.claim('sync', 'pending', claims, at(1))),
    );
    expect(claimed.flat().sort()).toEqual(ms.map(m => m.id).sort());
    const released = await Promise.all(
      [0, 1].map(() =>
        state.release(
          'sync',
          'notified',
          ms.map(m => m.id),
        ),
      ),
    );
    expect(released.flat().sort()).toEqual(ms.map(m => m.id).sort());
  });

  it('pages failing rows, statuses, entity refs and synced versions', async () => {
    const { db, scans, mappings } = await setup();
    const made = [];
    for (const [i, entity] of ['x', 'y', 'x'].entries())
      made.push(
        await mappings.create(`component:default/${entity}`, {
          spec: spec(`s${i}`),
          actor: 'user:default/alice',
        }),
      );
    const [m1, m2, m3] = [...made].sort((a, b) => a.id.localeCompare(b.id));
    await stateRow(db, m1.id, 'a', 'SyncedError');
    await stateRow(db, m1.id, 'b', 'SyncedError');
    await stateRow(db, m2.id, 'a', 'Synced', {
      synced_versions: JSON.stringify([
        {
          key: 'payments/app',
          version: 2,
          createdTime: '2026-01-01T00:00:00Z',
        },
      ]),
    });
    await stateRow(db, m3.id, 'a', 'SyncedError');
    await stateRow(db, m3.id, 'b', 'Synced', {
      synced_versions: JSON.stringify([{ key: 'payments/v1', version: 1 }]),
    });

    const first = await scans.failing({ limit: 2 });
    expect(first.map(r => [r.mappingId, r.cluster])).toEqual([
      [m1.id, 'a'],
      [m1.id, 'b'],
    ]);
    expect(first[0]).toMatchObject({
      reason: 'VaultSealed',
      message: 'Vault store "kv" is sealed',
      consecutiveFailures: 2,
      mapping: { entityRef: m1.entityRef, spec: { store: 'kv' } },
    });
    const next = await scans.failing({ limit: 2, after: first[1] });
    expect(next.map(r => [r.mappingId, r.cluster])).toEqual([[m3.id, 'a']]);

    const statuses = await scans.statuses([m1.id, m3.id, 'gone']);
    expect(statuses.get(m3.id)?.sort()).toEqual(['Synced', 'SyncedError']);
    expect(statuses.has('gone')).toBe(false);

    expect(await scans.entityRefs({ limit: 1 })).toEqual([
      'component:default/x',
    ]);
    expect(
      await scans.entityRefs({ limit: 5, after: 'component:default/x' }),
    ).toEqual(['component:default/y']);

    // Only versions with a creation time (KV v2) are read for the age check.
    const versions = await scans.syncedVersions({ limit: 10 });
    expect(versions.map(v => v.mappingId)).toEqual([m2.id]);
  });

  it('finds current leases that are overdue and expire within the window', async () => {
    const { scans, mappings, leases } = await setup();
    const lease = (mappingId: string, expiresIn: number, actionIn: number) =>
      leases.replace(
        {
          mappingId,
          store: 'kv',
          engine: 'database',
          leaseId: `database/creds/app/${mappingId}`,
          fingerprint: 'sha256:f',
          dataHmac: 'v1:h',
          issuedAt: t0,
          expiresAt: at(expiresIn),
          leaseDurationS: 3600,
          renewable: true,
          renewals: 0,
          nextAction: 'renew',
          nextActionAt: at(actionIn),
        },
        'revoke',
      );
    const [stuck, fine, far] = await Promise.all(
      ['stuck', 'fine', 'far'].map(n =>
        mappings.create('component:default/a', {
          spec: spec(n),
          actor: 'user:default/alice',
        }),
      ),
    );
    await lease(stuck.id, 1800, -600);
    await lease(fine.id, 1800, 600);
    await lease(far.id, 86_400 * 3, -600);
    // A replaced lease is no longer current: never reported.
    await lease(stuck.id, 1700, -700);
    const found = await scans.unrenewedLeases({
      expiresBefore: at(86_400),
      actionBefore: at(-60),
      limit: 10,
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      mappingId: stuck.id,
      engine: 'database',
      expiresAt: at(1700),
      nextActionAt: at(-700),
      mapping: { entityRef: 'component:default/a' },
    });
  });
});
