export { createSyncMetrics, type MetricsMeter } from './createSyncMetrics';
export type { OwnersOf } from './OwnerLabels';
export type {
  StatusCounts,
  SyncAttributes,
  SyncMetrics,
  SyncResult,
} from './SyncMetrics';
