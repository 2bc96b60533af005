import type { ClusterErrorKind } from './ClusterError';

/**
 * A Kubernetes cluster the engine can write Secrets to, read from
 * `kubernetes.clusterLocatorMethods` (see {@link readClusters}).
 *
 * @public
 */
export interface ClusterConfig {
  /** The cluster's `name`, as the Kubernetes plugin knows it. */
  name: string;
  /** The API server's base URL, without a trailing slash. */
  url: string;
  /** Base64-encoded PEM bundle that signs the API server's certificate. */
  caData?: string;
  /** Path of a PEM bundle that signs the API server's certificate. */
  caFile?: string;
  /** Disables TLS verification; only ever true when configured explicitly. */
  skipTLSVerify: boolean;
  /** How the engine authenticates, or why it cannot. */
  credentials: ClusterCredentials;
}

/**
 * The engine's own identity on a cluster. `unusable` keeps a cluster that the
 * Kubernetes plugin reads with another auth provider in the list, so that one
 * shared configuration does not stop the engine from starting; every call to
 * such a cluster fails with the `message`, which names the key to set.
 *
 * @public
 */
export type ClusterCredentials =
  | { type: 'token'; token: string; source: string }
  | { type: 'tokenFile'; path: string; source: string }
  | { type: 'unusable'; message: string };

/**
 * The Secret the engine wants to exist. Values are raw bytes: base64 is a wire
 * detail handled only in this folder.
 *
 * @public
 */
export interface DesiredSecret {
  namespace: string;
  name: string;
  /** Defaults to `Opaque`. */
  type?: string;
  data: Record<string, Buffer>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Written with `immutable: true`: the API server refuses any later change to its data. */
  immutable?: boolean;
}

/**
 * A Secret as it is stored in the cluster, with its data decoded.
 *
 * @public
 */
export interface LiveSecret {
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  type: string;
  data: Record<string, Buffer>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  creationTimestamp?: Date;
  /** `immutable: true`: its data and type can no longer change, only its metadata. */
  immutable?: boolean;
  /** The owner reference marked `controller` (e.g. an ESO ExternalSecret), if any. */
  controller?: { kind: string; name: string };
}

/**
 * A key-level change to a Secret that may also hold keys the engine does not
 * own (`creationPolicy: Merge`).
 *
 * @public
 */
export interface SecretKeysChange {
  /** Keys to add or overwrite. */
  set: Record<string, Buffer>;
  /** Keys to remove; absent keys are ignored. */
  remove: string[];
  /** The version the change was computed from; a newer live Secret is a conflict. */
  resourceVersion: string;
  /** Labels to add or overwrite; other labels stay. */
  labels?: Record<string, string>;
  /** Annotations to add or overwrite; other annotations stay. */
  annotations?: Record<string, string>;
}

/**
 * A workload whose pods read a Secret at start-up and need a rollout restart
 * to see new values.
 *
 * @public
 */
export interface WorkloadRef {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name: string;
}

/**
 * A service-account token request (the TokenRequest API).
 *
 * @public
 */
export interface ServiceAccountTokenRequest {
  namespace: string;
  serviceAccount: string;
  /** Defaults to the API server's own audience. */
  audiences?: string[];
  /** The API server may shorten it; at least 600. */
  expirationSeconds?: number;
}

/**
 * Whether a cluster answers, for health pages. Never throws.
 *
 * @public
 */
export interface ClusterHealth {
  reachable: boolean;
  /** The API server's `gitVersion`, e.g. `v1.36.3`. */
  version?: string;
  /** Why the cluster is unreachable or refused the engine; no secret data. */
  error?: string;
  /** What kind of failure the error is: `unauthorized` when the token was rejected or is missing. */
  kind?: ClusterErrorKind;
}

/**
 * One permission the engine needs in a namespace, asked of the API server with a
 * SelfSubjectAccessReview.
 *
 * @public
 */
export interface AccessReview {
  /** The API group: `''` for core (secrets, configmaps), `apps` for workloads. */
  group: string;
  /** The resource, plural: `secrets`, `deployments`. */
  resource: string;
  /** `get`, `create`, `update`, `patch`, `delete`. */
  verb: string;
}

