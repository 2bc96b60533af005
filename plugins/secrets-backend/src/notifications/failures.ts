import type { FailingSync, ScannedMapping } from '../database';
import type { NotificationsConfig } from '../config';

/**
 * Reasons that come from the store rather than from one mapping: when Vault is sealed,
 * unreachable, refuses the engine's login or its policy, every mapping of the store
 * fails at once, and its owners hear it once, as one summary for the store.
 */
export const STORE_LEVEL_REASONS: ReadonlySet<string> = new Set([
  'VaultSealed',
  'VaultUnreachable',
  'VaultLoginFailed',
  'VaultDenied',
]);

/** A mapping whose last sync failed in at least one of its clusters. */
export interface MappingFailure {
  mappingId: string;
  mapping: ScannedMapping;
  /** The failing clusters, in order, each with its reason and value-free message. */
  clusters: FailingSync[];
  /** The first failing cluster's reason (clusters fail alike when the store is the cause). */
  reason: string;
  message?: string;
  /** The most failed syncs in a row among its clusters. */
  consecutiveFailures: number;
}

/** Rows of a failing scan, one entry per mapping. */
export function failuresByMapping(
  rows: FailingSync[],
): Map<string, MappingFailure> {
  const byMapping = new Map<string, MappingFailure>();
  for (const row of rows) {
    const known = byMapping.get(row.mappingId);
    if (known) {
      known.clusters.push(row);
      known.consecutiveFailures = Math.max(
        known.consecutiveFailures,
        row.consecutiveFailures,
      );
      continue;
    }
    byMapping.set(row.mappingId, {
      mappingId: row.mappingId,
      mapping: row.mapping,
      clusters: [row],
      reason: row.reason ?? 'Unknown',
      message: row.message,
      consecutiveFailures: row.consecutiveFailures,
    });
  }
  return byMapping;
}

/**
 * Whether a failure is past the grace: `failures` failed syncs in a row, or failing for
 * `durationMs` since the notifier first saw it (`since`), whichever comes first.
 */
export function pastGrace(
  failure: MappingFailure,
  since: Date,
  now: Date,
  grace: NotificationsConfig['grace'],
): boolean {
  return (
    failure.consecutiveFailures >= grace.failures ||
    now.getTime() - since.getTime() >= grace.durationMs
  );
}

/** Failures to tell, split into one summary per store and notifications of their own. */
export interface SplitFailures {
  summaries: Map<string, MappingFailure[]>;
  single: MappingFailure[];
}

/**
 * Groups failures with a store-level reason by store: a store with at least `threshold`
 * of them in this scan, or whose outage a summary already told, gets a summary; the rest
 * are told one by one.
 */
export function splitByStore(
  due: MappingFailure[],
  summarised: ReadonlySet<string>,
  threshold: number,
): SplitFailures {
  const byStore = new Map<string, MappingFailure[]>();
  const single: MappingFailure[] = [];
  for (const failure of due) {
    if (!STORE_LEVEL_REASONS.has(failure.reason)) {
      single.push(failure);
      continue;
    }
    const store = failure.mapping.spec.store;
    byStore.set(store, [...(byStore.get(store) ?? []), failure]);
  }
  const summaries = new Map<string, MappingFailure[]>();
  for (const [store, failures] of byStore) {
    if (failures.length >= threshold || summarised.has(store))
      summaries.set(store, failures);
    else single.push(...failures);
  }
  return { summaries, single };
}

/** The reason most of these failures share (ties: the first seen). */
export function commonReason(failures: MappingFailure[]): string {
  const counts = new Map<string, number>();
  for (const f of failures)
    counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  let best = failures[0]?.reason ?? 'Unknown';
  for (const [reason, n] of counts)
    if (n > (counts.get(best) ?? 0)) best = reason;
  return best;
}
