/**
 * Everything the plugin keeps in its database, each behind an interface with its
 * `Database*` implementation (SQLite or PostgreSQL through knex). Migrations live in
 * `migrations/` and run once per database service, however many stores ask.
 */
export { DatabaseMappingStore } from './DatabaseMappingStore';
export {
  secretTargetKey,
  type MappingFilter,
  type MappingStore,
  type MappingWrite,
  type SecretTarget,
} from './MappingStore';
export { DatabaseSyncStateStore } from './DatabaseSyncStateStore';
export * from './SyncStateStore';
export { DatabaseLeaseStore } from './DatabaseLeaseStore';
export type { DynamicLease, LeaseAction, LeaseStore } from './LeaseStore';
export {
  DatabaseHmacKeyStore,
  type HmacKeyStore,
} from './DatabaseHmacKeyStore';
export { DatabaseWatchFailureStore } from './DatabaseWatchFailureStore';
export type {
  WatchFailureRecord,
  WatchFailureStore,
} from './WatchFailureStore';
export { DatabaseDeclaredStatusStore } from './DatabaseDeclaredStatusStore';
export type { DeclaredStatusStore } from './DeclaredStatusStore';
export { DatabaseNotificationStateStore } from './DatabaseNotificationStateStore';
export type {
  NotificationStateStore,
  NotifiedClaim,
  NotifiedState,
  NotifiedTopic,
} from './NotificationStateStore';
export { DatabaseNotificationScans } from './DatabaseNotificationScans';
export type {
  FailingSync,
  NotificationScans,
  ScanCursor,
  ScannedMapping,
  SyncedVersions,
  UnrenewedLease,
} from './NotificationScans';
