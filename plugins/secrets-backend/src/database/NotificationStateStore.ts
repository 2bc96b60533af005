/**
 * What the owners of a mapping are told about, each apart: its syncs failing and
 * recovering, a dynamic lease or certificate ending unrenewed, its entity gone from the
 * catalog, a Vault version past its maximum age.
 */
export type NotifiedTopic = 'sync' | 'lease' | 'orphan' | 'rotation';

/** Where one mapping stands with its owners on one topic; never a value. */
export interface NotifiedState {
  mappingId: string;
  topic: NotifiedTopic;
  /** `pending`: seen failing, still within the grace; `notified`: its owners were told. */
  state: 'pending' | 'notified';
  /** The entity whose owners were (or will be) told. */
  entityRef: string;
  /** What was told: a status reason, or the row id of the lease that was ending. */
  reason?: string;
  /** The store whose summary told this failure, instead of a notification of its own. */
  summary?: string;
  /** When the condition was first seen. */
  since: Date;
  notifiedAt?: Date;
}

/** A row to move to `notified`, with what its notification tells. */
export interface NotifiedClaim {
  mappingId: string;
  entityRef: string;
  reason?: string;
  summary?: string;
}

/**
 * What owners were last told, shared by every replica. Each change is made on a condition
 * (the row is absent, or still in the state the caller read) in one statement, and returns
 * what it changed: a notification is sent only for what the caller changed itself, so two
 * replicas, or two overlapping runs, never tell the same change twice.
 */
export interface NotificationStateStore {
  /** One page of a topic's rows, ordered by mapping id, after `after`. */
  list(
    topic: NotifiedTopic,
    options: { after?: string; limit: number },
  ): Promise<NotifiedState[]>;
  /** Records mappings seen failing as `pending`; rows that exist stay as they are. */
  watch(
    topic: NotifiedTopic,
    rows: { mappingId: string; entityRef: string }[],
    since: Date,
  ): Promise<void>;
  /**
   * Moves rows to `notified` where they are still `from` (absent: inserted; `pending`:
   * updated); returns the mapping ids it moved.
   */
  claim(
    topic: NotifiedTopic,
    from: 'absent' | 'pending',
    rows: NotifiedClaim[],
    now: Date,
  ): Promise<string[]>;
  /** Undoes a claim whose notification could not be sent, so a later run tries again. */
  unclaim(
    topic: NotifiedTopic,
    from: 'absent' | 'pending',
    mappingIds: string[],
  ): Promise<void>;
  /** Removes the rows still in `state`; returns the mapping ids removed. */
  release(
    topic: NotifiedTopic,
    state: NotifiedState['state'],
    mappingIds: string[],
  ): Promise<string[]>;
  /** Puts released rows back as they were, after their notification could not be sent. */
  restore(rows: NotifiedState[]): Promise<void>;
  /** Forgets the rows of mappings that no longer exist; returns how many. */
  prune(): Promise<number>;
}
