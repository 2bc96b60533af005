import { mockServices } from '@backstage/backend-test-utils';
import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import {
  FakeCluster,
  InMemoryMappingStore,
  InMemorySyncStateStore,
  testSecretsConfig,
} from '../__testUtils__/fakes';
import type { VaultAccess, VaultGateway } from '../vault';
import { HealthMonitor, type HealthMonitorOptions } from './HealthMonitor';

const NOW = new Date('2026-03-01T12:00:00Z');
const LATER = new Date(NOW.getTime() + 3_600_000).toISOString();

/** A store whose health and login the test switches. */
class SwitchableVault {
  sealed = false;
  access: VaultAccess = { capabilities: {} };
  readonly checks: string[][] = [];
  health: VaultGateway['health'] = async () => ({
    store: 'kv2',
    reachable: true,
    initialized: true,
    sealed: this.sealed,
  });
  checkAccess: VaultGateway['checkAccess'] = async paths => {
    this.checks.push(paths);
    return 'capabilities' in this.access
      ? {
          capabilities: Object.fromEntries(
            paths.map(p => [p, this.access.capabilities?.[p] ?? ['read']]),
          ),
        }
      : this.access;
  };
}

const spec = (store: string, name: string): MappingSpec => ({
  store,
  data: [{ secretKey: 'k', remoteRef: { key: `payments/${name}` } }],
  target: { clusters: ['local'], namespace: 'payments', name },
});

async function setup(
  options: Pick<HealthMonitorOptions, 'watch' | 'watches'> = {},
) {
  const config = testSecretsConfig();
  const mappings = new InMemoryMappingStore();
  const state = new InMemorySyncStateStore();
  const kv2 = new SwitchableVault();
  const kv1 = new SwitchableVault();
  const cluster = new FakeCluster();
  const logger = mockServices.logger.mock();
  const monitor = new HealthMonitor({
    stores: config.stores,
    vault: new Map([
      ['kv2', kv2],
      ['kv1', kv1],
    ]),
    clusters: new Map([['local', cluster]]),
    mappings,
    state,
    ...options,
    backoffInitialMs: 1000,
    logger,
    clock: () => NOW,
  });
  /** A mapping whose only row last failed with `reason`, due in an hour (its backoff). */
  const failed = async (store: string, name: string, reason: string) => {
    const m = await mappings.create('component:default/payments-api', {
      spec: spec(store, name),
      actor: 'user:default/alice',
    });
    state.mappingStores.set(m.id, store);
    await state.ensure(m.id, ['local'], NOW);
    Object.assign(state.rows.get(`${m.id}\nlocal`)!, {
      status: 'SyncedError',
      reason,
      nextDueAt: LATER,
      priority: 0,
      consecutiveFailures: 7,
    });
    return m.id;
  };
  const dueAt = (id: string) => state.rows.get(`${id}\nlocal`)!.nextDueAt;
  return { monitor, mappings, state, kv2, cluster, logger, failed, dueAt };
}

