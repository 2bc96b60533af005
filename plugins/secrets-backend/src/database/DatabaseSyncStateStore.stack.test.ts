import { mockServices } from '@backstage/backend-test-utils';
import knexFactory, { type Knex } from 'knex';
import {
  createTestDatabases,
  mappingsOn,
} from '../__testUtils__/testDatabases';
import {
  DatabaseSyncStateStore,
  PRIORITY,
  type SyncClaim,
  type SyncOutcome,
  type SyncStateStore,
} from '.';

/**
 * The due queue's contract, on PostgreSQL and SQLite: ordering, leases, takeovers, stale
 * finishers, "sync now", history, and — on PostgreSQL — two stores on separate connection
 * pools claiming the same rows concurrently.
 */

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const t0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const HOUR = 3_600_000;
const key = (c: { mappingId: string; cluster: string }) =>
  `${c.mappingId}/${c.cluster}`;
/** One claim's outcome, recorded as a cycle records its batch. */
const complete = async (
  store: SyncStateStore,
  claim: SyncClaim,
  outcome: SyncOutcome,
) => (await store.completeMany([{ claim, outcome }]))[0];
const done = (nextDueAt: Date, lastAttemptAt = t0) => ({
  status: 'Synced' as const,
  reason: 'Created',
  lastSyncedAt: lastAttemptAt,
  lastAttemptAt,
  nextDueAt,
  consecutiveFailures: 0,
});

