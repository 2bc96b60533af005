import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import type { SyncState, SyncStatus } from './SyncStateStore';

/** A row's place in a scan ordered by mapping id, then cluster. */
export interface ScanCursor {
  mappingId: string;
  cluster: string;
}

/** The mapping a scanned row belongs to: whose it is, and what it says (never a value). */
export interface ScannedMapping {
  entityRef: string;
  spec: MappingSpec;
}

/** One cluster of a mapping whose last sync failed. */
export interface FailingSync {
  mappingId: string;
  cluster: string;
  reason?: string;
  /** Value-free by construction (see `describeFailure`). */
  message?: string;
  consecutiveFailures: number;
  lastAttemptAt?: string;
  mapping: ScannedMapping;
}

/** The current lease or certificate of a dynamic mapping whose next action is overdue. */
export interface UnrenewedLease {
  mappingId: string;
  /** The lease row's id: a new lease of the same mapping is told again. */
  leaseRowId: number;
  engine: 'database' | 'pki';
  expiresAt: Date;
  nextActionAt: Date;
  serialNumber?: string;
  mapping: ScannedMapping;
}

/** One cluster's versions from the last successful sync, for the age check. */
export interface SyncedVersions {
  mappingId: string;
  cluster: string;
  syncedVersions: SyncState['syncedVersions'];
  mapping: ScannedMapping;
}

/**
 * The reads of the owners' notifier, each a page of an indexed query rather than a
 * listing of every row: failing rows by status, leases by expiry, entity refs from the
 * mappings' index.
 */
export interface NotificationScans {
  /** Rows whose status is `SyncedError`, ordered by mapping and cluster, after `after`. */
  failing(options: {
    after?: ScanCursor;
    limit: number;
  }): Promise<FailingSync[]>;
  /** The statuses of each of these mappings' clusters; a mapping without rows is absent. */
  statuses(mappingIds: string[]): Promise<Map<string, SyncStatus[]>>;
  /**
   * Current leases expiring before `expiresBefore` whose next action (renew or re-issue)
   * was due before `actionBefore` and has not happened.
   */
  unrenewedLeases(options: {
    expiresBefore: Date;
    actionBefore: Date;
    limit: number;
  }): Promise<UnrenewedLease[]>;
  /** Distinct owning entity refs of the mappings, in order, after `after`. */
  entityRefs(options: { after?: string; limit: number }): Promise<string[]>;
  /** Rows that have synced versions, ordered by mapping and cluster, after `after`. */
  syncedVersions(options: {
    after?: ScanCursor;
    limit: number;
  }): Promise<SyncedVersions[]>;
}
