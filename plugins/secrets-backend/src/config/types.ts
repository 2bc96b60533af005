/**
 * Typed, validated `secrets.*` configuration. Durations are milliseconds.
 */

/** `secrets.engine`: how the sync engine schedules work. */
export interface EngineConfig {
  /**
   * `secrets.engine.enabled`: this replica syncs (default true); false serves the API only,
   * while replicas with the engine on do the syncing.
   */
  enabled: boolean;
  /** Mappings synced at the same time. */
  concurrency: number;
  /** Refresh interval of mappings that set none; 0 means sync once, then only on demand. */
  defaultRefreshIntervalMs: number;
  /** Random spread added to each interval, as a fraction of it (0 ≤ jitter < 1). */
  jitter: number;
  /** Retry delay after a failed sync: starts at `initialMs`, doubles up to `maxMs`. */
  backoff: { initialMs: number; maxMs: number };
  /** How long "sync now" waits for its sync before the API answers 202. */
  syncNowWaitMs: number;
  /** How often stores and clusters are checked (login, policy, RBAC): one health cycle. */
  healthCheckIntervalMs: number;
  /** `secrets.engine.watch`: watch managed Secrets and repair them at once (default true). */
  watch: boolean;
  /** Event-loop delay above which workers wait before their next mapping; 0: no pacing. */
  loopDelayBudgetMs: number;
  /** How long a replica's claim on a due row lasts; then another replica may take the row. */
  claimTimeoutMs: number;
  /**
   * How long a refresh may trust the Secret watch instead of reading a Secret it shows
   * unchanged since the engine last read or wrote it; 0: always read.
   */
  secretReadIntervalMs: number;
}

/** Where a static Vault token comes from. */
export type TokenSourceConfig =
  | { value: string }
  | { file: string }
  | { env: string };

/** A Kubernetes ServiceAccount whose TokenRequest-issued token logs in to Vault. */
export interface ServiceAccountRefConfig {
  /** Cluster name from `kubernetes.clusterLocatorMethods`; the engine's own cluster when unset. */
  cluster?: string;
  namespace: string;
  name: string;
  audiences?: string[];
  expirationSeconds: number;
}

/** Exactly one Vault auth method per store. */
export type StoreAuthConfig =
  | { method: 'token'; token: TokenSourceConfig }
  | {
      method: 'kubernetes' | 'jwt';
      /** Mount path of the auth method, without `auth/`. */
      path: string;
      role: string;
      /** Exactly one of these two is set. */
      serviceAccountRef?: ServiceAccountRefConfig;
      tokenFile?: string;
    }
  | { method: 'appRole'; path: string; roleId: string; secretId: string }
  | { method: 'userpass'; path: string; username: string; password: string }
  | {
      method: 'cert';
      path: string;
      /** The cert role to log in as; Vault tries every role of the method when unset. */
      role?: string;
      /** PEM client certificate (chain) and its private key, each inline or a file. */
      clientCert: PemSourceConfig;
      clientKey: PemSourceConfig;
    };

/** A PEM document given inline or as a file read again at every login (so rotation is seen). */
export type PemSourceConfig = { value: string } | { file: string };

/** `secrets.stores.<name>`: one Vault connection. */
export interface StoreConfig {
  name: string;
  /** Vault address without a trailing slash, e.g. `https://vault.example.com:8200`. */
  server: string;
  /** KV mount path, e.g. `secret` or `team/kv`; never contains `data/`. */
  mount: string;
  kvVersion: 1 | 2;
  /** Vault Enterprise namespace, sent as `X-Vault-Namespace`. */
  namespace?: string;
  /** PEM CA certificates to trust (`caBundle`). */
  caBundle?: string;
  /** Path of a PEM CA file to trust (`caFile`), read when the gateway is created. */
  caFile?: string;
  /** Base address for links shown in the UI. */
  publicUrl: string;
  /** Upper bound on one Vault HTTP request. */
  requestTimeoutMs: number;
  auth: StoreAuthConfig;
  /** After Vault refuses an AppRole or userpass login: wait before the next one (doubling). */
  loginBackoff: { initialMs: number; maxMs: number };
  /** Versions older than this show "rotation due"; a mapping's own `maxAge` wins. */
  maxAgeMs?: number;
  /** Which Vault path prefixes entities may read; none means no entity may use the store. */
  allowedPaths: PathRule[];
  /** Which dynamic engine roles entities may use; none means no dynamic mappings. */
  dynamicRoles: RoleRule[];
  /**
   * Where rotation may overwrite Vault data the product did not write (after the owner
   * confirms); none means nowhere.
   */
  unmanagedRotationPaths: PathRule[];
}

/** One `dynamicRoles` entry: `database/creds/{{ owner }}-*`, optionally for some owners. */
export interface RoleRule {
  /** `<mount>/creds/<role>` or `<mount>/issue/<role>`; a final `*` matches any role suffix. */
  path: string;
  owners?: string[];
}

/** One `allowedPaths` entry: a prefix template over the entity, optionally for some owners. */
export interface PathRule {
  /** No trailing "/"; `{{ kind|namespace|name|owner|system }}` are filled from the entity. */
  prefix: string;
  /** Full lowercase entity refs; absent means every entity. */
  owners?: string[];
}

/** `secrets.admins`, `secrets.allowedNamespaces`, `secrets.services`. */
export interface AccessConfig {
  /** User or group refs (lowercase) whose members administer every entity's mappings. */
  admins: string[];
  /** Namespaces entities of these owners may write to, besides their annotated one. */
  namespaces: { namespace: string; owners: string[] }[];
  /** What each service caller may do, by permission name; nothing by default. */
  services: { subject: string; permissions: string[] }[];
}

/** `secrets.notifications`: when the owners of mappings are told, through Backstage's notifications. */
export interface NotificationsConfig {
  /** Unset: on when the notifications backend plugin runs in the same backend. */
  enabled?: boolean;
  /** Time between two scans of the sync state. */
  intervalMs: number;
  /** A failing mapping is told after `failures` failed syncs in a row or `durationMs` failing, whichever first. */
  grace: { failures: number; durationMs: number };
  /** A lease or certificate that could not be renewed is told once it expires within this window. */
  expiryWindowMs: number;
  /** This many mappings newly failing for one store-level cause in a scan are told as one summary per store. */
  summaryThreshold: number;
}

/** Everything under `secrets`. */
export interface SecretsConfig {
  engine: EngineConfig;
  stores: ReadonlyMap<string, StoreConfig>;
  access: AccessConfig;
  notifications: NotificationsConfig;
  metrics: MetricsConfig;
}

/** `secrets.metrics`: what the engine's metrics are labelled by. */
export interface MetricsConfig {
  /**
   * Label per-mapping series with the target Secret's `name` and `namespace`, as ESO does
   * (default true); false aggregates them by entity, store and cluster.
   */
  mappingLabels: boolean;
}
