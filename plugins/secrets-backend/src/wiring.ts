import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  AuthService,
  DatabaseService,
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
import { MappingAccess } from './access';
import type { Config } from '@backstage/config';
import { metrics as otel } from '@opentelemetry/api';
import {
  readSecretsConfig,
  type AccessConfig,
  type NotificationsConfig,
  type StoreConfig,
} from './config';
import { createSyncMetrics, type MetricsMeter } from './metrics';
import { catalogOwners } from './metrics/catalogOwners';
import {
  ClusterDirectory,
  createClusterGateway,
  readClusterSettings,
  type ClusterGateway,
} from './kubernetes';
import { DeclaredFileReader, DeclaredMappings } from './declared';
import {
  DatabaseDeclaredStatusStore,
  DatabaseHmacKeyStore,
  DatabaseLeaseStore,
  DatabaseMappingStore,
  DatabaseNotificationScans,
  DatabaseNotificationStateStore,
  DatabaseSyncStateStore,
} from './database';
import { OwnerNotifier } from './notifications';
import {
  createVaultGateway,
  type ServiceAccountTokenSource,
  type VaultGateway,
} from './vault';
import { dataHmac } from './engine/desired';
import { LoopPacer } from './engine/LoopPacer';
import { RequestActivity } from './engine/RequestActivity';
import { SyncEngine } from './engine/SyncEngine';
import { ManagedSecretWatchers } from './engine/watch/ManagedSecretWatchers';
import { HealthMonitor } from './health';
import type { RouterOptions } from './router';
import {
  AdoptionService,
  AuditReports,
  BulkImportService,
  DeclaredService,
  MappingService,
  ReissueService,
  RotationService,
} from './service';
import { storeStatuses } from './storeStatus';

/**
 * The plugin's composition root: the sync runtime (gateways, stores, engine) from config
 * and the database, then the API's services on top of it. `plugin.ts` only passes the
 * backend's services in and registers what comes out.
 */

/** Everything the plugin runs on, built from config and the plugin's database. */
export interface SyncRuntime {
  engine: SyncEngine;
  mappings: DatabaseMappingStore;
  state: DatabaseSyncStateStore;
  /** Leases and certificates of dynamic mappings. */
  leases: DatabaseLeaseStore;
  vault: ReadonlyMap<string, VaultGateway>;
  /** The validated `secrets.stores` configuration, by name. */
  stores: ReadonlyMap<string, StoreConfig>;
  /** Gateways by cluster name; with a catalog locator, updated by `refreshClusters`. */
  clusters: ReadonlyMap<string, ClusterGateway>;
  /** Reads the catalog's clusters again; undefined without a `type: catalog` locator. */
  refreshClusters?: () => Promise<number>;
  /** Admins, namespace grants and service grants (`secrets.admins` and friends). */
  accessConfig: AccessConfig;
  /** `secrets.notifications`: when owners are told. */
  notificationsConfig: NotificationsConfig;
  /** Store and cluster health, checked every `healthCheckIntervalMs` by a scheduled task. */
  health: HealthMonitor;
  /** Watches of managed Secrets (`secrets.engine.watch`); `refresh()` every minute. */
  watchers?: ManagedSecretWatchers;
  /** `secrets.engine.healthCheckInterval`: how often `health.check()` is scheduled. */
  healthCheckIntervalMs: number;
  /** Lets a background sync run finish, then revokes Vault tokens the gateways obtained by login. */
  close(): Promise<void>;
  /** The database the runtime was built on, for the stores built beside it. */
  database: DatabaseService;
}

/**
 * Builds the gateways (one per store and per cluster), the stores and the engine. The
 * first configured cluster issues ServiceAccount tokens for Vault logins whose
 * `serviceAccountRef` names no cluster.
 */
