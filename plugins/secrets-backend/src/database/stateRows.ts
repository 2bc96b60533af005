import { optional, toIso, toOptionalIso } from './rows';
import type { SyncState } from './SyncStateStore';

/** A `secrets_sync_state` row as a {@link SyncState}. */
export function toState(row: any): SyncState {
  return {
    mappingId: row.mapping_id,
    cluster: row.cluster,
    status: row.status,
    reason: optional(row.reason),
    message: optional(row.message),
    syncedVersions: row.synced_versions ? JSON.parse(row.synced_versions) : [],
    dataHmac: optional(row.data_hmac),
    secretSeen: optional(row.secret_seen ?? null),
    lastSyncedAt: toOptionalIso(row.last_synced_at),
    lastAttemptAt: toOptionalIso(row.last_attempt_at),
    nextDueAt: toIso(row.next_due_at),
    consecutiveFailures: Number(row.consecutive_failures),
    priority: Number(row.priority),
  };
}

/** Adds the rows to `into` by mapping id, in their order. */
export function groupByMapping(
  rows: unknown[],
  into: Map<string, SyncState[]>,
): Map<string, SyncState[]> {
  for (const row of rows) {
    const state = toState(row);
    const list = into.get(state.mappingId) ?? [];
    list.push(state);
    into.set(state.mappingId, list);
  }
  return into;
}
