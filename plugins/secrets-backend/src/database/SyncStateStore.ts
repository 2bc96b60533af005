/** Where a mapping stands in one cluster (ESO ExternalSecret status). */
export type SyncStatus = 'Pending' | 'Synced' | 'SyncedError' | 'Drifted';

/** What an event records; never a value. */
export type SyncEventType =
  | 'Synced'
  | 'Changed'
  | 'DriftRepaired'
  | 'Failed'
  | 'Deleted'
  | 'Restarted'
  | 'SyncRequested'
  /** A watch saw the Secret deleted or edited in the cluster; a repair is queued. */
  | 'Drifted'
  /** A dynamic mapping got new credentials or a new certificate. */
  | 'Issued'
  /** A dynamic mapping's lease was extended; the Secret did not change. */
  | 'Renewed'
  /** A deleted dynamic mapping's lease was revoked in Vault. */
  | 'Revoked';

export interface SyncState {
  mappingId: string;
  cluster: string;
  status: SyncStatus;
  /** CamelCase, e.g. `VaultSealed`, `Created`, `Unchanged`. */
  reason?: string;
  message?: string;
  /** Vault keys and versions the last successful sync used. */
  syncedVersions: { key: string; version?: number; createdTime?: string }[];
  dataHmac?: string;
  /** The Secret as the last successful sync left it (engine/seenSecret.ts); opaque here. */
  secretSeen?: string;
  lastSyncedAt?: string;
  lastAttemptAt?: string;
  nextDueAt: string;
  consecutiveFailures: number;
  priority: number;
}

/** A row's status and the names metrics label it by (see `SyncStateStore.seriesPage`). */
export interface StatusSeries {
  mappingId: string;
  cluster: string;
  status: SyncStatus;
  reason?: string;
  entityRef: string;
  store: string;
  /** The target Secret's namespace and name. */
  namespace: string;
  name: string;
}

/** A due row this replica holds until its outcome is recorded (`completeMany`) or the lease ends. */
export interface SyncClaim {
  mappingId: string;
  cluster: string;
  token: string;
  state: SyncState;
}

export interface SyncEvent {
  id: number;
  mappingId: string;
  cluster: string;
  at: string;
  type: SyncEventType;
  /** A user entity ref, or `engine`. */
  actor: string;
  reason?: string;
  message?: string;
}

/** An event as it is appended; the store gives it its id. */
export type NewSyncEvent = Omit<SyncEvent, 'id' | 'at'> & { at: Date };

export interface SyncOutcome {
  status: SyncStatus;
  reason?: string;
  message?: string;
  syncedVersions?: { key: string; version?: number; createdTime?: string }[];
  dataHmac?: string;
  /** Replaces the row's `secretSeen`; absent clears it. */
  secretSeen?: string;
  lastSyncedAt?: Date;
  lastAttemptAt: Date;
  nextDueAt: Date;
  consecutiveFailures: number;
}

/** The due queue, statuses and history, shared by every replica through the database. */
export interface SyncStateStore {
  /** Rows for a mapping's clusters: new ones Pending, due now and first in line (ESO #4180); others removed. */
  ensure(mappingId: string, clusters: string[], now: Date): Promise<void>;
  remove(mappingId: string): Promise<void>;
  /**
   * Makes the rows match the mappings' targets without reading either whole: adds a
   * Pending row (due now) for each mapping and cluster a target names and no row has, and
   * removes rows no target names (deleted mappings, clusters taken off). Returns the counts.
   */
  reconcileTargets(now: Date): Promise<{ added: number; removed: number }>;
  /** Atomically claims due, unclaimed (or expired) rows: highest priority, then longest due, first. */
  claimDue(options: {
    now: Date;
    limit: number;
    owner: string;
    leaseMs: number;
  }): Promise<SyncClaim[]>;
  /**
   * Whether a row asked for ("sync now", a saved mapping, a drift) is due and free to
   * claim: how replicas that run the engine notice requests taken by one that does not.
   */
  hasWaitingRequest(now: Date): Promise<boolean>;
  /**
   * When the longest-waiting row that is due and unclaimed became due (undefined when none
   * waits): how far the engine is behind, and how long nothing has run it.
   */
  oldestDue(now: Date): Promise<Date | undefined>;
  /** "Sync now": first in line and due now. False when there is no such mapping (or cluster). */
  requestSync(
    mappingId: string,
    cluster?: string,
    now?: Date,
  ): Promise<boolean>;
  /**
   * A watch saw the Secret changed in the cluster: the row's status becomes `Drifted`
   * with `reason` and `message` until the repair records its outcome. True only for the
   * call that changed it (replicas all see the change; one records it).
   */
  markDrifted(
    mappingId: string,
    cluster: string,
    drift: { reason: string; message: string },
  ): Promise<boolean>;
  /**
   * Records claims' outcomes (a cycle's, in one write) and releases the claims, each only
   * while it is still ours; for each, whether it was recorded.
   */
  completeMany(
    items: { claim: SyncClaim; outcome: SyncOutcome }[],
  ): Promise<boolean[]>;
  get(mappingId: string): Promise<SyncState[]>;
  /** The rows of several mappings at once (by mapping id; absent ids have none), ordered by cluster. */
  getMany(mappingIds: string[]): Promise<Map<string, SyncState[]>>;
  /**
   * The rows of one entity's mappings, by mapping id, in one query: the Secrets tab reads
   * them while it reads the mappings, not after.
   */
  ofEntity(entityRef: string): Promise<Map<string, SyncState[]>>;
  list(): Promise<SyncState[]>;
  /** Rows per status, for metrics: one grouped query, not a full listing. */
  countByStatus(): Promise<Record<string, number>>;
  /**
   * One page of every row's status with what metrics label it by, in (mapping, cluster)
   * order after `after`: a scrape reads them page by page, never all at once.
   */
  seriesPage(options: {
    after?: { mappingId: string; cluster: string };
    limit: number;
  }): Promise<StatusSeries[]>;
  /**
   * A store or cluster is healthy again: its rows whose last sync failed for one of
   * `reasons` become due within `spreadMs` (at random per row) instead of waiting out their
   * backoff — one statement, whatever the number of mappings. Claimed rows and rows due
   * within the spread anyway are left alone. Returns how many rows were re-queued.
   */
  requeueFailed(options: RequeueFailed): Promise<number>;
  appendEvent(event: NewSyncEvent): Promise<void>;
  /** Several events in one write, in order (a cycle's history). */
  appendEvents(events: NewSyncEvent[]): Promise<void>;
  /** Newest first. */
  listEvents(
    mappingId: string,
    options?: { limit?: number },
  ): Promise<SyncEvent[]>;
}

/** Which failed rows {@link SyncStateStore.requeueFailed} makes due: a store's or a cluster's. */
export type RequeueFailed = ({ store: string } | { cluster: string }) & {
  /** Failure reasons of that store or cluster itself, e.g. `VaultSealed`. */
  reasons: readonly string[];
  now: Date;
  /** The rows become due between `now` and `now + spreadMs`, so they are not all claimed at once. */
  spreadMs: number;
};

/** Queue positions: a user's "sync now" first, then never-synced mappings, then the rest by due time. */
export const PRIORITY = { normal: 0, neverSynced: 10, requested: 20 } as const;

/**
 * Whether a "sync now" on this row still waits to be served: the sync that serves it
 * resets the priority, one that began before the request keeps it.
 */
export const syncRequestPending = (state: SyncState) =>
  state.priority === PRIORITY.requested;
