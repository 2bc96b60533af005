import { mockServices } from '@backstage/backend-test-utils';
import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import {
  FakeCluster,
  FakeKvV2,
  InMemoryMappingStore,
  InMemorySyncStateStore,
} from '../__testUtils__/fakes';
import { PRIORITY } from '../database';
import type { VaultGateway } from '../vault';
import { SyncEngine } from './SyncEngine';

const spec = (name: string, key = 'payments/a'): MappingSpec => ({
  store: 'kv2',
  data: [{ secretKey: 'value', remoteRef: { key, property: 'value' } }],
  target: { clusters: ['local'], namespace: 'payments', name },
});

function setup(concurrency = 2, enabled = true) {
  const mappings = new InMemoryMappingStore();
  const state = new InMemorySyncStateStore();
  const vault = new FakeKvV2();
  vault.seed('payments/a', { value: 'A' });
  const reads = jest.spyOn(vault, 'read');
  const cluster = new FakeCluster();
  const engine = new SyncEngine({
    mappings,
    state,
    leases: {
      toRevoke: async () => [],
      retire: async () => undefined,
    } as never,
    vault: store =>
      store === 'kv2' ? (vault as unknown as VaultGateway) : undefined,
    cluster: name => (name === 'local' ? cluster : undefined),
    hmacKey: Buffer.alloc(32, 1),
    config: {
      enabled,
      concurrency,
      defaultRefreshIntervalMs: 3_600_000,
      jitter: 0,
      backoff: { initialMs: 5000, maxMs: 600_000 },
      syncNowWaitMs: enabled ? 2000 : 300,
      healthCheckIntervalMs: 60_000,
      watch: false,
      loopDelayBudgetMs: 0,
      claimTimeoutMs: 60_000,
      secretReadIntervalMs: 86_400_000,
    },
    logger: mockServices.logger.mock(),
    owner: 'engine-test',
  });
  const add = async (name: string, key?: string) => {
    const m = await mappings.create('component:default/payments-api', {
      spec: spec(name, key),
      actor: 'user:default/alice',
    });
    await engine.mappingSaved(m, 'user:default/alice');
    return m;
  };
  return { engine, mappings, state, cluster, vault, reads, add };
}

describe('SyncEngine (cycle runner, with fakes)', () => {
  it('claims a batch, reads each Vault path once, and writes outcomes and events once per cycle', async () => {
    const { engine, state, cluster, reads, add } = setup(2);
    for (let i = 0; i < 5; i++) await add(`s-${i}`);
    const report = await engine.runCycle();
    expect(report).toEqual({
      claimed: 5,
      synced: 5,
      failed: 0,
      unchanged: 0,
      writes: 5,
    });
    expect(reads).toHaveBeenCalledTimes(1);
    expect(cluster.secrets.size).toBe(5);
    expect(state.completeCalls).toBe(1);
    expect(
      (await state.list()).every(
        s => s.status === 'Synced' && s.priority === PRIORITY.normal,
      ),
    ).toBe(true);
    expect(state.history.map(e => e.type)).toEqual(Array(5).fill('Synced'));
    // Nothing is due any more: the next cycle claims nothing.
    expect((await engine.runCycle()).claimed).toBe(0);
  });

  it('works off a backlog in one run: 4 × concurrency per cycle until a cycle is short', async () => {
    const { engine, add } = setup(1);
    for (let i = 0; i < 9; i++) await add(`b-${i}`);
    expect(await engine.runUntilIdle(60_000)).toMatchObject({
      claimed: 9,
      synced: 9,
    });
  });

  it('answers sync now once a sync begun after the request is recorded, with who asked in the history', async () => {
    const { engine, state, add } = setup();
    const m = await add('now');
    await engine.runCycle();
    const before = state.history.length;
    const [row] = await engine.syncNow(m.id, 'user:default/carol');
    expect(row).toMatchObject({ status: 'Synced', reason: 'Unchanged' });
    expect(row.priority).toBe(PRIORITY.normal);
    expect(state.history.slice(before).map(e => [e.type, e.actor])).toEqual([
      ['SyncRequested', 'user:default/carol'],
    ]);
    await engine.stop();
  });

  it('keeps a sync now that arrives while the row is claimed, and serves it next', async () => {
    const { engine, state, add } = setup();
    const m = await add('held');
    const [claim] = await state.claimDue({
      now: new Date(),
      limit: 1,
      owner: 'another-replica',
      leaseMs: 60_000,
    });
    await state.requestSync(m.id);
    // The other replica records its outcome: the request made meanwhile stays queued.
    await state.completeMany([
      {
        claim,
        outcome: {
          status: 'Synced',
          reason: 'Created',
          lastAttemptAt: new Date(),
          nextDueAt: new Date(Date.now() + 3_600_000),
          consecutiveFailures: 0,
        },
      },
    ]);
    expect((await state.get(m.id))[0].priority).toBe(PRIORITY.requested);
    expect((await engine.runCycle()).claimed).toBe(1);
    expect((await state.get(m.id))[0].priority).toBe(PRIORITY.normal);
  });

  it('with the engine off, queues sync now for a replica that runs it and syncs nothing itself', async () => {
    const { engine, state, cluster, reads, add } = setup(2, false);
    const m = await add('api-only');
    const [row] = await engine.syncNow(m.id, 'user:default/carol');
    // Answered after syncNowWait as still asked for: nothing here ran a cycle.
    expect(row).toMatchObject({
      status: 'Pending',
      priority: PRIORITY.requested,
    });
    expect(await state.hasWaitingRequest(new Date())).toBe(true);
    expect(reads).not.toHaveBeenCalled();
    expect(cluster.secrets.size).toBe(0);
    await engine.stop();
  });

  it('drops the rows of a mapping that no longer exists instead of syncing it', async () => {
    const { engine, mappings, state, cluster, add } = setup();
    const m = await add('gone');
    await mappings.delete(m.id);
    expect(await engine.runCycle()).toMatchObject({ claimed: 1, synced: 0 });
    expect(await state.get(m.id)).toEqual([]);
    expect(cluster.secrets.size).toBe(0);
  });

  it('records a failure with backoff and keeps other mappings syncing', async () => {
    const { engine, state, add } = setup();
    const bad = await add('bad', 'payments/missing');
    const good = await add('good');
    expect(await engine.runCycle()).toMatchObject({ synced: 1, failed: 1 });
    const [failed] = await state.get(bad.id);
    expect(failed).toMatchObject({
      status: 'SyncedError',
      reason: 'VaultSecretNotFound',
      consecutiveFailures: 1,
    });
    expect(Date.parse(failed.nextDueAt)).toBeGreaterThan(Date.now());
    expect((await state.get(good.id))[0].status).toBe('Synced');
  });
});