describe('HealthMonitor', () => {
  it('checks every store and cluster once per cycle and serves the last reports', async () => {
    const { monitor, kv2, failed } = await setup();
    await failed('kv2', 'a', 'Created');
    const stores = await monitor.storeHealth();
    expect([...stores.keys()].sort()).toEqual(['kv1', 'kv2']);
    expect(stores.get('kv2')).toMatchObject({ healthy: true, loggedIn: true });
    // The {{ system }} prefix, filled in by the mapping's key.
    expect(kv2.checks).toEqual([
      ['secret/data/payments/backstage-secrets-health-check'],
    ]);
    expect((await monitor.clusterHealth()).get('local')).toMatchObject({
      healthy: true,
      namespaces: ['payments'],
    });
    // Served from the last cycle: no new check per request.
    await monitor.storeHealth();
    expect(kv2.checks).toHaveLength(1);
    // Calls during a cycle share it.
    await Promise.all([monitor.check(), monitor.check()]);
    expect(kv2.checks).toHaveLength(2);
  });

  it('shows each failure within one cycle and its recovery in the next', async () => {
    const { monitor, kv2, cluster } = await setup();
    await monitor.check();
    kv2.sealed = true;
    cluster.denied.add('payments/secrets/create');
    await monitor.check();
    expect((await monitor.storeHealth()).get('kv2')!.problems).toEqual([
      expect.objectContaining({ cause: 'VaultSealed' }),
    ]);
    kv2.sealed = false;
    cluster.denied.clear();
    await monitor.check();
    expect((await monitor.storeHealth()).get('kv2')!.healthy).toBe(true);
    expect((await monitor.clusterHealth()).get('local')!.healthy).toBe(true);
  });

  it("says whether a cluster passed this replica's last check, without checking", async () => {
    const { monitor, cluster, failed } = await setup();
    await failed('kv2', 'a', 'Created');
    expect(monitor.clusterPassed('local')).toBe(false);
    await monitor.check();
    expect(monitor.clusterPassed('local')).toBe(true);
    cluster.denied.add('payments/secrets/get');
    expect(monitor.clusterPassed('local')).toBe(true);
    await monitor.check();
    expect(monitor.clusterPassed('local')).toBe(false);
    expect(monitor.clusterPassed('elsewhere')).toBe(false);
  });

  it('checks list and watch on Secrets only when the watch is on', async () => {
    const problems = async (watch: boolean) => {
      const { monitor, cluster, failed } = await setup({ watch });
      await failed('kv2', 'a', 'Created');
      cluster.denied.add('payments/secrets/watch');
      await monitor.check();
      return (await monitor.clusterHealth())
        .get('local')!
        .problems.map(p => p.message);
    };
    expect(await problems(true)).toEqual([
      expect.stringContaining(
        "namespace payments does not allow: secrets watch (so hand edits and deletions of its Secrets there are repaired at each mapping's refresh",
      ),
    ]);
    expect(await problems(false)).toEqual([]);
  });

  it("reports this replica's Secret watch failing in a namespace on its cluster, and clears it once it works", async () => {
    let failure: { since: Date; message: string } | undefined = {
      since: new Date(NOW.getTime() - 60_000),
      message: 'HTTP 502 Bad Gateway',
    };
    const { monitor, failed, state, logger } = await setup({
      watch: true,
      watches: () => [{ cluster: 'local', namespace: 'payments', failure }],
    });
    const id = await failed('kv2', 'a', 'Created');
    await monitor.check();
    const report = (await monitor.clusterHealth()).get('local')!;
    expect(report.healthy).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        cause: 'KubernetesWatchFailing',
        namespace: 'payments',
      }),
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Cluster "local" is unhealthy: Watching'),
      expect.anything(),
    );
    // No mapping fails for it: the row keeps its status and its due time.
    expect(state.rows.get(`${id}\nlocal`)).toMatchObject({
      status: 'SyncedError',
      nextDueAt: LATER,
    });
    failure = undefined;
    await monitor.check();
    expect((await monitor.clusterHealth()).get('local')!.healthy).toBe(true);
  });

  it("re-queues at once, with jitter, only the store's mappings that failed for a store-level reason", async () => {
    const { monitor, kv2, failed, dueAt, logger } = await setup();
    await monitor.check();
    kv2.sealed = true;
    await monitor.check();
    const sealed = await failed('kv2', 'sealed', 'VaultSealed');
    const login = await failed('kv2', 'login', 'VaultLoginFailed');
    const missing = await failed('kv2', 'missing', 'VaultSecretNotFound');
    const otherStore = await failed('kv1', 'other', 'VaultSealed');
    const forbidden = await failed('kv2', 'rbac', 'KubernetesForbidden');

    kv2.sealed = false;
    await monitor.check();
    for (const id of [sealed, login]) {
      const due = Date.parse(dueAt(id));
      expect(due).toBeGreaterThanOrEqual(NOW.getTime());
      expect(due).toBeLessThan(NOW.getTime() + 1000);
    }
    for (const id of [missing, otherStore, forbidden])
      expect(dueAt(id)).toBe(LATER);
    expect(logger.info).toHaveBeenCalledWith(
      'Store "kv2" is healthy again: 2 failed sync(s) re-queued',
      { store: 'kv2', requeued: 2 },
    );
  });

  it('does not re-queue while a store stays healthy: a denied path keeps its backoff', async () => {
    const { monitor, failed, dueAt } = await setup();
    await monitor.check();
    const denied = await failed('kv2', 'denied', 'VaultDenied');
    await monitor.check();
    await monitor.check();
    expect(dueAt(denied)).toBe(LATER);
  });

  it('re-queues what failed while a store was sealed once it answers, though a path stays denied', async () => {
    const { monitor, kv2, failed, dueAt, logger } = await setup();
    const denied = await failed('kv2', 'denied', 'VaultDenied');
    kv2.access = {
      capabilities: {
        'secret/data/payments/backstage-secrets-health-check': ['deny'],
      },
    };
    await monitor.check();
    kv2.sealed = true;
    await monitor.check();
    const sealed = await failed('kv2', 'sealed', 'VaultSealed');
    const login = await failed('kv2', 'login', 'VaultLoginFailed');

    kv2.sealed = false;
    await monitor.check();
    expect(
      (await monitor.storeHealth()).get('kv2')!.problems.map(p => p.cause),
    ).toEqual(['VaultDenied']);
    for (const id of [sealed, login])
      expect(Date.parse(dueAt(id))).toBeLessThan(NOW.getTime() + 1000);
    // What the policy still refuses keeps its backoff until the policy is fixed.
    expect(dueAt(denied)).toBe(LATER);
    expect(logger.info).toHaveBeenCalledWith(
      'Store "kv2" answers again: 2 failed sync(s) re-queued',
      { store: 'kv2', requeued: 2 },
    );
    kv2.access = { capabilities: {} };
    await monitor.check();
    expect(Date.parse(dueAt(denied))).toBeLessThan(NOW.getTime() + 1000);
  });

  it('re-queues what failed before this replica started, at its first healthy check', async () => {
    const { monitor, failed, dueAt } = await setup();
    const down = await failed('kv2', 'down', 'VaultUnreachable');
    await monitor.check();
    expect(Date.parse(dueAt(down))).toBeLessThan(NOW.getTime() + 1000);
  });

  it("re-queues a cluster's mappings that failed for a cluster-level reason once its RBAC is fixed", async () => {
    const { monitor, cluster, failed, dueAt } = await setup();
    const forbidden = await failed('kv2', 'rbac', 'KubernetesForbidden');
    cluster.denied.add('payments/secrets/update');
    await monitor.check();
    const problems = (await monitor.clusterHealth()).get('local')!.problems;
    expect(problems).toEqual([
      expect.objectContaining({
        cause: 'KubernetesForbidden',
        namespace: 'payments',
        message: expect.stringContaining('secrets update'),
      }),
    ]);
    expect(dueAt(forbidden)).toBe(LATER);
    cluster.denied.clear();
    await monitor.check();
    expect(Date.parse(dueAt(forbidden))).toBeLessThan(NOW.getTime() + 1000);
  });

  it('tries a failed re-queue again at the next healthy check', async () => {
    const { monitor, state, logger } = await setup();
    const requeue = jest
      .spyOn(state, 'requeueFailed')
      .mockRejectedValueOnce(new Error('database down'))
      .mockRejectedValueOnce(new Error('database down'));
    await monitor.check();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Could not re-queue the failed syncs of/),
    );
    requeue.mockClear();
    await monitor.check();
    // Both owed re-queues (the one store and cluster that failed) are tried again.
    expect(requeue).toHaveBeenCalledTimes(2);
    requeue.mockClear();
    await monitor.check();
    expect(requeue).not.toHaveBeenCalled();
  });

  it('keeps the last reports when the mappings cannot be read', async () => {
    const { monitor, mappings, kv2 } = await setup();
    await monitor.check();
    jest
      .spyOn(mappings, 'forEachPage')
      .mockRejectedValueOnce(new Error('down'));
    kv2.sealed = true;
    await monitor.check();
    expect((await monitor.storeHealth()).get('kv2')!.healthy).toBe(true);
  });
});
