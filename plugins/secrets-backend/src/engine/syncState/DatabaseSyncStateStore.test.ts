import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { DatabaseSyncStateStore, PRIORITY } from './DatabaseSyncStateStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const t0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const claimOpts = (now: Date, limit = 10) => ({
  now,
  limit,
  owner: 'replica-a',
  leaseMs: 60_000,
});
const ok = (nextDueAt: Date) => ({
  status: 'Synced' as const,
  reason: 'Created',
  lastAttemptAt: t0,
  nextDueAt,
  consecutiveFailures: 0,
});

describe.each(ids)('DatabaseSyncStateStore on %s', databaseId => {
  async function store() {
    const knex = await databases.init(databaseId);
    return DatabaseSyncStateStore.create(
      mockServices.database.mock({ getClient: async () => knex }),
    );
  }

  it('keeps one row per listed cluster and removes the rest', async () => {
    const s = await store();
    await s.ensure('m1', ['a', 'b'], t0);
    await s.ensure('m1', ['b', 'c'], t0);
    expect(
      (await s.get('m1')).map(r => [r.cluster, r.status, r.priority]),
    ).toEqual([
      ['b', 'Pending', PRIORITY.neverSynced],
      ['c', 'Pending', PRIORITY.neverSynced],
    ]);
    await s.remove('m1');
    expect(await s.get('m1')).toEqual([]);
  });

  it('claims "sync now" first, then never-synced, then the longest due; never a row twice while claimed', async () => {
    const s = await store();
    for (const id of ['old', 'asked', 'later']) await s.ensure(id, ['c'], t0);
    const dues: Record<string, Date> = {
      old: at(1),
      asked: at(3),
      later: at(500),
    };
    for (const claim of await s.claimDue(claimOpts(t0)))
      await s.complete(claim, ok(dues[claim.mappingId]));
    await s.ensure('new', ['c'], at(50));
    await s.requestSync('asked', undefined, at(5));

    const claims = await s.claimDue(claimOpts(at(100)));
    expect(claims.map(c => c.mappingId)).toEqual(['asked', 'new', 'old']);
    expect(
      await s.claimDue({ ...claimOpts(at(100)), owner: 'replica-b' }),
    ).toEqual([]);
  });

  it('lets another replica take over an expired claim, and ignores the late finisher', async () => {
    const s = await store();
    await s.ensure('m', ['c'], t0);
    const [first] = await s.claimDue({ ...claimOpts(t0), leaseMs: 10_000 });
    expect(
      await s.claimDue({ ...claimOpts(at(5)), owner: 'replica-b' }),
    ).toEqual([]);
    const [takeover] = await s.claimDue({
      ...claimOpts(at(11)),
      owner: 'replica-b',
    });
    expect(takeover.mappingId).toBe('m');
    expect(await s.complete(first, ok(at(999)))).toBe(false);
    expect(await s.complete(takeover, ok(at(60)))).toBe(true);
    expect((await s.get('m'))[0]).toMatchObject({
      status: 'Synced',
      nextDueAt: at(60).toISOString(),
      priority: 0,
    });
  });

  it('keeps a "sync now" that arrives while the row is being synced', async () => {
    const s = await store();
    await s.ensure('m', ['c'], t0);
    const [claim] = await s.claimDue(claimOpts(t0));
    expect(await s.requestSync('m', undefined, at(1))).toBe(true);
    await s.complete(claim, ok(at(3600)));
    expect((await s.get('m'))[0]).toMatchObject({
      priority: PRIORITY.requested,
      nextDueAt: at(1).toISOString(),
    });
    expect(await s.requestSync('missing')).toBe(false);
  });

  it('records failures and versions, and lists events newest first', async () => {
    const s = await store();
    await s.ensure('m', ['c'], t0);
    const [claim] = await s.claimDue(claimOpts(t0));
    await s.complete(claim, {
      status: 'SyncedError',
      reason: 'VaultSealed',
      message: 'Vault is sealed',
      syncedVersions: [{ key: 'a/b', version: 2 }],
      lastAttemptAt: t0,
      nextDueAt: at(5),
      consecutiveFailures: 3,
    });
    expect((await s.get('m'))[0]).toMatchObject({
      status: 'SyncedError',
      reason: 'VaultSealed',
      consecutiveFailures: 3,
      syncedVersions: [{ key: 'a/b', version: 2 }],
      lastAttemptAt: t0.toISOString(),
    });
    for (const type of ['Synced', 'Failed', 'Changed'] as const) {
      await s.appendEvent({
        mappingId: 'm',
        cluster: 'c',
        at: t0,
        type,
        actor: 'engine',
      });
    }
    expect((await s.listEvents('m', { limit: 2 })).map(e => e.type)).toEqual([
      'Changed',
      'Failed',
    ]);
  });
});
