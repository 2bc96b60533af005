/**
 * The mapping model: one catalog entity's declaration of which Vault values become which
 * keys of which Kubernetes Secret. Field names follow ESO's ExternalSecret on purpose, so
 * platform teams can read (and paste) what they already know.
 */

/** Where one Vault value comes from (ESO `remoteRef`). @public */
export interface RemoteRef {
  /** Path of the secret below the store's mount, e.g. `payments/payments-api`. */
  key: string;
  /**
   * Which field of the secret: a literal top-level key wins, otherwise a dot path into
   * nested JSON. Omitted: the whole secret, JSON-encoded.
   */
  property?: string;
  /** KV v2 version to pin; omitted: the latest. */
  version?: number;
}

/** One key of the target Secret (ESO `spec.data[]`). @public */
export interface MappingDataEntry {
  secretKey: string;
  remoteRef: RemoteRef;
}

/** Every key of one Vault secret (ESO `dataFrom[].extract`). @public */
export interface ExtractSource {
  extract: RemoteRef;
}

/** Every secret below a path whose name matches (ESO `dataFrom[].find`). @public */
export interface FindSource {
  find: { path?: string; name: { regexp: string } };
}

/** @public */
export type MappingDataFrom = ExtractSource | FindSource;

/** @public */
export type CreationPolicy = 'Owner' | 'Merge' | 'Orphan';
/** @public */
export type DeletionPolicy = 'Retain' | 'Delete';
/** @public */
export type RefreshPolicy = 'Periodic' | 'CreatedOnce' | 'OnChange';

/** The Secret a mapping writes (ESO `spec.target`). @public */
export interface MappingTarget {
  /** Clusters to write to, by name from `kubernetes.clusterLocatorMethods`. */
  clusters: string[];
  /** Must be a namespace bound to the owning entity. */
  namespace: string;
  name: string;
  /** Kubernetes Secret type; default `Opaque`. */
  type?: string;
  /** Default `Owner`: create and own. `Merge` touches only our keys of an existing Secret. */
  creationPolicy?: CreationPolicy;
  /** What a vanished Vault secret does to the Secret; default `Retain`. */
  deletionPolicy?: DeletionPolicy;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** ESO `engineVersion: v2` templates, one per Secret key. */
  template?: { data: Record<string, string> };
  /**
   * Workloads in the target namespace to restart (like `kubectl rollout restart`) after a
   * sync changed the Secret's data; never after a cycle that changed nothing.
   */
  rolloutRestartTargets?: RolloutRestartTarget[];
}

/** A workload that reads the Secret and must restart to pick up new values. @public */
export interface RolloutRestartTarget {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name: string;
}

/** What a user declares; validated by {@link validateMappingSpec}. @public */
export interface MappingSpec {
  /** A store name from `secrets.stores`. */
  store: string;
  data?: MappingDataEntry[];
  dataFrom?: MappingDataFrom[];
  target: MappingTarget;
  /** Go-style duration (`1h`, `15m`); `0` syncs once. Default: the engine's. */
  refreshInterval?: string;
  /** Default `Periodic`. */
  refreshPolicy?: RefreshPolicy;
  /**
   * Go duration: a Vault version older than this shows "rotation due". Default: the store's
   * `maxAge`, else none.
   */
  maxAge?: string;
}

/** A stored mapping. @public */
export interface Mapping {
  id: string;
  /** The owning catalog entity, e.g. `component:default/payments-api`. */
  entityRef: string;
  spec: MappingSpec;
  /** Starts at 1, incremented by every update; lets writers detect a stale read. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  /** User entity refs of who created and last changed the mapping. */
  createdBy: string;
  updatedBy: string;
}
