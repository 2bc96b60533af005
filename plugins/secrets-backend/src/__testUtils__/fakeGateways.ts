import { randomUUID } from 'node:crypto';
import {
  ClusterError,
  isManagedBy,
  type AccessReview,
  type ClusterGateway,
  type DesiredSecret,
  type LiveSecret,
  type SecretEvent,
  type SecretKeysChange,
  type SecretWatchEvent,
  type WorkloadRef,
} from '../kubernetes';
import {
  VaultError,
  type VaultErrorKind,
  type VaultGateway,
  type VaultSecret,
  type VaultSecretMetadata,
} from '../vault';

const vaultError = (kind: VaultErrorKind, verb: string, path: string) =>
  new VaultError({ kind, store: 'kv2', verb, path, detail: kind });

/**
 * A KV v2 mount in memory with versions, check-and-set and custom metadata — what
 * rotation needs from a {@link VaultGateway}.
 */
export class FakeKvV2
  implements
    Pick<VaultGateway, 'metadata' | 'read' | 'write' | 'writeCustomMetadata'>
{
  readonly secrets = new Map<
    string,
    {
      versions: Record<string, unknown>[];
      customMetadata: Record<string, string>;
    }
  >();

  /** Writes `data` as the next version, as someone outside the product would. */
  seed(key: string, data: Record<string, unknown>) {
    const secret = this.secrets.get(key) ?? {
      versions: [],
      customMetadata: {},
    };
    secret.versions.push(data);
    this.secrets.set(key, secret);
  }

  async read(
    key: string,
    options: { version?: number } = {},
  ): Promise<VaultSecret> {
    const secret = this.secrets.get(key);
    const version = options.version ?? secret?.versions.length ?? 0;
    const data = secret?.versions[version - 1];
    if (!data) throw vaultError('notFound', 'read', key);
    return { data, version };
  }

  async metadata(key: string): Promise<VaultSecretMetadata> {
    const secret = this.secrets.get(key);
    if (!secret) throw vaultError('notFound', 'metadata', key);
    return {
      currentVersion: secret.versions.length,
      oldestVersion: 1,
      customMetadata: secret.customMetadata,
      versions: Object.fromEntries(
        secret.versions.map((_, i) => [
          i + 1,
          { createdTime: new Date(0).toISOString(), destroyed: false },
        ]),
      ),
    };
  }

  async write(
    key: string,
    data: Record<string, unknown>,
    options: { cas: number },
  ): Promise<{ version: number }> {
    const current = this.secrets.get(key)?.versions.length ?? 0;
    if (options.cas !== current) throw vaultError('conflict', 'write', key);
    this.seed(key, data);
    return { version: current + 1 };
  }

  async writeCustomMetadata(key: string, metadata: Record<string, string>) {
    this.secrets.get(key)!.customMetadata = metadata;
  }
}

function sameData(a: Record<string, Buffer>, b: Record<string, Buffer>) {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(k => b[k] !== undefined && a[k].equals(b[k]))
  );
}

/**
 * A cluster in memory: Secrets with uids and resource versions, conflicts on create and on
 * stale writes, and a record of restarted workloads. `failWith` makes every call fail.
 */
export class FakeCluster implements ClusterGateway {
  readonly secrets = new Map<string, LiveSecret>();
  readonly restarted: string[] = [];
  failWith?: ClusterError;
  private version = 0;

  constructor(readonly cluster = 'local') {}

  private check(verb: string, namespace?: string, name?: string) {
    if (this.failWith) throw this.failWith;
    return { cluster: this.cluster, verb, namespace, name };
  }

  private store(secret: DesiredSecret, uid?: string): LiveSecret {
    this.version += 1;
    const live: LiveSecret = {
      namespace: secret.namespace,
      name: secret.name,
      uid: uid ?? randomUUID(),
      resourceVersion: String(this.version),
      type: secret.type ?? 'Opaque',
      data: { ...secret.data },
      labels: { ...(secret.labels ?? {}) },
      annotations: { ...(secret.annotations ?? {}) },
      ...(secret.immutable ? { immutable: true } : {}),
    };
    const key = `${secret.namespace}/${secret.name}`;
    const type = this.secrets.has(key) ? 'MODIFIED' : 'ADDED';
    this.secrets.set(key, live);
    this.notify({ type, secret: live });
    return live;
  }

  async readSecret(namespace: string, name: string) {
    this.check('read Secret', namespace, name);
    return this.secrets.get(`${namespace}/${name}`);
  }

  /** ConfigMaps' data by `namespace/name`, for templateFrom. */
  readonly configMaps = new Map<string, Record<string, string>>();

  async readConfigMap(namespace: string, name: string) {
    this.check('read ConfigMap', namespace, name);
    return this.configMaps.get(`${namespace}/${name}`);
  }

  async createSecret(secret: DesiredSecret) {
    const site = this.check('create Secret', secret.namespace, secret.name);
    if (this.secrets.has(`${secret.namespace}/${secret.name}`))
      throw new ClusterError('conflict', site, 'exists');
    return this.store(secret);
  }

