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
  /**
   * ESO's decoding of the value before it is written: `Base64` and `Base64URL` (padded, as
   * Go's encodings) decode or fail; `Auto` tries both and keeps the value as it is when
   * neither applies; `None` (the default) writes it as it is. Decoded values may be binary.
   */
  decodingStrategy?: DecodingStrategy;
  /** ESO's `nullBytePolicy`: `Fail` refuses a value holding a NUL byte; `Ignore` (the default) writes it. */
  nullBytePolicy?: 'Ignore' | 'Fail';
  /**
   * ESO's `metadataPolicy`: `Fetch` reads the secret's KV v2 custom metadata instead of its
   * data (`property` picks one key); `None`, the default, reads the data.
   */
  metadataPolicy?: 'None' | 'Fetch';
}

/** How a Vault value is decoded before it is written (ESO `decodingStrategy`). @public */
export type DecodingStrategy = 'None' | 'Base64' | 'Base64URL' | 'Auto';

/** Whether templated keys replace the data keys or are added to them (ESO `mergePolicy`). @public */
export type TemplateMergePolicy = 'Replace' | 'Merge';

/** One key of the target Secret (ESO `spec.data[]`). @public */
export interface MappingDataEntry {
  /** The key in the Secret. */
  secretKey: string;
  /** The Vault value it takes. */
  remoteRef: RemoteRef;
}

/**
 * One step of ESO's `dataFrom[].rewrite`, applied in order to every key a source gives:
 * `regexp` replaces matches of `source` with `target` (`$1`, `${1}`, `${name}` expand
 * groups); `transform` renders a template with the key as `.value`. @public
 */
export type Rewrite =
  | { regexp: { source: string; target: string } }
  | { transform: { template: string } };

/**
 * How a `dataFrom` source's keys are made valid Secret keys (ESO `conversionStrategy`): every
 * character a Secret key may not hold becomes `_` (`Default`) or `_U<hex>_` (`Unicode`). @public
 */
export type ConversionStrategy = 'Default' | 'Unicode';

/** Every key of one Vault secret (ESO `dataFrom[].extract`). @public */
export interface ExtractSource {
  /** The Vault secret whose every property becomes a key. */
  extract: RemoteRef & { conversionStrategy?: ConversionStrategy };
  /** Renames the keys, in order. */
  rewrite?: Rewrite[];
}

/** Every secret below a path whose name matches (ESO `dataFrom[].find`). @public */
export interface FindSource {
  /**
   * Below `path`, every secret whose name matches `name.regexp` and whose KV v2 custom
   * metadata holds every entry of `tags`; at least one of the two is required.
   */
  find: {
    path?: string;
    name?: { regexp: string };
    tags?: Record<string, string>;
    /** How the found paths become keys; default `Default` (`/` → `_`). */
    conversionStrategy?: ConversionStrategy;
  };
  /** Renames the keys, in order. */
  rewrite?: Rewrite[];
}

/** One entry of ESO `dataFrom[]`: exactly one of extract or find. @public */
export type MappingDataFrom = ExtractSource | FindSource;

/**
 * Whether the Secret is created and owned, merged into, left behind, or not written at all
 * (ESO; `None` reads Vault and writes nothing). @public
 */
export type CreationPolicy = 'Owner' | 'Merge' | 'Orphan' | 'None';
/**
 * What a vanished Vault secret does to the Secret (ESO): keep it, delete it, or keep it
 * without the vanished keys (`Merge`). @public
 */
export type DeletionPolicy = 'Retain' | 'Delete' | 'Merge';
/** When the Secret is refreshed from Vault (ESO). @public */
export type RefreshPolicy = 'Periodic' | 'CreatedOnce' | 'OnChange';

/**
 * A key of a ConfigMap or Secret whose value is a template (ESO): `Values` (the default)
 * renders it into the Secret key of the same name; `KeysAndValues` renders YAML whose
 * entries become Secret keys. @public
 */
export interface TemplateFromItem {
  /** The ConfigMap's or Secret's key whose value is the template. */
  key: string;
  /** How its output becomes Secret keys; default `Values`. */
  templateAs?: 'Values' | 'KeysAndValues';
}

/** A ConfigMap or Secret in the target namespace that holds templates. @public */
export interface TemplateFromRef {
  /** The ConfigMap's or Secret's name, in the target namespace. */
  name: string;
  /** Its keys that hold templates, in order. */
  items: TemplateFromItem[];
}

/** One `templateFrom` entry: a literal template, or templates read from the cluster. @public */
export type TemplateFrom =
  | { literal: string }
  | { configMap: TemplateFromRef }
  | { secret: TemplateFromRef };