/**
 * The only way the product touches a Kubernetes cluster: one per cluster.
 * Every failure is a {@link ClusterError}; no client-library error escapes.
 *
 * @public
 */
export interface ClusterGateway {
  readonly cluster: string;
  /** Resolves `undefined` when the Secret does not exist. */
  readSecret(namespace: string, name: string): Promise<LiveSecret | undefined>;
  /** A ConfigMap's `data` (`templateFrom`); `undefined` when it does not exist. */
  readConfigMap(
    namespace: string,
    name: string,
  ): Promise<Record<string, string> | undefined>;
  /** Fails with `conflict` when a Secret of that name exists. */
  createSecret(secret: DesiredSecret): Promise<LiveSecret>;
  /**
   * Replaces data, type, labels and annotations as a whole. A
   * `resourceVersion` other than the live one fails with `conflict`.
   */
  replaceSecret(
    secret: DesiredSecret & { resourceVersion: string },
  ): Promise<LiveSecret>;
  /** Changes only the given keys, labels and annotations (`creationPolicy: Merge`). */
  patchSecretKeys(
    namespace: string,
    name: string,
    change: SecretKeysChange,
  ): Promise<LiveSecret>;
  /**
   * Deletes the Secret only if it is still the object the caller saw (same
   * uid and, when given, same resourceVersion); otherwise `conflict`. A Secret
   * that is already gone counts as deleted.
   */
  deleteSecret(
    namespace: string,
    name: string,
    preconditions: { uid: string; resourceVersion?: string },
  ): Promise<void>;
  /** Secrets labelled `app.kubernetes.io/managed-by=backstage-secrets`. */
  listManagedSecrets(namespace: string): Promise<LiveSecret[]>;
  /**
   * Restarts each workload like `kubectl rollout restart`. Tries all of them;
   * if any fails, rejects with the first failure once the others were tried.
   */
  restartWorkloads(namespace: string, workloads: WorkloadRef[]): Promise<void>;
  /** A token from the TokenRequest API, e.g. for Vault's kubernetes auth. */
  requestServiceAccountToken(req: ServiceAccountTokenRequest): Promise<string>;
  health(): Promise<ClusterHealth>;
  /** Whether the engine may do each of `reviews` in `namespace` (SelfSubjectAccessReview), in order. */
  reviewAccess(namespace: string, reviews: AccessReview[]): Promise<boolean[]>;
  /** Records a Kubernetes Event on a Secret (what `kubectl describe secret` lists). */
  recordEvent(event: SecretEvent): Promise<void>;
  /**
   * Hands on every managed Secret of a namespace, a page at a time; resolves with the
   * list's resourceVersion, to watch from.
   */
  listManagedSecretsAt(
    namespace: string,
    onSecret: (secret: LiveSecret) => Promise<void>,
  ): Promise<ManagedSecretListEnd>;
  /**
   * Watches the managed Secrets of a namespace from `resourceVersion` until the API server
   * ends the watch or `signal` aborts; `gone`: the version is too old, list again.
   */
  watchManagedSecrets(
    namespace: string,
    resourceVersion: string,
    onEvent: (event: SecretWatchEvent) => Promise<void>,
    signal: AbortSignal,
  ): Promise<{ resourceVersion: string; gone: boolean }>;
}

/**
 * A change to a managed Secret, as a watch reports it.
 *
 * @public
 */
export interface SecretWatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  secret: LiveSecret;
}

/**
 * How a paged list of a namespace's managed Secrets ended: the version to watch from, and
 * how many Secrets were handed on.
 *
 * @public
 */
export interface ManagedSecretListEnd {
  resourceVersion: string;
  count: number;
}

/**
 * A Kubernetes Event about a Secret the engine syncs. The message never holds a value.
 *
 * @public
 */
export interface SecretEvent {
  namespace: string;
  secretName: string;
  /** The Secret's uid, when it exists. */
  uid?: string;
  type: 'Normal' | 'Warning';
  /** One CamelCase word, e.g. `Synced`, `SyncFailed`, `DriftRepaired`. */
  reason: string;
  message: string;
}
