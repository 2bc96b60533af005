import type { Knex } from 'knex';
import { PRIORITY, type SyncClaim, type SyncOutcome } from './SyncStateStore';

type Completion = { claim: SyncClaim; outcome: SyncOutcome };

/** The statement's columns: name, type, and the value each completion gives it, side by side. */
const COMPLETE_COLUMNS: [string, string, (c: Completion) => Knex.Value][] = [
  ['of_mapping', 'text', c => c.claim.mappingId],
  ['of_cluster', 'text', c => c.claim.cluster],
  ['token', 'text', c => c.claim.token],
  ['claimed_priority', 'integer', c => c.claim.state.priority],
  ['claimed_due', 'timestamptz', c => new Date(c.claim.state.nextDueAt)],
  ['status', 'text', c => c.outcome.status],
  ['reason', 'text', c => c.outcome.reason ?? null],
  ['message', 'text', c => c.outcome.message ?? null],
  [
    'synced_versions',
    'text',
    c =>
      c.outcome.syncedVersions
        ? JSON.stringify(c.outcome.syncedVersions)
        : null,
  ],
  ['data_hmac', 'text', c => c.outcome.dataHmac ?? null],
  ['secret_seen', 'text', c => c.outcome.secretSeen ?? null],
  ['last_synced_at', 'timestamptz', c => c.outcome.lastSyncedAt ?? null],
  ['last_attempt_at', 'timestamptz', c => c.outcome.lastAttemptAt],
  ['next_due_at', 'timestamptz', c => c.outcome.nextDueAt],
  ['consecutive_failures', 'integer', c => c.outcome.consecutiveFailures],
];

/**
 * One UPDATE for many claims' outcomes (a cycle's), on PostgreSQL and SQLite alike. Casts
 * give PostgreSQL the column types a VALUES list of parameters lacks (SQLite reads them
 * as affinities). Its columns are named apart from the table's, since SQLite's RETURNING
 * sees only the updated table and PostgreSQL's would find both. A row is written only
 * while the claim is still ours (its token), and only what the outcome carries replaces
 * the stored versions, HMAC and last sync; what the sync saw of the Secret is replaced
 * always (a failure clears it). A "sync now" that arrived while the claim ran
 * changed the row's priority or due time: those are kept, so the request is served by the
 * next cycle instead of being lost.
 */
function completeSql(rows: number): string {
  const row = `(${COMPLETE_COLUMNS.map(([, type]) => `CAST(? AS ${type})`).join(
    ', ',
  )})`;
  const untouched =
    's.priority = v.claimed_priority AND s.next_due_at = v.claimed_due';
  return `WITH v(${COMPLETE_COLUMNS.map(([name]) => name).join(', ')}) AS (
      VALUES ${Array.from({ length: rows }, () => row).join(', ')}
    )
    UPDATE secrets_sync_state AS s SET
      status = v.status,
      reason = v.reason,
      message = v.message,
      synced_versions = COALESCE(v.synced_versions, s.synced_versions),
      data_hmac = COALESCE(v.data_hmac, s.data_hmac),
      secret_seen = v.secret_seen,
      last_synced_at = COALESCE(v.last_synced_at, s.last_synced_at),
      last_attempt_at = v.last_attempt_at,
      consecutive_failures = v.consecutive_failures,
      next_due_at = CASE WHEN ${untouched} THEN v.next_due_at ELSE s.next_due_at END,
      priority = CASE WHEN ${untouched} THEN ${
    PRIORITY.normal
  } ELSE s.priority END,
      claimed_by = NULL,
      claim_until = NULL,
      claim_token = NULL
    FROM v
    WHERE s.mapping_id = v.of_mapping AND s.cluster = v.of_cluster AND s.claim_token = v.token
    RETURNING mapping_id, cluster`;
}

/** {@link completeSql} for these completions, with its bindings in column order. */
export function completeStatement(completions: Completion[]): {
  sql: string;
  bindings: Knex.Value[];
} {
  return {
    sql: completeSql(completions.length),
    bindings: completions.flatMap(c =>
      COMPLETE_COLUMNS.map(([, , value]) => value(c)),
    ),
  };
}
