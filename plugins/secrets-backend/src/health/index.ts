/**
 * Health that names the cause: each store and cluster checked every health cycle for
 * what its mappings need (login and policy, token and RBAC), reported with what to do, and
 * the mappings a store or cluster failed re-queued once it is healthy again.
 */
export {
  CLUSTER_LEVEL_REASONS,
  HealthMonitor,
  STORE_LEVEL_REASONS,
  type HealthMonitorOptions,
} from './HealthMonitor';
export { checkCluster, type ClusterHealthReport } from './clusterHealth';
export { checkStore, type StoreHealthReport } from './storeHealth';
export {
  clusterNeeds,
  storeNeeds,
  type NamespaceNeed,
  type VaultNeed,
} from './needs';
