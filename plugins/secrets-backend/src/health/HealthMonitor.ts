import type { LoggerService } from '@backstage/backend-plugin-api';
import type { HealthProblem } from '@backstage-secrets/plugin-secrets-common';
import type { StoreConfig } from '../config';
import type { MappingStore, SyncStateStore } from '../database';
import type { ClusterGateway } from '../kubernetes';
import type { VaultGateway } from '../vault';
import type { WatchState } from '../engine/watch/ManagedSecretWatchers';
import {
  checkCluster,
  withWatchFailures,
  type ClusterHealthReport,
} from './clusterHealth';
import { ClusterNeeds, StoreNeeds } from './needs';
import { checkStore, type StoreHealthReport } from './storeHealth';

/**
 * Sync reasons a store itself causes: when the store is healthy again, mappings that
 * failed for one of these are tried again at once rather than after their backoff.
 */
export const STORE_LEVEL_REASONS = [
  'VaultSealed',
  'VaultUnreachable',
  'VaultLoginFailed',
  'VaultDenied',
] as const;

/** Sync reasons a cluster itself causes (the API server down, the token, RBAC). */
export const CLUSTER_LEVEL_REASONS = [
  'KubernetesUnreachable',
  'KubernetesUnauthorized',
  'KubernetesForbidden',
] as const;

/**
 * Problems of a store or cluster that answers and accepts the engine's login, but refuses
 * some paths or namespaces. While only these remain, failures because it was down, sealed
 * or refused the login are over, and are re-queued without waiting for the rest.
 */
const ANSWERING_CAUSES = new Set([
  'VaultDenied',
  'VaultCheckFailed',
  'KubernetesForbidden',
  'KubernetesCheckFailed',
  'KubernetesWatchFailing',
]);
const DOWN_REASONS = {
  store: ['VaultSealed', 'VaultUnreachable', 'VaultLoginFailed'],
  cluster: ['KubernetesUnreachable', 'KubernetesUnauthorized'],
} as const;

/** Re-queued mappings become due within this: soon, but not all in one claim batch. */
const REQUEUE_SPREAD_MS = 5_000;

/** What the monitor needs; every dependency is an interface, so tests can use fakes. */
export interface HealthMonitorOptions {
  stores: ReadonlyMap<string, StoreConfig>;
  vault: ReadonlyMap<string, Pick<VaultGateway, 'health' | 'checkAccess'>>;
  /** The clusters known now: a catalog locator adds and removes some while running. */
  clusters: ReadonlyMap<
    string,
    Pick<ClusterGateway, 'health' | 'reviewAccess'>
  >;
  mappings: Pick<MappingStore, 'forEachPage'>;
  state: Pick<SyncStateStore, 'requeueFailed'>;
  /** `secrets.engine.watch`: the watch's list and watch on Secrets are checked too. */
  watch?: boolean;
  /**
   * The Secret watches (every replica's, see sharedWatchStates): one failing a while is
   * reported on its cluster. Must not throw: the provider handles and logs its own failures.
   */
  watches?: () => WatchState[] | Promise<WatchState[]>;
  /** `secrets.engine.backoff.initial`: re-queued mappings are due no later than a first retry. */
  backoffInitialMs: number;
  logger: LoggerService;
  clock?: () => Date;
}

type Kind = 'store' | 'cluster';

/** The causes of a report, to log a change once rather than every cycle. */
const signature = (problems: HealthProblem[]) =>
  problems.map(p => `${p.cause}:${p.message}`).join('\n');

/**
 * The health of every store and cluster, checked once per health cycle (a scheduled task
 * on each replica) and kept for `/stores` and `/clusters`, which never call Vault or the
 * API server themselves. A store or cluster found healthy after being unhealthy — or for
 * the first time, since mappings may have failed before this replica started — has its
 * mappings that failed for a store- or cluster-level reason re-queued at once, with
 * jitter, in one statement. One that answers again but still refuses some paths or
 * namespaces has those that failed because it was down, sealed or refused the login
 * re-queued already.
 */
export class HealthMonitor {
  private readonly reports = {
    store: new Map<string, StoreHealthReport>(),
    cluster: new Map<string, ClusterHealthReport>(),
  };
  /** `store:<name>`, `cluster:<name>`: found unhealthy, and not re-queued since. */
  private readonly owed = new Set<string>();
  /** Of those, found down, sealed or refusing the login, and not re-queued since. */
  private readonly owedDown = new Set<string>();
  private running?: Promise<void>;
  private readonly clock: () => Date;

