import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SyncRuntime } from './createSyncRuntime';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** How often each replica that runs the engine looks for due mappings. */
export const SYNC_CYCLE_MS = 5 * SECOND;
/**
 * How often each replica that runs the engine looks for requests ("sync now", saved
 * mappings) taken by a replica that does not, which cannot wake it: one indexed read.
 */
export const SYNC_REQUESTS_MS = SECOND;

/** A task every replica runs for itself (the scheduler's `scope: 'local'`). */
export interface ReplicaTask {
  id: string;
  /** Between the end of one run and the start of the next. */
  frequencyMs: number;
  timeoutMs: number;
  fn: () => Promise<void>;
}

/**
 * What each replica runs on a timer: catalog clusters and store/cluster health always,
 * the sync engine's runs, reconcile and Secret watches only where `secrets.engine.enabled`
 * is on. Claims in the database keep replicas from syncing a mapping twice.
 */
export function replicaTasks(
  runtime: SyncRuntime,
  logger: LoggerService,
): ReplicaTask[] {
  const tasks: ReplicaTask[] = [];
  const { refreshClusters, watchers, engine } = runtime;
  if (refreshClusters) {
    // A `type: catalog` locator: a failed read keeps the clusters already known.
    tasks.push({
      id: 'secrets-catalog-clusters',
      frequencyMs: MINUTE,
      timeoutMs: MINUTE,
      fn: async () => {
        try {
          await refreshClusters();
        } catch (error) {
          logger.warn(
            `Could not read clusters from the catalog; keeping the known ones: ${error}`,
          );
        }
      },
    });
  }
  // Login, policy and RBAC for /stores and /clusters, as this replica sees them; a store
  // or cluster healthy again re-queues the mappings it failed.
  tasks.push({
    id: 'secrets-health',
    frequencyMs: runtime.healthCheckIntervalMs,
    timeoutMs: 5 * MINUTE,
    fn: () => runtime.health.check(),
  });
  if (!runtime.engineEnabled) return tasks;
  // Watches kept in step with the namespaces mappings write into.
  if (watchers)
    tasks.push({
      id: 'secrets-secret-watches',
      frequencyMs: MINUTE,
      timeoutMs: MINUTE,
      fn: () => watchers.refresh(),
    });
  tasks.push(
    {
      id: 'secrets-reconcile',
      frequencyMs: MINUTE,
      timeoutMs: 5 * MINUTE,
      fn: () => engine.reconcile(),
    },
    {
      id: 'secrets-sync-cycle',
      frequencyMs: SYNC_CYCLE_MS,
      timeoutMs: 10 * MINUTE,
      fn: async () => {
        // A backlog is worked off in one run, bounded well below the timeout.
        const report = await engine.runUntilIdle(4 * MINUTE);
        if (report.claimed > 0) logger.debug('Sync cycle', { ...report });
      },
    },
    {
      id: 'secrets-sync-requests',
      frequencyMs: SYNC_REQUESTS_MS,
      timeoutMs: MINUTE,
      fn: async () => {
        if (await runtime.state.hasWaitingRequest(new Date())) engine.wake();
      },
    },
  );
  return tasks;
}
