export { DatabaseSyncStateStore, PRIORITY } from './DatabaseSyncStateStore';
export type * from './types';
