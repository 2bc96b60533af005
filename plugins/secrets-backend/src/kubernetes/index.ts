export { createClusterGateway } from './createClusterGateway';
export { readClusters, readClusterSettings } from './readClusters';
export type { ClusterSettings } from './readClusters';
export { ClusterDirectory } from './ClusterDirectory';
export { ClusterError } from './ClusterError';
export type { ClusterErrorKind, ClusterCallSite } from './ClusterError';
export * from './managedMetadata';
export { RESTARTED_AT_ANNOTATION } from './verbs/restartWorkloads';
export type * from './types';
