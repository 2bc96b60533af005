import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import type { SyncClaim } from '../database';
import type { SyncMetrics, SyncResult } from '../metrics';
import type { Reconciled } from './reconcileMapping';

/** Counts of one cycle, for logs, metrics and tests. */
export interface CycleReport {
  claimed: number;
  synced: number;
  failed: number;
  unchanged: number;
  /** Kubernetes writes made (create, replace, patch, delete). */
  writes: number;
}

/** A report with nothing counted yet. */
export const emptyReport = (): CycleReport => ({
  claimed: 0,
  synced: 0,
  failed: 0,
  unchanged: 0,
  writes: 0,
});

/**
 * What one finished sync adds to its cycle's report, to the metrics (the sync with its
 * result and duration, a Kubernetes write, lease actions) and, when it failed, to the log.
 */
export function recordSyncResult(
  deps: { metrics?: SyncMetrics; logger: LoggerService },
  report: CycleReport,
  sync: {
    claim: SyncClaim;
    mapping: Mapping;
    done: Reconciled;
    seconds: number;
  },
): void {
  const { claim, mapping, done } = sync;
  for (const action of done.leases)
    deps.metrics?.recordLease({
      store: mapping.spec.store,
      engine: mapping.spec.dynamic?.engine ?? 'database',
      action,
    });
  let result: SyncResult = 'changed';
  if (done.failure) {
    result = 'failed';
    report.failed++;
    logFailure(deps.logger, claim, mapping, done.failure);
  } else if (done.result === 'unchanged' || done.result === 'kept') {
    result = 'unchanged';
    report.synced++;
    report.unchanged++;
  } else {
    report.synced++;
    report.writes++;
    deps.metrics?.recordKubernetesWrite(claim.cluster);
  }
  deps.metrics?.recordSync(
    {
      name: mapping.spec.target.name,
      namespace: mapping.spec.target.namespace,
      entity: mapping.entityRef,
      store: mapping.spec.store,
      cluster: claim.cluster,
      result,
      reason:
        done.failure?.reason ??
        (result === 'unchanged' ? 'Unchanged' : done.result),
    },
    sync.seconds,
  );
}

function logFailure(
  logger: LoggerService,
  claim: SyncClaim,
  mapping: Mapping,
  failure: NonNullable<Reconciled['failure']>,
): void {
  // Fields a log pipeline can filter on; the message names the failure, never a value.
  const fields = {
    mappingId: claim.mappingId,
    entity: mapping.entityRef,
    store: mapping.spec.store,
    cluster: claim.cluster,
    reason: failure.reason,
  };
  if (failure.unexpected) {
    logger.error(
      `Sync of mapping ${claim.mappingId} on ${claim.cluster} failed unexpectedly: ${failure.unexpected}`,
      fields,
    );
  } else {
    logger.warn(
      `Sync of mapping ${claim.mappingId} on ${claim.cluster} failed: ${failure.message}`,
      fields,
    );
  }
}
