import type {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UrlReaderService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { ScmIntegrations } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { EXTERNAL_SECRETS_ANNOTATION } from '@backstage-secrets/plugin-secrets-common';
import { MappingAccess } from '../access';
import type { Config } from '@backstage/config';
import { DeclaredFileReader, DeclaredMappings } from '../declared';
import {
  DatabaseDeclaredStatusStore,
  DatabaseNotificationScans,
  DatabaseNotificationStateStore,
} from '../database';
import { OwnerNotifier } from '../notifications';
import type { RouterOptions } from '../router';
import {
  AdoptionService,
  AuditReports,
  BulkImportService,
  DeclaredService,
  MappingService,
  ReissueService,
  RotationService,
} from '../service';
import { storeStatuses } from '../storeStatus';
import type { SyncRuntime } from './createSyncRuntime';

/**
 * The reconciler of mappings declared in entities' repositories: files read through the
 * backend's UrlReaderService (file locations from disk), entities from the catalog with
 * the plugin's own credentials.
 */
export async function createDeclaredMappings(
  runtime: SyncRuntime,
  deps: {
    config: Config;
    urlReader: UrlReaderService;
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
  },
): Promise<DeclaredMappings> {
  const { catalog, auth } = deps;
  const credentials = () => auth.getOwnServiceCredentials();
  return new DeclaredMappings({
    mappings: runtime.mappings,
    statuses: await DatabaseDeclaredStatusStore.create(runtime.database),
    engine: runtime.engine,
    files: new DeclaredFileReader({
      urlReader: deps.urlReader,
      integrations: ScmIntegrations.fromConfig(deps.config),
    }),
    entities: {
      async annotated() {
        const { items } = await catalog.getEntities(
          {
            filter: {
              [`metadata.annotations.${EXTERNAL_SECRETS_ANNOTATION}`]:
                CATALOG_FILTER_EXISTS,
            },
          },
          { credentials: await credentials() },
        );
        return items;
      },
      async get(entityRef) {
        return catalog.getEntityByRef(entityRef, {
          credentials: await credentials(),
        });
      },
    },
    stores: runtime.stores,
    clusters: () => [...runtime.clusters.keys()],
    accessConfig: runtime.accessConfig,
    logger: deps.logger.child({ task: 'declared-mappings' }),
  });
}

/**
 * The notifier that tells owners about their mappings through Backstage's notifications,
 * reading the catalog with the plugin's own credentials (for orphans).
 */
export async function createOwnerNotifier(
  runtime: SyncRuntime,
  deps: {
    notifications: NotificationService;
    catalog: CatalogService;
    auth: AuthService;
    logger: LoggerService;
  },
): Promise<OwnerNotifier> {
  const { catalog, auth } = deps;
  return new OwnerNotifier({
    scans: await DatabaseNotificationScans.create(runtime.database),
    state: await DatabaseNotificationStateStore.create(runtime.database),
    mappings: runtime.mappings,
    notifications: deps.notifications,
    async existingEntities(refs) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      return new Set(refs.filter((_, i) => items[i]));
    },
    stores: runtime.stores,
    admins: runtime.accessConfig.admins,
    config: runtime.notificationsConfig,
    logger: deps.logger.child({ task: 'owner-notifications' }),
  });
}

/** The backend services the API needs besides the runtime. */
export interface ApiDeps {
  logger: LoggerService;
  auditor: AuditorService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** `permission.enabled`: with it off, the plugin applies its ownership rules itself. */
  permissionsEnabled: boolean;
  declared: DeclaredMappings;
}

/** The router's options: who is calling, and every use case, over one runtime. */
export function createApi(
  runtime: SyncRuntime,
  deps: ApiDeps,
): RouterOptions & { access: MappingAccess } {
  const access = new MappingAccess({
    httpAuth: deps.httpAuth,
    userInfo: deps.userInfo,
    permissions: deps.permissions,
    catalog: deps.catalog,
    accessConfig: runtime.accessConfig,
    permissionsEnabled: deps.permissionsEnabled,
  });
  const clusterNames = () => [...runtime.clusters.keys()];
  const syncNow = (id: string, actor: string) =>
    runtime.engine.syncNow(id, actor);
  return {
    logger: deps.logger,
    auditor: deps.auditor,
    access,
    storeStatuses: async () =>
      storeStatuses(
        runtime.stores,
        runtime.vault,
        await runtime.health.storeHealth(),
      ),
    clusterHealth: () => runtime.health.clusterHealth(),
    clusterNames,
    mappingService: new MappingService({
      mappings: runtime.mappings,
      state: runtime.state,
      leases: runtime.leases,
      engine: runtime.engine,
      access,
      stores: runtime.stores,
      clusters: clusterNames,
      accessConfig: runtime.accessConfig,
    }),
    rotationService: new RotationService({
      mappings: runtime.mappings,
      access,
      vault: name => runtime.vault.get(name),
      stores: runtime.stores,
      syncNow,
      state: runtime.state,
    }),
    reissueService: new ReissueService({
      mappings: runtime.mappings,
      leases: runtime.leases,
      access,
      syncNow,
    }),
    adoptionService: new AdoptionService({
      mappings: runtime.mappings,
      access,
      engine: runtime.engine,
    }),
    bulkImportService: new BulkImportService({
      mappings: runtime.mappings,
      engine: runtime.engine,
      access,
      stores: runtime.stores,
      clusters: clusterNames,
      accessConfig: runtime.accessConfig,
    }),
    declaredService: new DeclaredService({
      access,
      declared: deps.declared,
    }),
    auditReports: new AuditReports({
      mappings: runtime.mappings,
      state: runtime.state,
      catalog: deps.catalog,
      clusters: runtime.clusters,
      access,
      accessConfig: runtime.accessConfig,
      stores: runtime.stores,
      leases: runtime.leases,
    }),
  };
}