describe.each(ids)('SyncStateStore contract on %s', databaseId => {
  async function setup() {
    const db = await databases.init(databaseId);
    const store = await DatabaseSyncStateStore.create(
      mockServices.database.mock({ getClient: async () => db }),
    );
    return { db, store };
  }
  const claim = (
    store: SyncStateStore,
    now: Date,
    limit = 100,
    owner = 'replica-a',
    leaseMs = HOUR,
  ) => store.claimDue({ now, limit, owner, leaseMs });
  const keys = (claims: SyncClaim[]) => claims.map(key);

  it('ensure adds Pending rows due now and first in line, keeps existing ones, removes unlisted clusters; remove clears a mapping', async () => {
    const { store } = await setup();
    await store.ensure('m1', ['a', 'b'], t0);
    await store.ensure('m2', ['a'], t0);
    expect(await store.get('m1')).toEqual([
      expect.objectContaining({
        cluster: 'a',
        status: 'Pending',
        nextDueAt: t0.toISOString(),
        priority: PRIORITY.neverSynced,
        consecutiveFailures: 0,
        syncedVersions: [],
      }),
      expect.objectContaining({ cluster: 'b', status: 'Pending' }),
    ]);

    const [claimA] = (await claim(store, t0)).filter(
      c => c.mappingId === 'm1' && c.cluster === 'a',
    );
    await complete(store, claimA, done(at(60)));
    await store.ensure('m1', ['a', 'c'], at(10));
    const m1 = await store.get('m1');
    expect(m1.map(s => [s.cluster, s.status])).toEqual([
      ['a', 'Synced'],
      ['c', 'Pending'],
    ]);
    // The synced row is not reset to Pending nor made due by a repeated ensure.
    expect(m1[0]).toMatchObject({
      nextDueAt: at(60).toISOString(),
      priority: PRIORITY.normal,
    });
    expect(m1[1].nextDueAt).toBe(at(10).toISOString());

    await store.ensure('m1', [], at(20));
    expect(await store.get('m1')).toEqual([]);
    await store.remove('m2');
    expect(await store.get('m2')).toEqual([]);
    expect(await store.list()).toEqual([]);
  });

  it('reconcileTargets adds the rows targets name and no row has, removes those no target names, and leaves the rest', async () => {
    const { db, store } = await setup();
    const { create } = await mappingsOn(db);
    const m1 = await create('component:default/a', 'one', ['a', 'b']);
    const m2 = await create('component:default/a', 'two', ['a']);
    // m2's row is synced; a row for a cluster m2 no longer targets, and one of no mapping.
    await store.ensure(m2.id, ['a', 'gone'], t0);
    await store.ensure('deleted-mapping', ['a'], t0);
    const [m2a] = (await claim(store, t0)).filter(
      c => c.mappingId === m2.id && c.cluster === 'a',
    );
    await complete(store, m2a, done(at(600)));

    await expect(store.reconcileTargets(at(5))).resolves.toEqual({
      added: 2,
      removed: 2,
    });
    expect(
      (await store.get(m1.id)).map(s => [s.cluster, s.status, s.nextDueAt]),
    ).toEqual([
      ['a', 'Pending', at(5).toISOString()],
      ['b', 'Pending', at(5).toISOString()],
    ]);
    expect(await store.get(m2.id)).toEqual([
      expect.objectContaining({
        cluster: 'a',
        status: 'Synced',
        nextDueAt: at(600).toISOString(),
      }),
    ]);
    expect(await store.get('deleted-mapping')).toEqual([]);
    // In step: nothing to do.
    await expect(store.reconcileTargets(at(6))).resolves.toEqual({
      added: 0,
      removed: 0,
    });
  });

  it('reconcileTargets adds more missing rows than one statement or one page holds', async () => {
    // SQLite refuses a multi-row insert of more than 500 rows (one compound SELECT).
    const { db, store } = await setup();
    const { create } = await mappingsOn(db);
    const m = await create('component:default/a', 'many', ['c0']);
    const clusters = Array.from({ length: 1234 }, (_, i) => `c${i}`);
    await db.batchInsert(
      'secrets_mapping_targets',
      clusters.slice(1).map(cluster => ({
        mapping_id: m.id,
        cluster,
        namespace: 'payments',
        name: 'many',
      })),
      100,
    );

    await expect(store.reconcileTargets(at(5))).resolves.toEqual({
      added: 1234,
      removed: 0,
    });
    const rows = await store.get(m.id);
    expect(rows.map(r => r.cluster).sort()).toEqual([...clusters].sort());
    expect(new Set(rows.map(r => r.status))).toEqual(new Set(['Pending']));
  });

  it('getMany reads the rows of several mappings in one go, by mapping and cluster', async () => {
    const { store } = await setup();
    await store.ensure('m1', ['b', 'a'], t0);
    await store.ensure('m2', ['a'], t0);
    const many = await store.getMany(['m1', 'm2', 'absent']);
    expect([...many.keys()].sort()).toEqual(['m1', 'm2']);
    expect(many.get('m1')!.map(s => s.cluster)).toEqual(['a', 'b']);
    expect(many.get('m1')).toEqual(await store.get('m1'));
    expect(await store.getMany([])).toEqual(new Map());
  });

  it('ofEntity reads the rows of one entity’s mappings in one go, by mapping and cluster, and no other entity’s', async () => {
    const { db, store } = await setup();
    const { create } = await mappingsOn(db);
    const one = await create('component:default/a', 'one');
    const two = await create('component:default/a', 'two');
    const other = await create('component:default/b', 'three');
    for (const m of [one, two, other]) await store.ensure(m.id, ['b', 'a'], t0);
    // A mapping with no rows yet is absent, as in getMany.
    const bare = await create('component:default/a', 'four');

    const rows = await store.ofEntity('component:default/a');
    expect([...rows.keys()].sort()).toEqual([one.id, two.id].sort());
    expect(rows.has(bare.id)).toBe(false);
    expect(rows.get(one.id)!.map(s => s.cluster)).toEqual(['a', 'b']);
    expect(rows.get(two.id)).toEqual(await store.get(two.id));
    expect(await store.ofEntity('component:default/none')).toEqual(new Map());
  });

  it('claims by priority, then oldest due; never a row not yet due; at most `limit`', async () => {
    const { store } = await setup();
    for (const id of ['a', 'b', 'c', 'd', 'e'])
      await store.ensure(id, ['x'], t0);
    const due: Record<string, number> = { a: 30, b: 10, c: 20, d: 500, e: 5 };
    for (const c of await claim(store, t0))
      expect(await complete(store, c, done(at(due[c.mappingId])))).toBe(true);

    expect(keys(await claim(store, at(100), 2))).toEqual(['e/x', 'b/x']);
    expect(keys(await claim(store, at(100)))).toEqual(['c/x', 'a/x']);
    expect(await claim(store, at(100))).toEqual([]); // d is not due yet
    expect(keys(await claim(store, at(500)))).toEqual(['d/x']);
  });

  it('claims never-synced rows before older due ones, and a "sync now" before both, across one batch', async () => {
    const { store } = await setup();
    for (const id of ['old1', 'old2']) await store.ensure(id, ['x'], t0);
    for (const c of await claim(store, t0))
      await complete(store, c, done(at(1)));
    await store.ensure('fresh', ['x'], at(90));
    await store.ensure('later', ['x'], at(95));
    expect(await store.requestSync('old2', 'x', at(99))).toBe(true);

    // A batch fills from the next priority down, each in due order.
    const claims = await claim(store, at(100), 3);
    expect(keys(claims)).toEqual(['old2/x', 'fresh/x', 'later/x']);
    expect(keys(await claim(store, at(100), 3))).toEqual(['old1/x']);
    expect(claims[0].state.priority).toBe(PRIORITY.requested);
    expect(claims[1].state).toMatchObject({
      status: 'Pending',
      priority: PRIORITY.neverSynced,
    });
  });

  it('skips rows under a live claim and takes them over once the claim has expired', async () => {
    const { db, store } = await setup();
    await store.ensure('m', ['x', 'y'], t0);
    const first = await claim(store, t0, 1, 'replica-a', 10_000);
    expect(first).toHaveLength(1);
    const [held, other] =
      first[0].cluster === 'x' ? ['m/x', 'm/y'] : ['m/y', 'm/x'];
    const row = await db('secrets_sync_state')
      .where({ mapping_id: 'm', cluster: first[0].cluster })
      .first();
    expect(row).toMatchObject({
      claimed_by: 'replica-a',
      claim_token: first[0].token,
    });

    // Still live at the last instant of the lease; the other row is free.
    expect(keys(await claim(store, at(10), 10, 'replica-b'))).toEqual([other]);
    const takeover = await claim(store, at(10.001), 10, 'replica-b');
    expect(keys(takeover)).toEqual([held]);
    expect(takeover[0].token).not.toBe(first[0].token);
  });

  it('refuses a stale claim: completing returns false and changes nothing', async () => {
    const { db, store } = await setup();
    await store.ensure('m', ['x'], t0);
    const [stale] = await claim(store, t0, 1, 'replica-a', 1_000);
    const [current] = await claim(store, at(2), 1, 'replica-b', HOUR);
    const before = await db('secrets_sync_state').select();

    expect(
      await complete(store, stale, {
        status: 'SyncedError',
        reason: 'VaultSealed',
        message: 'late',
        syncedVersions: [{ key: 'kv/app', version: 9 }],
        dataHmac: 'stale-hmac',
        lastSyncedAt: at(3),
        lastAttemptAt: at(3),
        nextDueAt: at(9999),
        consecutiveFailures: 7,
      }),
    ).toBe(false);
    expect(await db('secrets_sync_state').select()).toEqual(before);
    // A forged token is refused the same way.
    expect(
      await complete(
        store,
        { ...current, token: 'not-the-token' },
        done(at(5)),
      ),
    ).toBe(false);
    expect(await db('secrets_sync_state').select()).toEqual(before);

    expect(await complete(store, current, done(at(60), at(2)))).toBe(true);
    expect(await complete(store, current, done(at(61), at(2)))).toBe(false); // released
    expect((await store.get('m'))[0]).toMatchObject({
      status: 'Synced',
      nextDueAt: at(60).toISOString(),
      lastAttemptAt: at(2).toISOString(),
      priority: PRIORITY.normal,
    });
    const released = await db('secrets_sync_state').first();
    expect([
      released.claimed_by,
      released.claim_until,
      released.claim_token,
    ]).toEqual([null, null, null]);
  });

  it('completes a cycle of claims in one call, each row its own outcome, a stale claim reported and left alone', async () => {
    const { store } = await setup();
    // More rows than one statement takes, so the chunks are exercised too.
    for (let i = 0; i < 130; i++)
      await store.ensure(`m${String(i).padStart(3, '0')}`, ['x'], t0);
    const claims = await claim(store, t0, 200);
    expect(claims).toHaveLength(130);
    const stale = { ...claims[7], token: 'not-the-token' };
    await store.requestSync(claims[9].mappingId, 'x', at(1));
    const recorded = await store.completeMany(
      claims.map((c, i) => ({
        claim: i === 7 ? stale : c,
        outcome:
          i % 2
            ? done(at(100 + i))
            : {
                status: 'SyncedError' as const,
                reason: 'VaultSealed',
                message: `attempt ${i}`,
                lastAttemptAt: at(2),
                nextDueAt: at(100 + i),
                consecutiveFailures: i,
              },
      })),
    );
    expect(recorded.filter(r => !r)).toHaveLength(1);
    expect(recorded[7]).toBe(false);
    const rows = new Map((await store.list()).map(r => [r.mappingId, r]));
    const row = (i: number) => rows.get(claims[i].mappingId)!;
    expect(row(7)).toMatchObject({
      status: 'Pending',
      nextDueAt: t0.toISOString(),
    });
    expect(row(1)).toMatchObject({
      status: 'Synced',
      reason: 'Created',
      lastSyncedAt: t0.toISOString(),
      nextDueAt: at(101).toISOString(),
      priority: PRIORITY.normal,
    });
    expect(row(128)).toMatchObject({
      status: 'SyncedError',
      message: 'attempt 128',
      lastSyncedAt: undefined,
      lastAttemptAt: at(2).toISOString(),
      consecutiveFailures: 128,
      nextDueAt: at(228).toISOString(),
    });
    // The "sync now" that arrived during the claim is kept, not overwritten by the outcome.
    expect(row(9)).toMatchObject({
      status: 'Synced',
      nextDueAt: at(1).toISOString(),
      priority: PRIORITY.requested,
    });
    expect(await store.completeMany([])).toEqual([]);
  });

  it('keeps the last good versions and HMAC when a later attempt fails, but not what it saw of the Secret', async () => {
    const { store } = await setup();
    await store.ensure('m', ['x'], t0);
    const [c1] = await claim(store, t0);
    await complete(store, c1, {
      ...done(at(10)),
      syncedVersions: [{ key: 'kv/app', version: 2 }],
      dataHmac: 'hmac-v2',
      secretSeen: 'v1 1 0 42',
    });
    const [c2] = await claim(store, at(10));
    expect(c2.state.secretSeen).toBe('v1 1 0 42');
    await complete(store, c2, {
      status: 'SyncedError',
      reason: 'VaultSealed',
      message: 'Vault is sealed',
      lastAttemptAt: at(10),
      nextDueAt: at(15),
      consecutiveFailures: 1,
    });
    expect((await store.get('m'))[0]).toMatchObject({
      status: 'SyncedError',
      reason: 'VaultSealed',
      syncedVersions: [{ key: 'kv/app', version: 2 }],
      dataHmac: 'hmac-v2',
      lastSyncedAt: t0.toISOString(),
      lastAttemptAt: at(10).toISOString(),
      consecutiveFailures: 1,
    });
    expect((await store.get('m'))[0].secretSeen).toBeUndefined();
  });

  it('"sync now" moves a row to the front, per cluster or for all, and says when there is nothing to sync', async () => {
    const { store } = await setup();
    for (const id of ['a', 'b']) await store.ensure(id, ['x', 'y'], t0);
    const due: Record<string, number> = { 'a/x': 10, 'a/y': 11 };
    for (const c of await claim(store, t0))
      await complete(store, c, done(at(due[key(c)] ?? 3600)));

    expect(await store.requestSync('b', 'y', at(20))).toBe(true);
    expect(keys(await claim(store, at(20), 1))).toEqual(['b/y']);
    expect(await store.requestSync('b', undefined, at(21))).toBe(true);
    expect(keys(await claim(store, at(21)))).toEqual(['b/x', 'a/x', 'a/y']);

    expect(await store.requestSync('missing')).toBe(false);
    expect(await store.requestSync('a', 'no-such-cluster')).toBe(false);
  });

  it('tells whether a request waits, due and free to claim, and only a request', async () => {
    const { store } = await setup();
    await store.ensure('m', ['x', 'y'], t0);
    // Never-synced rows due now are not requests: the regular run takes them.
    expect(await store.hasWaitingRequest(t0)).toBe(false);
    for (const c of await claim(store, t0, 100, 'replica-a', 60_000))
      await complete(store, c, done(at(3600)));
    expect(await store.hasWaitingRequest(at(10))).toBe(false);

    await store.requestSync('m', 'y', at(10));
    expect(await store.hasWaitingRequest(at(9))).toBe(false);
    expect(await store.hasWaitingRequest(at(10))).toBe(true);
    // Held by a live claim: nothing for another replica to take yet.
    const [held] = await claim(store, at(11), 1, 'replica-b', 60_000);
    expect(key(held)).toBe('m/y');
    expect(await store.hasWaitingRequest(at(12))).toBe(false);
    // A claim that expired with its holder leaves the request to be taken over.
    expect(await store.hasWaitingRequest(at(72))).toBe(true);
    await complete(store, held, done(at(3600), at(11)));
    expect(await store.hasWaitingRequest(at(12))).toBe(false);
  });

  it('tells when the longest-waiting due and unclaimed row became due, none when nothing waits', async () => {
    const { store } = await setup();
    expect(await store.oldestDue(t0)).toBeUndefined();
    await store.ensure('a', ['x'], at(5));
    await store.ensure('b', ['x'], at(10));
    expect(await store.oldestDue(at(4))).toBeUndefined();
    expect(await store.oldestDue(at(60))).toEqual(at(5));
    // The oldest is being synced: the next one is the longest waiting.
    const [held] = await claim(store, at(60), 1, 'replica-a', 60_000);
    expect(key(held)).toBe('a/x');
    expect(await store.oldestDue(at(61))).toEqual(at(10));
    await complete(store, held, done(at(3600), at(61)));
    expect(await store.oldestDue(at(62))).toEqual(at(10));
  });

  it('keeps a "sync now" that arrives while its row is being synced', async () => {
    const { store } = await setup();
    await store.ensure('m', ['x'], t0);
    const [running] = await claim(store, t0);
    await store.requestSync('m', 'x', at(1));
    await complete(store, running, done(at(3600)));
    expect(keys(await claim(store, at(2)))).toEqual(['m/x']);
  });

  // The row was claimed because of a first "sync now", so the priority does not change;
  // the due time does, and that is what keeps the second request.
  it('keeps a second "sync now" that arrives while a "sync now" is being served', async () => {
    const { store } = await setup();
    await store.ensure('m', ['x'], t0);
    const [c1] = await claim(store, t0);
    await complete(store, c1, done(at(3600)));
    await store.requestSync('m', 'x', at(10));
    const [running] = await claim(store, at(10));
    await store.requestSync('m', 'x', at(11));
    await complete(store, running, done(at(3600), at(11)));
    expect(keys(await claim(store, at(12)))).toEqual(['m/x']);
  });

  it('lists events of one mapping, newest first, up to a limit', async () => {
    const { store } = await setup();
    const types = [
      'SyncRequested',
      'Synced',
      'Changed',
      'DriftRepaired',
      'Failed',
    ] as const;
    for (const [i, type] of types.entries()) {
      await store.appendEvent({
        mappingId: 'm',
        cluster: 'x',
        at: at(i),
        type,
        actor: i === 0 ? 'user:default/alice' : 'engine',
        ...(type === 'Failed'
          ? { reason: 'VaultSealed', message: 'Vault is sealed' }
          : {}),
      });
      await store.appendEvent({
        mappingId: 'other',
        cluster: 'x',
        at: at(i),
        type: 'Deleted',
        actor: 'engine',
      });
    }
    const events = await store.listEvents('m', { limit: 3 });
    expect(events.map(e => e.type)).toEqual([
      'Failed',
      'DriftRepaired',
      'Changed',
    ]);
    expect(events[0]).toEqual({
      id: expect.any(Number),
      mappingId: 'm',
      cluster: 'x',
      at: at(4).toISOString(),
      type: 'Failed',
      actor: 'engine',
      reason: 'VaultSealed',
      message: 'Vault is sealed',
    });
    const all = await store.listEvents('m');
    expect(all.map(e => e.type)).toEqual([...types].reverse());
    expect(all[4].actor).toBe('user:default/alice');
    expect(await store.listEvents('nothing')).toEqual([]);
  });

  it('appends the events of a cycle in one go, in order, however many', async () => {
    const { store } = await setup();
    await store.appendEvents(
      Array.from({ length: 150 }, (_, i) => ({
        mappingId: 'batch',
        cluster: 'local',
        at: at(i),
        type: 'Synced' as const,
        actor: 'engine',
        reason: 'Created',
        message: `event ${i}`,
      })),
    );
    await store.appendEvents([]);
    const events = await store.listEvents('batch', { limit: 1000 });
    expect(events).toHaveLength(150);
    // Newest first: the last appended has the highest id.
    expect(events[0].message).toBe('event 149');
    expect(events[149].message).toBe('event 0');
  });

  it('counts rows per status', async () => {
    const { store } = await setup();
    for (const id of ['a', 'b', 'c']) await store.ensure(id, ['x', 'y'], t0);
    const claims = await claim(store, t0, 3);
    await complete(store, claims[0], done(at(60)));
    await complete(store, claims[1], {
      status: 'SyncedError',
      reason: 'VaultSealed',
      lastAttemptAt: t0,
      nextDueAt: at(5),
      consecutiveFailures: 1,
    });
    expect(await store.countByStatus()).toEqual({
      Pending: 4,
      Synced: 1,
      SyncedError: 1,
    });
  });

  it('has no column that could hold a secret value', async () => {
    const { db } = await setup();
    expect(Object.keys(await db('secrets_sync_state').columnInfo()).sort())
      .toMatchInlineSnapshot(`
      [
        "claim_token",
        "claim_until",
        "claimed_by",
        "cluster",
        "consecutive_failures",
        "data_hmac",
        "last_attempt_at",
        "last_synced_at",
        "mapping_id",
        "message",
        "next_due_at",
        "priority",
        "reason",
        "secret_seen",
        "status",
        "synced_versions",
      ]
    `);
    expect(Object.keys(await db('secrets_sync_events').columnInfo()).sort())
      .toMatchInlineSnapshot(`
      [
        "actor",
        "at",
        "cluster",
        "id",
        "mapping_id",
        "message",
        "reason",
        "type",
      ]
    `);
  });

  it('never hands out a row twice while it is claimed, under concurrent claimers', async () => {
    const { db, store: storeA } = await setup();
    // On PostgreSQL the second store gets its own connection pool to the same database, as a
    // second replica would; SQLite (in memory, one writer) can only share the connection.
    const second: Knex | undefined =
      db.client.config.client === 'pg'
        ? knexFactory({
            client: 'pg',
            connection: db.client.config.connection,
            pool: { min: 0, max: 8 },
          })
        : undefined;
    try {
      const storeB = await DatabaseSyncStateStore.create(
        mockServices.database.mock({
          getClient: async () => second ?? db,
          migrations: { skip: true },
        }),
      );
      const stores = [storeA, storeB];
      const ROWS = 200;
      for (let i = 0; i < ROWS; i++)
        await storeA.ensure(`m${String(i).padStart(3, '0')}`, ['x'], t0);

      // Round after round of 16 parallel claims until the queue is empty: every row exactly once.
      const firstClaims: SyncClaim[] = [];
      for (let round = 0; round < 100; round++) {
        const batch = (
          await Promise.all(
            stores.flatMap((s, n) =>
              Array.from({ length: 8 }, (_, w) =>
                claim(s, t0, 3, `replica-${n}-${w}`),
              ),
            ),
          )
        ).flat();
        if (batch.length === 0) break;
        firstClaims.push(...batch);
      }
      const claimedTwice = keys(firstClaims).filter(
        (k, i, all) => all.indexOf(k) !== i,
      );
      expect(claimedTwice).toEqual([]);
      expect(firstClaims.length).toBe(ROWS);
      const tokens = new Map(firstClaims.map(c => [key(c), c.token]));
      for (const row of await db('secrets_sync_state').select())
        expect(row.claim_token).toBe(tokens.get(`${row.mapping_id}/x`));

      // Churn: 16 workers claim, finish and re-queue rows as fast as they can. A row claimed
      // twice while live would show up in `live`, or as a complete that lost its token.
      await Promise.all(firstClaims.map(c => complete(storeA, c, done(t0))));
      const live = new Set<string>();
      const duplicates: string[] = [];
      const lost: string[] = [];
      let served = 0;
      await Promise.all(
        stores.flatMap((s, n) =>
          Array.from({ length: 8 }, async (_, w) => {
            for (let i = 0; i < 25; i++) {
              const claims = await claim(s, at(1), 4, `replica-${n}-${w}`);
              for (const c of claims) {
                if (live.has(key(c))) duplicates.push(key(c));
                live.add(key(c));
              }
              for (const c of claims) {
                live.delete(key(c));
                if (!(await complete(s, c, done(t0)))) lost.push(key(c));
                served++;
              }
            }
          }),
        ),
      );
      expect(duplicates).toEqual([]);
      expect(lost).toEqual([]);
      expect(served).toBeGreaterThan(ROWS);
    } finally {
      await second?.destroy();
    }
  });
});
