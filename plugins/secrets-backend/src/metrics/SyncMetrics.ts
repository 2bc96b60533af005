/** The outcome of one sync of one mapping to one cluster. */
export type SyncResult = 'changed' | 'unchanged' | 'failed';

/**
 * What a sync is labelled by. `name` and `namespace` are the target Secret's, as ESO labels
 * an ExternalSecret's metrics; `reason` is a CamelCase code from a closed set (never a
 * message), so no label carries a path's content or a value.
 */
export interface SyncAttributes {
  name: string;
  namespace: string;
  /** The owning entity's ref. */
  entity: string;
  store: string;
  cluster: string;
  result: SyncResult;
  reason: string;
}

/** The engine's metrics (see docs/metrics.md for names, labels and cardinality). */
export interface SyncMetrics {
  recordSync(attributes: SyncAttributes, seconds: number): void;
  recordKubernetesWrite(cluster: string): void;
  /** A dynamic mapping's lease or certificate was issued, renewed or revoked. */
  recordLease(attributes: {
    store: string;
    engine: 'database' | 'pki';
    action: 'issued' | 'renewed' | 'revoked' | 'revoke_failed';
  }): void;
}

/** Counts of mappings by status, read when metrics are collected. */
export type StatusCounts = () => Promise<Record<string, number>>;
