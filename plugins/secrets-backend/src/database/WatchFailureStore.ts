/** A Secret watch failing on some replica: where, since when, and its last error (never a value). */
export interface WatchFailureRecord {
  cluster: string;
  namespace: string;
  since: Date;
  message: string;
}

/**
 * The Secret watches failing on the replicas that run the engine, shared through the
 * database: each such replica publishes its own, and every replica's health report reads
 * them all.
 */
export interface WatchFailureStore {
  /** Replaces what `replica` published before with `failures` (none: it has none now). */
  publish(
    replica: string,
    failures: WatchFailureRecord[],
    now: Date,
  ): Promise<void>;
  /**
   * The failures published at or after `seenSince`, one per cluster and namespace (failing
   * on several replicas: the earliest `since`), ordered by cluster and namespace.
   */
  current(seenSince: Date): Promise<WatchFailureRecord[]>;
  /** Removes what `replica` published: it is stopping. */
  forget(replica: string): Promise<void>;
}
