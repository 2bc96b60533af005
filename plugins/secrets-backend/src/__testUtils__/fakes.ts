import { randomUUID } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  Mapping,
  MappingDeletion,
  MappingPreview,
  MappingSpec,
} from '@internal/plugin-secrets-common';
import { MappingAccess, type Caller } from '../access';
import { readSecretsConfig, type SecretsConfig } from '../config';
import type {
  MappingStore,
  MappingWrite,
  SyncEvent,
  SyncState,
  SyncStateStore,
} from '../database';
import type { MappingEngine } from '../service';
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
 * Small in-memory stand-ins behind the plugin's interfaces, for unit tests of the
 * services. They keep only the rules a caller relies on (revisions, one Secret per
 * mapping, check-and-set); the real implementations are proven by the `*.stack.test.ts`
 * suites against PostgreSQL, SQLite, Vault and the kube-apiserver.
 */

/** {@link MappingStore} in a Map: revisions, actors and one Secret per mapping. */
export class InMemoryMappingStore implements MappingStore {
  readonly rows = new Map<string, Mapping>();

  async list(filter: { entityRef?: string } = {}): Promise<Mapping[]> {
    return [...this.rows.values()].filter(
      m => !filter.entityRef || m.entityRef === filter.entityRef,
    );
  }

  async get(id: string): Promise<Mapping | undefined> {
    return this.rows.get(id);
  }

  async getMany(ids: string[]): Promise<Map<string, Mapping>> {
    return new Map(
      ids.flatMap(id => (this.rows.has(id) ? [[id, this.rows.get(id)!]] : [])),
    );
  }

  async create(entityRef: string, write: MappingWrite): Promise<Mapping> {
    const id = randomUUID();
    this.claim(id, write.spec);
    const now = new Date().toISOString();
    const mapping: Mapping = {
      id,
      entityRef,
      spec: write.spec,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: write.actor,
      updatedBy: write.actor,
    };
    this.rows.set(id, mapping);
    return mapping;
  }

  async update(
    id: string,
    write: MappingWrite & { expectedRevision?: number },
  ): Promise<Mapping> {
    const current = this.rows.get(id);
    if (!current) throw new NotFoundError(`No mapping with id ${id}`);
    if (
      write.expectedRevision !== undefined &&
      write.expectedRevision !== current.revision
    )
      throw new ConflictError(
        `Mapping ${id} was changed by someone else (revision ${current.revision}, expected ${write.expectedRevision})`,
      );
    this.claim(id, write.spec);
    const updated: Mapping = {
      ...current,
      spec: write.spec,
      revision: current.revision + 1,
      updatedBy: write.actor,
      updatedAt: new Date().toISOString(),
    };
    this.rows.set(id, updated);
    return updated;
  }

  async delete(id: string): Promise<Mapping | undefined> {
    const existing = this.rows.get(id);
    this.rows.delete(id);
    return existing;
  }

  private claim(id: string, spec: MappingSpec) {
    const taken = [...this.rows.values()].find(
      m =>
        m.id !== id &&
        m.spec.target.namespace === spec.target.namespace &&
        m.spec.target.name === spec.target.name &&
        m.spec.target.clusters.some(c => spec.target.clusters.includes(c)),
    );
    if (taken)
      throw new ConflictError(
        `target: Secret ${spec.target.namespace}/${spec.target.name} is already written by mapping ${taken.id}`,
      );
  }
}

/** The sync states and events the API reads, set by the test. */
export class FakeSyncStates
  implements Pick<SyncStateStore, 'get' | 'listEvents'>
{
  readonly states = new Map<string, SyncState[]>();
  readonly events = new Map<string, SyncEvent[]>();

  async get(mappingId: string): Promise<SyncState[]> {
    return this.states.get(mappingId) ?? [];
  }

  async listEvents(
    mappingId: string,
    options: { limit: number },
  ): Promise<SyncEvent[]> {
    return (this.events.get(mappingId) ?? []).slice(0, options.limit);
  }
}

