import { randomUUID } from 'node:crypto';
import type {
  AuthService,
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { Config } from '@backstage/config';
import { metrics as otel } from '@opentelemetry/api';
import {
  readSecretsConfig,
  type AccessConfig,
  type NotificationsConfig,
  type StoreConfig,
} from '../config';
import { createSyncMetrics, type MetricsMeter } from '../metrics';
import { catalogOwners } from '../metrics/catalogOwners';
import {
  ClusterDirectory,
  createClusterGateway,
  readClusterSettings,
  type ClusterGateway,
} from '../kubernetes';
import {
  DatabaseHmacKeyStore,
  DatabaseLeaseStore,
  DatabaseMappingStore,
  DatabaseSyncStateStore,
  DatabaseWatchFailureStore,
} from '../database';
import {
  createVaultGateway,
  type ServiceAccountTokenSource,
  type VaultGateway,
} from '../vault';
import { dataHmac } from '../engine/desired';
import { LoopPacer } from '../engine/LoopPacer';
import { RequestActivity } from '../engine/RequestActivity';
import { SyncEngine } from '../engine/SyncEngine';
import { ManagedSecretWatchers } from '../engine/watch/ManagedSecretWatchers';
import { HealthMonitor } from '../health';
import { sharedWatchStates } from '../health/sharedWatchStates';

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
  /**
   * `secrets.engine.enabled`: this replica syncs, watches and revokes; false, it serves
   * the API only and schedules none of that (see `replicaTasks`).
   */
  engineEnabled: boolean;
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
  const watchFailures = await DatabaseWatchFailureStore.create(database);
  /** This replica: its claims and the watch failures it publishes are marked with it. */
  const owner = `engine-${randomUUID()}`;
  const hmacKey = await (
    await DatabaseHmacKeyStore.create(database)
  ).dataHmacKey();
  const { catalog, auth } = options;
  // The engine tells the watches of saved mappings, the watches tell the engine of drift;
  // the health check reads the watches, and says whose watches the engine may trust.
  let watchers: ManagedSecretWatchers | undefined = undefined;
  let health: HealthMonitor | undefined = undefined;
  const metrics = createSyncMetrics({
    meter: options.meter ?? otel.getMeter('backstage-secrets'),
    vault,
    statusCounts: () => state.countByStatus(),
    state,
    ownersOf:
      catalog && auth ? refs => catalogOwners(catalog, auth, refs) : undefined,
    mappingLabels: secrets.metrics.mappingLabels,
    // Set below; read only when the metrics are collected.
    watches: () => watchers?.states() ?? [],
  });
  const requests = new RequestActivity();
  const pacer = new LoopPacer({
    budgetMs: secrets.engine.loopDelayBudgetMs,
    inUse: () => requests.busy(),
  });
  // Pacing serves an engine that runs here; an API-only replica has nothing to pace.
  if (secrets.engine.enabled) {
    if (secrets.engine.loopDelayBudgetMs > 0) requests.start();
    pacer.start();
  }
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
    owner,
    clock: options.clock,
    onMappingSaved: () => watchers?.refreshSoon(),
    // Only where the last health check passed: a RoleBinding taken away does not end a
    // watch already open, and the check is what notices it.
    watchedVersion: (cluster, namespace, name) =>
      health?.clusterPassed(cluster)
        ? watchers?.versionOf(cluster, namespace, name)
        : undefined,
    pace: () => pacer.pace(),
  });
  watchers =
    secrets.engine.enabled && secrets.engine.watch
      ? new ManagedSecretWatchers({
          cluster: name => clusters.get(name),
          targets: () => mappings.targetNamespaces(),
          hmacOf: secret => dataHmac(hmacKey, secret),
          onChange: change => engine.secretChanged(change),
          logger: logger.child({ task: 'watch' }),
          backoff: { initialMs: 1000, maxMs: 30_000 },
        })
      : undefined;
  health = new HealthMonitor({
    stores: secrets.stores,
    vault,
    clusters,
    mappings,
    state,
    watch: secrets.engine.watch,
    watches: sharedWatchStates({
      replica: owner,
      local: watchers ? () => watchers!.states() : undefined,
      store: watchFailures,
      staleAfterMs: secrets.engine.healthCheckIntervalMs * 3,
      logger: logger.child({ task: 'health' }),
      clock: options.clock,
    }),
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
    engineEnabled: secrets.engine.enabled,
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
      // Its watches stop with it: what it published is no longer anyone's failure.
      if (watchers) await watchFailures.forget(owner).catch(() => undefined);
      await engine.stop();
      pacer.stop();
      requests.stop();
      await Promise.all([...vault.values()].map(v => v.close()));
    },
  };
}
