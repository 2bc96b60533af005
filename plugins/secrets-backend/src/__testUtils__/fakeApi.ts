import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  Mapping,
  MappingDeletion,
  MappingPreview,
} from '@backstage-secrets/plugin-secrets-common';
import { MappingAccess, type Caller } from '../access';
import { readSecretsConfig, type SecretsConfig } from '../config';
import type { SyncState } from '../database';
import type { MappingEngine } from '../service';
import { syncState } from './fakeStores';

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
export function userCaller(userRef: string, groups: string[] = []): Caller {
  return {
    credentials: mockServices.httpAuth.mock().credentials as never,
    actor: userRef,
    type: 'user',
    ownershipRefs: [userRef, ...groups],
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
    accessConfig: config.access,
    permissionsEnabled: false,
  });
}
