import { mockServices } from '@backstage/backend-test-utils';
import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseMappingStore, DatabaseSyncStateStore } from '.';

/**
 * `requeueFailed` on PostgreSQL and SQLite: a store or cluster healthy again makes the
 * rows it failed due at once, with a random spread, in one statement — and nothing else.
 */

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const t0 = new Date('2026-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
const SPREAD = 5_000;
const STORE_REASONS = ['VaultSealed', 'VaultUnreachable'];

const spec = (
  store: string,
  name: string,
  clusters: string[],
): MappingSpec => ({
  store,
  data: [{ secretKey: 'k', remoteRef: { key: `payments/${name}` } }],
  target: { clusters, namespace: 'payments', name },
});

describe.each(ids)('requeueFailed on %s', databaseId => {
  async function setup() {
    const db = await databases.init(databaseId);
    const service = mockServices.database.mock({ getClient: async () => db });
    const mappings = await DatabaseMappingStore.create(service);
    const state = await DatabaseSyncStateStore.create(service);
    /** A mapping whose rows last failed with `reason` and wait an hour of backoff. */
    const failed = async (
      store: string,
      name: string,
      reason: string,
      clusters = ['a'],
    ) => {
      const m = await mappings.create('component:default/x', {
        spec: spec(store, name, clusters),
        actor: 'user:default/alice',
      });
      await state.ensure(m.id, clusters, t0);
      await db('secrets_sync_state')
        .where('mapping_id', m.id)
        .update({
          status: 'SyncedError',
          reason,
          next_due_at: new Date(t0.getTime() + HOUR),
          consecutive_failures: 9,
        });
      return m.id;
    };
    const due = async (id: string, cluster = 'a') =>
      (await state.get(id)).find(s => s.cluster === cluster)!.nextDueAt;
    return { db, state, failed, due };
  }
  const later = new Date(t0.getTime() + HOUR).toISOString();
  const within = (iso: string) => {
    const at = Date.parse(iso);
    return at >= t0.getTime() && at < t0.getTime() + SPREAD;
  };

  it("makes a store's rows that failed for its own reasons due within the spread", async () => {
    const { state, failed, due } = await setup();
    const ours = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        failed('vault-a', `sealed-${i}`, 'VaultSealed'),
      ),
    );
    const both = await failed('vault-a', 'two-clusters', 'VaultUnreachable', [
      'a',
      'b',
    ]);
    const notFound = await failed('vault-a', 'gone', 'VaultSecretNotFound');
    const otherStore = await failed('vault-b', 'other', 'VaultSealed');
    // Like a name that only starts the same: the store is compared whole.
    const prefixStore = await failed('vault-a2', 'prefix', 'VaultSealed');

    const count = await state.requeueFailed({
      store: 'vault-a',
      reasons: STORE_REASONS,
      now: t0,
      spreadMs: SPREAD,
    });
    expect(count).toBe(22);
    const dues = await Promise.all(ours.map(id => due(id)));
    expect(dues.every(within)).toBe(true);
    // Jitter: not every row at the same instant.
    expect(new Set(dues).size).toBeGreaterThan(1);
    expect(within(await due(both, 'a'))).toBe(true);
    expect(within(await due(both, 'b'))).toBe(true);
    for (const id of [notFound, otherStore, prefixStore])
      expect(await due(id)).toBe(later);
    // The backoff count stays: a retry that fails again backs off from where it was.
    expect((await state.get(ours[0]))[0]).toMatchObject({
      status: 'SyncedError',
      reason: 'VaultSealed',
      consecutiveFailures: 9,
    });
  });

  it("makes a cluster's rows due, leaving other clusters, claimed rows and rows due sooner alone", async () => {
    const { db, state, failed, due } = await setup();
    const forbidden = await failed('vault-a', 'rbac', 'KubernetesForbidden', [
      'a',
      'b',
    ]);
    const claimed = await failed('vault-a', 'claimed', 'KubernetesUnreachable');
    await db('secrets_sync_state')
      .where('mapping_id', claimed)
      .update({
        claimed_by: 'replica-b',
        claim_until: new Date(t0.getTime() + 60_000),
        claim_token: 't',
      });
    const soon = await failed('vault-a', 'soon', 'KubernetesUnreachable');
    const soonAt = new Date(t0.getTime() + 1000);
    await db('secrets_sync_state')
      .where('mapping_id', soon)
      .update({ next_due_at: soonAt });
    const synced = await failed('vault-a', 'fine', 'KubernetesForbidden');
    await db('secrets_sync_state')
      .where('mapping_id', synced)
      .update({ status: 'Synced' });

    const count = await state.requeueFailed({
      cluster: 'a',
      reasons: ['KubernetesForbidden', 'KubernetesUnreachable'],
      now: t0,
      spreadMs: SPREAD,
    });
    expect(count).toBe(1);
    expect(within(await due(forbidden, 'a'))).toBe(true);
    expect(await due(forbidden, 'b')).toBe(later);
    expect(await due(claimed)).toBe(later);
    expect(await due(soon)).toBe(soonAt.toISOString());
    expect(await due(synced)).toBe(later);
  });

  it('is one UPDATE, which PostgreSQL runs through an index', async () => {
    const { db, state } = await setup();
    const statements: { sql: string; bindings: unknown[] }[] = [];
    const record = (q: { sql: string; bindings: unknown[] }) =>
      statements.push(q);
    db.on('query', record);
    await state.requeueFailed({
      store: 'vault-a',
      reasons: STORE_REASONS,
      now: t0,
      spreadMs: SPREAD,
    });
    db.off('query', record);
    expect(statements).toHaveLength(1);
    expect(statements[0].sql).toMatch(/^update /i);
    if (!databaseId.startsWith('POSTGRES')) return;
    // With sequential scans ruled out, the plan shows the index serves the statement.
    const plan = await db.transaction(async tx => {
      await tx.raw('set local enable_seqscan = off');
      // The logged statement has PostgreSQL's $n placeholders; knex.raw takes `?`.
      const sql = statements[0].sql.replace(/\$\d+/g, '?');
      return (await tx.raw(`explain ${sql}`, statements[0].bindings as never))
        .rows as unknown[];
    });
    // Whichever of the queue's indexes the planner prefers (reason, or status), not a scan.
    expect(JSON.stringify(plan)).toMatch(
      /Index Scan (using|on) secrets_sync_state_\w+_idx/,
    );
  });

  it('finds the failed rows through the index on reason', async () => {
    const { db } = await setup();
    const indexes = databaseId.startsWith('POSTGRES')
      ? (
          await db.raw(
            `select indexname as name from pg_indexes where tablename = 'secrets_sync_state'`,
          )
        ).rows
      : await db.raw(`pragma index_list('secrets_sync_state')`);
    expect(indexes.map((i: { name: string }) => i.name)).toContain(
      'secrets_sync_state_reason_idx',
    );
  });
});