  async replaceSecret(secret: DesiredSecret & { resourceVersion: string }) {
    const site = this.check('replace Secret', secret.namespace, secret.name);
    const live = this.secrets.get(`${secret.namespace}/${secret.name}`);
    if (!live || live.resourceVersion !== secret.resourceVersion)
      throw new ClusterError('conflict', site, 'changed');
    // As the API server: an immutable Secret keeps its data, type and flag; metadata may change.
    if (
      live.immutable &&
      (!secret.immutable ||
        (secret.type ?? 'Opaque') !== live.type ||
        !sameData(live.data, secret.data))
    )
      throw new ClusterError('invalid', site, 'field is immutable', {
        status: 422,
        reason: 'Invalid',
      });
    return this.store(secret, live.uid);
  }

  async patchSecretKeys(
    namespace: string,
    name: string,
    change: SecretKeysChange,
  ) {
    const site = this.check('patch Secret', namespace, name);
    const live = this.secrets.get(`${namespace}/${name}`);
    if (!live) throw new ClusterError('notFound', site, 'missing');
    const data = { ...live.data, ...change.set };
    for (const key of change.remove) delete data[key];
    if (live.immutable && !sameData(live.data, data))
      throw new ClusterError('invalid', site, 'field is immutable', {
        status: 422,
        reason: 'Invalid',
      });
    // A merge patch: labels and annotations given are added to the Secret's own.
    return this.store(
      {
        ...live,
        data,
        labels: { ...live.labels, ...change.labels },
        annotations: { ...live.annotations, ...change.annotations },
      },
      live.uid,
    );
  }

  async deleteSecret(
    namespace: string,
    name: string,
    preconditions: { uid: string },
  ) {
    const site = this.check('delete Secret', namespace, name);
    const live = this.secrets.get(`${namespace}/${name}`);
    if (!live) return;
    if (live.uid !== preconditions.uid)
      throw new ClusterError('conflict', site, 'replaced');
    this.secrets.delete(`${namespace}/${name}`);
    this.notify({ type: 'DELETED', secret: live });
  }

  async listManagedSecrets(namespace: string) {
    this.check('list Secrets', namespace);
    return [...this.secrets.values()].filter(s => s.namespace === namespace);
  }

  async restartWorkloads(namespace: string, workloads: WorkloadRef[]) {
    this.check('restart', namespace);
    this.restarted.push(
      ...workloads.map(w => `${namespace}/${w.kind}/${w.name}`),
    );
  }

  async requestServiceAccountToken(): Promise<string> {
    throw new Error('not used by the fakes');
  }

  /** Open watches, as the API server would feed them. */
  private readonly watchers = new Set<{
    namespace: string;
    onEvent: (event: SecretWatchEvent) => Promise<void>;
  }>();

  private notify(event: SecretWatchEvent) {
    if (!isManagedBy(event.secret)) return;
    for (const w of this.watchers)
      if (w.namespace === event.secret.namespace) void w.onEvent(event);
  }

  async listManagedSecretsAt(
    namespace: string,
    onSecret: (secret: LiveSecret) => Promise<void>,
  ) {
    const secrets = await this.listManagedSecrets(namespace);
    for (const secret of secrets) await onSecret(secret);
    return { resourceVersion: String(this.version), count: secrets.length };
  }

  /** Feeds changes made through this fake until `signal` aborts. */
  async watchManagedSecrets(
    namespace: string,
    _resourceVersion: string,
    onEvent: (event: SecretWatchEvent) => Promise<void>,
    signal: AbortSignal,
  ) {
    this.check('watch managed Secrets', namespace);
    const watcher = { namespace, onEvent };
    this.watchers.add(watcher);
    await new Promise(resolve =>
      signal.addEventListener('abort', resolve, { once: true }),
    );
    this.watchers.delete(watcher);
    return { resourceVersion: String(this.version), gone: false };
  }

  /** Kubernetes Events recorded on Secrets, in order. */
  readonly events: SecretEvent[] = [];

  async recordEvent(event: SecretEvent) {
    this.check('create Event', event.namespace, event.secretName);
    this.events.push(event);
  }

  async health() {
    return { cluster: this.cluster, reachable: true } as never;
  }

  /** Permissions the engine lacks, as `namespace/resource/verb` (`payments/secrets/create`). */
  readonly denied = new Set<string>();

  async reviewAccess(namespace: string, reviews: AccessReview[]) {
    this.check('review access', namespace);
    return reviews.map(
      r => !this.denied.has(`${namespace}/${r.resource}/${r.verb}`),
    );
  }

  /** A Secret's data as text. */
  text(namespace: string, name: string): Record<string, string> | undefined {
    const live = this.secrets.get(`${namespace}/${name}`);
    return live
      ? Object.fromEntries(
          Object.entries(live.data).map(([k, v]) => [k, v.toString()]),
        )
      : undefined;
  }
}