export async function createSyncRuntime(options: {
  config: Config;
  database: DatabaseService;
  logger: LoggerService;
  /** Backstage's metrics service; defaults to the global OpenTelemetry meter provider's meter. */
  meter?: MetricsMeter;
  /** With these, a `type: catalog` cluster locator adds the catalog's clusters. */
  catalog?: CatalogService;
  auth?: AuthService;
  /** The engine's clock (tests of replicas whose clocks disagree); the system clock by default. */
  clock?: () => Date;
}): Promise<SyncRuntime> {
  const { config, database, logger } = options;
  const secrets = readSecretsConfig(config);
  const directory = new ClusterDirectory(readClusterSettings(config), {
    createGateway: c =>
      createClusterGateway(c, { logger: logger.child({ cluster: c.name }) }),
    logger,
    catalog: options.catalog,
    auth: options.auth,
  });
  const clusters = directory.gateways;
  const tokenSource: ServiceAccountTokenSource = {
    requestToken(req) {
      const gateway = req.cluster
        ? clusters.get(req.cluster)
        : (clusters.values().next().value as ClusterGateway | undefined);
      if (!gateway) {
        return Promise.reject(
          new Error(
            `No cluster "${
              req.cluster ?? '(default)'
            }" to request a ServiceAccount token from`,
          ),
        );
      }
      return gateway.requestServiceAccountToken(req);
    },
  };
  const vault = new Map(
    [...secrets.stores.values()].map(s => [
      s.name,
      createVaultGateway(s, {
        logger: logger.child({ store: s.name }),
        tokenSource,
      }),
    ]),
  );
  const mappings = await DatabaseMappingStore.create(database);
  const state = await DatabaseSyncStateStore.create(database);
  const leases = await DatabaseLeaseStore.create(database);
  const hmacKey = await (
    await DatabaseHmacKeyStore.create(database)
  ).dataHmacKey();
  const { catalog, auth } = options;
  const metrics = createSyncMetrics({
    meter: options.meter ?? otel.getMeter('backstage-secrets'),
    vault,
    statusCounts: () => state.countByStatus(),
    state,
    ownersOf:
      catalog && auth ? refs => catalogOwners(catalog, auth, refs) : undefined,
    mappingLabels: secrets.metrics.mappingLabels,
  });
  // The engine tells the watches of saved mappings, the watches tell the engine of drift.
  let watchers: ManagedSecretWatchers | undefined = undefined;
  const requests = new RequestActivity();
  const pacer = new LoopPacer({
    budgetMs: secrets.engine.loopDelayBudgetMs,
    inUse: () => requests.busy(),
  });
  if (secrets.engine.loopDelayBudgetMs > 0) requests.start();
  pacer.start();
  const engine = new SyncEngine({
    metrics,
    mappings,
    state,
    leases,
    vault: name => vault.get(name),
    cluster: name => clusters.get(name),
    hmacKey,
    config: secrets.engine,
    logger,
    owner: `engine-${randomUUID()}`,
    clock: options.clock,
    onMappingSaved: () => watchers?.refreshSoon(),
    pace: () => pacer.pace(),
  });
  watchers = secrets.engine.watch
    ? new ManagedSecretWatchers({
        cluster: name => clusters.get(name),
        targets: () => mappings.targetNamespaces(),
        hmacOf: secret => dataHmac(hmacKey, secret),
        onChange: change => engine.secretChanged(change),
        logger: logger.child({ task: 'watch' }),
        backoff: { initialMs: 1000, maxMs: 30_000 },
      })
    : undefined;
  const health = new HealthMonitor({
    stores: secrets.stores,
    vault,
    clusters,
    mappings,
    state,
    watch: secrets.engine.watch,
    backoffInitialMs: secrets.engine.backoff.initialMs,
    logger: logger.child({ task: 'health' }),
  });
  return {
    engine,
    mappings,
    state,
    leases,
    vault,
    stores: secrets.stores,
    clusters,
    health,
    watchers,
    healthCheckIntervalMs: secrets.engine.healthCheckIntervalMs,
    refreshClusters: directory.readsCatalog
      ? () => directory.refresh()
      : undefined,
    accessConfig: secrets.access,
    notificationsConfig: secrets.notifications,
    database,
    async close() {
      // A background run still writing its outcomes finishes before tokens are revoked.
      await watchers?.stop();
      await engine.stop();
      pacer.stop();
      requests.stop();
      await Promise.all([...vault.values()].map(v => v.close()));
    },
  };
}

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
