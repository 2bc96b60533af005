export { createClusterGateway } from './createClusterGateway';
export { readClusters } from './readClusters';
export { ClusterError } from './ClusterError';
export type { ClusterErrorKind, ClusterCallSite } from './ClusterError';
export * from './managedMetadata';
export { RESTARTED_AT_ANNOTATION } from './verbs/restartWorkloads';
export type * from './types';
