import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  KUBERNETES_CLUSTER_FILTER,
  clusterFromEntity,
} from './catalogClusters';
import type { ClusterSettings } from './readClusters';
import type { ClusterConfig, ClusterGateway } from './types';

/**
 * The clusters the engine syncs to, by name: the configured ones, fixed at start-up, and
 * (with a `type: catalog` locator) the catalog's `kubernetes-cluster` Resources, read
 * again by {@link ClusterDirectory.refresh}. A cluster keeps its gateway while its
 * settings are unchanged; a failed catalog read keeps the clusters already known, so a
 * catalog outage never stops syncing.
 */
export class ClusterDirectory {
  /** Gateways by cluster name; the same map throughout, updated in place. */
  readonly gateways = new Map<string, ClusterGateway>();
  /** What each catalog cluster's gateway was built from, to notice a change. */
  private readonly fromCatalog = new Map<string, string>();
  private readonly skipped = new Set<string>();

  constructor(
    private readonly settings: ClusterSettings,
    private readonly deps: {
      createGateway: (cluster: ClusterConfig) => ClusterGateway;
      logger: LoggerService;
      catalog?: CatalogService;
      auth?: AuthService;
    },
  ) {
    for (const cluster of settings.clusters) {
      this.gateways.set(cluster.name, deps.createGateway(cluster));
    }
  }

  /** Whether clusters come from the catalog too, so {@link refresh} has work to do. */
  get readsCatalog(): boolean {
    return Boolean(this.settings.catalog && this.deps.catalog);
  }

  /** Reads the catalog's clusters again; returns how many the engine knows from it. */
  async refresh(): Promise<number> {
    const { catalog, auth, logger } = this.deps;
    if (!this.settings.catalog || !catalog || !auth) return 0;
    const { items } = await catalog.getEntities(
      { filter: [KUBERNETES_CLUSTER_FILTER] },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const seen = new Set<string>();
    for (const entity of items) {
      const found = clusterFromEntity(entity, {
        overrides: this.settings.overrides,
        allowSkipTLSVerify: this.settings.catalog.allowSkipTLSVerify,
      });
      if ('skipped' in found) {
        this.warnOnce(found.skipped, logger);
        continue;
      }
      const { cluster } = found;
      if (this.settings.clusters.some(c => c.name === cluster.name)) {
        this.warnOnce(
          `kubernetes-cluster Resource "${cluster.name}" is ignored: a cluster of that name is configured (type: config)`,
          logger,
        );
        continue;
      }
      seen.add(cluster.name);
      const settings = JSON.stringify(cluster);
      if (this.fromCatalog.get(cluster.name) !== settings) {
        this.fromCatalog.set(cluster.name, settings);
        this.gateways.set(cluster.name, this.deps.createGateway(cluster));
        logger.info(
          `Cluster "${cluster.name}" from the catalog: ${cluster.url}`,
        );
      }
    }
    for (const name of [...this.fromCatalog.keys()]) {
      if (seen.has(name)) continue;
      this.fromCatalog.delete(name);
      this.gateways.delete(name);
      logger.info(`Cluster "${name}" is no longer in the catalog`);
    }
    return seen.size;
  }

  private warnOnce(message: string, logger: LoggerService) {
    if (this.skipped.has(message)) return;
    this.skipped.add(message);
    logger.warn(message);
  }
}