  constructor(private readonly options: HealthMonitorOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** One health cycle; a call while one runs shares it. */
  check(): Promise<void> {
    this.running ??= this.cycle().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Each configured store's last report; checks first if a store has none yet. */
  async storeHealth(): Promise<ReadonlyMap<string, StoreHealthReport>> {
    const names = [...this.options.stores.keys()];
    if (names.some(n => !this.reports.store.has(n))) await this.check();
    return this.reports.store;
  }

  /** Each known cluster's last report; checks first if a cluster has none yet. */
  async clusterHealth(): Promise<ReadonlyMap<string, ClusterHealthReport>> {
    const names = [...this.options.clusters.keys()];
    if (names.some(n => !this.reports.cluster.has(n))) await this.check();
    return this.reports.cluster;
  }

  /**
   * Whether this replica's last health check found the cluster healthy; false before its
   * first check. Never checks: for the engine's hot path.
   */
  clusterPassed(name: string): boolean {
    return this.reports.cluster.get(name)?.healthy === true;
  }

  private async cycle(): Promise<void> {
    const { logger } = this.options;
    // What the mappings need, folded in a page at a time: a health cycle never holds every
    // mapping in memory at once, however many there are.
    const storeNeeds = new Map(
      [...this.options.stores.values()].map(s => [s.name, new StoreNeeds(s)]),
    );
    // The clusters as they are now: a catalog cluster added meanwhile is checked next time.
    const known = [...this.options.clusters];
    const clusterNeeds = new Map(
      known.map(([name]) => [
        name,
        new ClusterNeeds(name, { watch: this.options.watch }),
      ]),
    );
    try {
      await this.options.mappings.forEachPage(page => {
        for (const needs of storeNeeds.values()) needs.add(page);
        for (const needs of clusterNeeds.values()) needs.add(page);
      });
    } catch (error) {
      // Without the mappings the needs are unknown: keep the last reports.
      logger.warn(
        `Health check skipped: could not read the mappings (${
          (error as Error)?.name ?? 'error'
        })`,
      );
      return;
    }
    const now = this.clock();
    const stores = [...this.options.stores.values()].map(async store => {
      const gateway = this.options.vault.get(store.name);
      if (!gateway) return;
      const report = await checkStore(
        store,
        gateway,
        storeNeeds.get(store.name)!.needs(),
        now,
      );
      await this.record('store', store.name, report);
    });
    const watches = (await this.options.watches?.()) ?? [];
    const clusters = known.map(async ([name, gateway]) => {
      const report = withWatchFailures(
        name,
        await checkCluster(name, gateway, clusterNeeds.get(name)!.needs(), now),
        watches.filter(w => w.cluster === name),
        now,
      );
      await this.record('cluster', name, report);
    });
    await Promise.all([...stores, ...clusters]);
    for (const name of [...this.reports.cluster.keys()])
      if (!this.options.clusters.has(name)) this.reports.cluster.delete(name);
  }

  private async record(
    kind: Kind,
    name: string,
    report: StoreHealthReport | ClusterHealthReport,
  ): Promise<void> {
    const { logger } = this.options;
    const reports: Map<string, typeof report> = this.reports[kind];
    const before = reports.get(name);
    reports.set(name, report);
    const key = `${kind}:${name}`;
    if (!report.healthy) {
      this.owed.add(key);
      const answering = report.problems.every(p =>
        ANSWERING_CAUSES.has(p.cause),
      );
      if (!answering) this.owedDown.add(key);
      if (!before || signature(before.problems) !== signature(report.problems))
        logger.warn(
          `${
            kind === 'store' ? 'Store' : 'Cluster'
          } "${name}" is unhealthy: ${report.problems
            .map(p => p.message)
            .join('; ')}`,
          { [kind]: name, causes: report.problems.map(p => p.cause).join(',') },
        );
      // Unsealed or back up while a path stays denied: those failures need not wait.
      if (answering && (!before || this.owedDown.has(key)))
        await this.requeue(kind, name, Boolean(before), DOWN_REASONS[kind]);
      return;
    }
    if (before && !this.owed.has(key)) return;
    await this.requeue(kind, name, Boolean(before));
  }

  /** Re-queues the failed syncs of a store or cluster: all its own reasons, or `down` ones. */
  private async requeue(
    kind: Kind,
    name: string,
    again: boolean,
    down?: readonly string[],
  ): Promise<void> {
    const { logger } = this.options;
    const key = `${kind}:${name}`;
    try {
      const requeued = await this.options.state.requeueFailed({
        ...(kind === 'store' ? { store: name } : { cluster: name }),
        reasons:
          down ??
          (kind === 'store' ? STORE_LEVEL_REASONS : CLUSTER_LEVEL_REASONS),
        now: this.clock(),
        spreadMs: Math.min(REQUEUE_SPREAD_MS, this.options.backoffInitialMs),
      });
      this.owedDown.delete(key);
      if (!down) this.owed.delete(key);
      if (again || requeued > 0)
        logger.info(
          `${kind === 'store' ? 'Store' : 'Cluster'} "${name}" ${
            down ? 'answers' : 'is healthy'
          }${again ? ' again' : ''}: ${requeued} failed sync(s) re-queued`,
          { [kind]: name, requeued },
        );
    } catch (error) {
      // Owed still: the next healthy check tries again.
      (down ? this.owedDown : this.owed).add(key);
      logger.warn(
        `Could not re-queue the failed syncs of ${kind} "${name}" (${
          (error as Error)?.name ?? 'error'
        }); trying again next health check`,
      );
    }
  }
}