/** A sync state as the engine would record it. */
export function syncState(
  mappingId: string,
  fields: Partial<SyncState> = {},
): SyncState {
  return {
    mappingId,
    cluster: 'local',
    status: 'Synced',
    reason: 'Created',
    syncedVersions: [],
    nextDueAt: new Date(Date.now() + 3_600_000).toISOString(),
    consecutiveFailures: 0,
    priority: 0,
    ...fields,
  };
}

/** The engine as the API drives it: records each call; sync now answers `syncNowStates`. */
export class FakeMappingEngine implements MappingEngine {
  readonly saved: { mapping: Mapping; actor: string }[] = [];
  readonly retired: Mapping[] = [];
  readonly syncRequests: { mappingId: string; actor: string }[] = [];
  /** What a sync now resolves to once its wait is over. */
  syncNowStates: (mappingId: string) => Promise<SyncState[]> = async id => [
    syncState(id),
  ];
  previewResult: () => Promise<MappingPreview> = async () => ({
    reads: [],
    secretKeys: [],
    type: 'Opaque',
  });

  async mappingSaved(mapping: Mapping, actor: string): Promise<void> {
    this.saved.push({ mapping, actor });
  }

  async retire(mapping: Mapping): Promise<MappingDeletion> {
    this.retired.push(mapping);
    return {
      id: mapping.id,
      secrets: mapping.spec.target.clusters.map(cluster => ({
        cluster,
        outcome: 'deleted' as const,
      })),
    };
  }

  syncNow(mappingId: string, actor: string): Promise<SyncState[]> {
    this.syncRequests.push({ mappingId, actor });
    return this.syncNowStates(mappingId);
  }

  preview(): Promise<MappingPreview> {
    return this.previewResult();
  }
}

/** The example catalog's shape: payments-api owned by team-payments, in `payments`. */
export const PAYMENTS_API: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': 'payments' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-payments',
    system: 'payments',
  },
};

/** `secrets.*` as the tests' app-config would give it: one KV v2 store, one KV v1 store. */
export function testSecretsConfig(extra: Record<string, unknown> = {}) {
  const appRole = { appRole: { roleId: 'r', secretId: 's' } };
  return readSecretsConfig(
    new ConfigReader({
      secrets: {
        admins: ['group:default/platform-admins'],
        stores: {
          kv2: {
            server: 'http://127.0.0.1:8200',
            mount: 'secret',
            auth: appRole,
            allowedPaths: [{ prefix: '{{ system }}' }],
            unmanagedRotationPaths: [{ prefix: '{{ system }}' }],
          },
          kv1: {
            server: 'http://127.0.0.1:8200',
            mount: 'kv',
            kvVersion: 1,
            auth: appRole,
            allowedPaths: [{ prefix: '{{ system }}' }],
          },
        },
        ...extra,
      },
    }),
  ) as SecretsConfig;
}

/** A signed-in user and the groups they belong to. */
export function userCaller(
  userRef: string,
  groups: string[] = [],
  options: { isAdmin?: boolean } = {},
): Caller {
  return {
    credentials: mockServices.httpAuth.mock().credentials as never,
    actor: userRef,
    type: 'user',
    ownershipRefs: [userRef, ...groups],
    isAdmin: options.isAdmin ?? false,
  };
}

/**
 * The real {@link MappingAccess} over a catalog of `entities` and a permission policy that
 * answers `decision` to everything (allow by default).
 */
export function accessOver(
  entities: Entity[],
  config: SecretsConfig,
  decision:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
): MappingAccess {
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(
    async requests =>
      requests.map(() => ({ result: decision })) as PolicyDecision[] as never,
  );
  return new MappingAccess({
    httpAuth: mockServices.httpAuth.mock(),
    userInfo: mockServices.userInfo.mock(),
    permissions,
    catalog: catalogServiceMock({ entities }),
    access: config.access,
  });
}

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