/** The Secret a mapping writes (ESO `spec.target`). @public */
export interface MappingTarget {
  /** Clusters to write to, by name from `kubernetes.clusterLocatorMethods`. */
  clusters: string[];
  /** Must be a namespace bound to the owning entity. */
  namespace: string;
  /** The Secret's name. */
  name: string;
  /** Kubernetes Secret type; default `Opaque`. */
  type?: string;
  /** Default `Owner`: create and own. `Merge` touches only our keys of an existing Secret. */
  creationPolicy?: CreationPolicy;
  /** What a vanished Vault secret does to the Secret; default `Retain`. */
  deletionPolicy?: DeletionPolicy;
  /**
   * ESO `target.immutable`: the Secret is written with `immutable: true`, so its data never
   * changes again; Vault changes reach it only after it is deleted (and written anew).
   */
  immutable?: boolean;
  /** Labels set on the Secret, besides the plugin's own. */
  labels?: Record<string, string>;
  /** Annotations set on the Secret, besides the plugin's own. */
  annotations?: Record<string, string>;
  /**
   * ESO `engineVersion: v2` templates, one per Secret key. With `mergePolicy: Merge` the
   * Secret keeps the keys of `data`/`dataFrom` too (a template wins a shared key); with
   * `Replace` (the default) it holds the templated keys only.
   */
  template?: {
    data: Record<string, string>;
    mergePolicy?: TemplateMergePolicy;
    /**
     * ESO `templateFrom` (`target: Data`), rendered in order before `data` (which wins a
     * shared key): a literal renders YAML whose entries become Secret keys; a ConfigMap or
     * Secret of the target namespace is read when the mapping syncs.
     */
    templateFrom?: TemplateFrom[];
  };
  /**
   * Workloads in the target namespace to restart (like `kubectl rollout restart`) after a
   * sync changed the Secret's data; never after a cycle that changed nothing.
   */
  rolloutRestartTargets?: RolloutRestartTarget[];
}

/** A workload that reads the Secret and must restart to pick up new values. @public */
export interface RolloutRestartTarget {
  /** The workload's kind. */
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  /** Its name, in the Secret's namespace. */
  name: string;
}

/**
 * Values a Vault secrets engine issues for this mapping alone (VSO's dynamic secrets, ESO's
 * VaultDynamicSecret generator): database credentials under a lease the engine renews, or
 * a certificate it re-issues before expiry. @public
 */
export interface DynamicSource {
  /**
   * `database`: `<mount>/creds/<role>` gives the keys `username` and `password`.
   * `pki`: `<mount>/issue/<role>` gives `tls.crt` (with the chain), `tls.key` and `ca.crt`.
   */
  engine: 'database' | 'pki';
  /** Mount of the secrets engine; default `database` or `pki`. */
  mount?: string;
  /** The engine role to issue from; the store's `dynamicRoles` must allow it. */
  role: string;
  /** `pki`: the certificate's common name (required). */
  commonName?: string;
  /** `pki`: subject alternative DNS names. */
  altNames?: string[];
  /** `pki`: requested lifetime, a Go duration; default the role's. */
  ttl?: string;
  /** `database`: renew the lease when this share of its TTL has passed (10–90, default 67). */
  renewAtPercent?: number;
  /** `pki`: issue the next certificate this long before expiry; default a third of its lifetime. */
  renewBefore?: string;
}

/** What a user declares; validated by {@link validateMappingSpec}. @public */
export interface MappingSpec {
  /** A store name from `secrets.stores`. */
  store: string;
  /** One Secret key per entry (ESO `spec.data`). */
  data?: MappingDataEntry[];
  /** Many keys at once (ESO `spec.dataFrom`). */
  dataFrom?: MappingDataFrom[];
  /** Instead of `data`/`dataFrom`: values issued by a dynamic secrets engine. */
  dynamic?: DynamicSource;
  /** The Secret to write. */
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
  /** A UUID. */
  id: string;
  /** The owning catalog entity, e.g. `component:default/payments-api`. */
  entityRef: string;
  /** What its owners declared. */
  spec: MappingSpec;
  /** Starts at 1, incremented by every update; lets writers detect a stale read. */
  revision: number;
  /** ISO 8601 time of creation. */
  createdAt: string;
  /** ISO 8601 time of the last change. */
  updatedAt: string;
  /** User entity refs of who created and last changed the mapping. */
  createdBy: string;
  /** See `createdBy`. */
  updatedBy: string;
  /** Set when the mapping is declared in the entity's repository; absent for UI and API mappings. */
  source?: MappingSource;
}

/**
 * Where a declared mapping comes from: one ExternalSecret document in a file of the
 * entity's repository. Such a mapping changes only when the file does. @public
 */
export interface MappingSource {
  /** Declared in Git (the only kind so far). */
  type: 'git';
  /** The file that holds the document: a URL, or `file:` and a path for a file location. */
  url: string;
  /** The ExternalSecret's `metadata.name`, which identifies the document in the file. */
  document: string;
}
