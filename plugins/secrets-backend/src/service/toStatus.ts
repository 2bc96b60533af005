import type { SyncState } from '../engine/syncState';

/** The internal state row as the API shows it: no HMAC, no queue internals. */
export function toStatus(s: SyncState) {
  return {
    cluster: s.cluster,
    status: s.status,
    reason: s.reason,
    message: s.message,
    syncedVersions: s.syncedVersions,
    lastSyncedAt: s.lastSyncedAt,
    lastAttemptAt: s.lastAttemptAt,
    nextDueAt: s.nextDueAt,
    consecutiveFailures: s.consecutiveFailures,
  };
}
