import type { SyncClaim } from '../database';
import type { DesiredSecret } from './desired';
import type { ReconcileEvent, Reconciled } from './reconcileMapping';

interface Times {
  now: Date;
  nextDueAt: Date;
}

/**
 * `creationPolicy: None` (ESO): Vault is read and the Secret built — so a missing key or a
 * failing template still shows — and nothing is written.
 */
export function notWritten(desired: DesiredSecret, times: Times): Reconciled {
  return {
    result: 'unchanged',
    events: [],
    leases: [],
    outcome: {
      status: 'Synced',
      reason: 'CreationPolicyNone',
      message: 'Read from Vault; creationPolicy None writes no Secret',
      syncedVersions: desired.sources,
      lastSyncedAt: times.now,
      lastAttemptAt: times.now,
      nextDueAt: times.nextDueAt,
      consecutiveFailures: 0,
    },
  };
}

/**
 * `target.immutable` and Vault holds other values than the immutable Secret: the Secret
 * keeps them (Kubernetes allows nothing else), and the status says how to take the new
 * ones. The versions and HMAC stay those of the values really in the Secret; the history
 * notes it once, not every cycle.
 */
export function keptImmutable(
  claim: SyncClaim,
  times: Times,
  events: ReconcileEvent[],
): Reconciled {
  const message =
    "Secret is immutable and Vault's values differ from it; delete the Secret to have them written";
  if (claim.state.reason !== 'Immutable')
    events.push({ type: 'Synced', reason: 'Immutable', message });
  return {
    result: 'kept',
    events,
    leases: [],
    outcome: {
      status: 'Synced',
      reason: 'Immutable',
      message,
      syncedVersions: claim.state.syncedVersions,
      dataHmac: claim.state.dataHmac,
      lastSyncedAt: claim.state.lastSyncedAt
        ? new Date(claim.state.lastSyncedAt)
        : times.now,
      lastAttemptAt: times.now,
      nextDueAt: times.nextDueAt,
      consecutiveFailures: 0,
    },
  };
}
