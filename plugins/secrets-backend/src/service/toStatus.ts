import {
  parseDuration,
  type MappingSpec,
  type DynamicStatus,
} from '@backstage-secrets/plugin-secrets-common';
import type { StoreConfig } from '../config';
import type { DynamicLease, SyncState } from '../database';

/** The internal state row as the API shows it: no HMAC, no queue internals. */
export function toStatus(s: SyncState, maxAgeMs?: number, now = Date.now()) {
  return {
    ...(maxAgeMs !== undefined
      ? { rotationDue: isRotationDue(s, maxAgeMs, now) }
      : {}),
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

/** The age limit of a mapping: its own `maxAge`, else its store's, else none. */
export function maxAgeOf(
  spec: MappingSpec,
  store?: StoreConfig,
): number | undefined {
  return spec.maxAge !== undefined
    ? parseDuration(spec.maxAge)
    : store?.maxAgeMs;
}

/** Any version the last sync read was written longer than `maxAgeMs` ago. */
export function isRotationDue(
  s: Pick<SyncState, 'syncedVersions'>,
  maxAgeMs: number,
  now = Date.now(),
): boolean {
  return s.syncedVersions.some(
    v =>
      v.createdTime !== undefined && now - Date.parse(v.createdTime) > maxAgeMs,
  );
}

/** A lease as the API shows it: times and counts, never the lease id or a value. */
export function toDynamicStatus(lease: DynamicLease): DynamicStatus {
  return {
    engine: lease.engine,
    issuedAt: lease.issuedAt.toISOString(),
    expiresAt: lease.expiresAt.toISOString(),
    // A requested replacement is a re-issue as far as a reader is concerned.
    nextAction: lease.nextAction === 'renew' ? 'renew' : 'reissue',
    nextActionAt: lease.nextActionAt.toISOString(),
    renewals: lease.renewals,
    ...(lease.serialNumber ? { serialNumber: lease.serialNumber } : {}),
  };
}
