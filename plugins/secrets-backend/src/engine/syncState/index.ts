export {
  DatabaseSyncStateStore,
  PRIORITY,
  syncRequestPending,
} from './DatabaseSyncStateStore';
export type * from './types';
