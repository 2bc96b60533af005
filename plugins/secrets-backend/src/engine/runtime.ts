import { randomUUID } from 'node:crypto';
import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Meter } from '@opentelemetry/api';
import {
  readSecretsConfig,
  type AccessConfig,
  type StoreConfig,
} from '../config';
import { createSyncMetrics } from '../metrics';
import {
  createClusterGateway,
  readClusters,
  type ClusterGateway,
} from '../kubernetes';
import { DatabaseLeaseStore } from '../dynamic';
import { DatabaseMappingStore } from '../mappings/DatabaseMappingStore';
import {
  createVaultGateway,
  type ServiceAccountTokenSource,
  type VaultGateway,
} from '../vault';
import { loadHmacKey } from './hmacKey';
import { DatabaseSyncStateStore } from './syncState';
import { SyncEngine } from './SyncEngine';

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
  clusters: ReadonlyMap<string, ClusterGateway>;
  /** Admins, namespace grants and service grants (`secrets.admins` and friends). */
  access: AccessConfig;
  /** Revokes Vault tokens the gateways obtained by login. */
  close(): Promise<void>;
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
  /** Defaults to the global OpenTelemetry meter provider's. */
  meter?: Meter;
}): Promise<SyncRuntime> {
  const { config, database, logger } = options;
  const secrets = readSecretsConfig(config);
  const clusters = new Map(
    readClusters(config).map(c => [
      c.name,
      createClusterGateway(c, { logger: logger.child({ cluster: c.name }) }),
    ]),
  );
  const defaultCluster = clusters.values().next().value as
    | ClusterGateway
    | undefined;
  const tokenSource: ServiceAccountTokenSource = {
    requestToken(req) {
      const gateway = req.cluster ? clusters.get(req.cluster) : defaultCluster;
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
  const hmacKey = await loadHmacKey(await database.getClient());
  const metrics = createSyncMetrics({
    vault,
    statusCounts: () => state.countByStatus(),
    meter: options.meter,
  });
  const engine = new SyncEngine({
    metrics,
    mappings,
    state,
    leases,
    vault: name => vault.get(name),
    cluster: name => clusters.get(name),
    hmacKey,
    engine: secrets.engine,
    logger,
    owner: `engine-${randomUUID()}`,
  });
  return {
    engine,
    mappings,
    state,
    leases,
    vault,
    stores: secrets.stores,
    clusters,
    access: secrets.access,
    async close() {
      await Promise.all([...vault.values()].map(v => v.close()));
    },
  };
}
