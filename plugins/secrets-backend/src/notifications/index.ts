/**
 * Notifications to the owners of mappings, through Backstage's notifications plugin:
 * failing past a grace, recovered, store outages as one summary, leases ending unrenewed,
 * orphans, rotation due. `OwnerNotifier` runs the steps; each step's file decides one kind.
 */
export { OwnerNotifier, SLOW_CHECK_MS } from './OwnerNotifier';
export { notificationsEnabled } from './enabled';
export type { OwnerNotifierOptions } from './OwnerNotifier';
export type { NotifierReport } from './context';
export { TOPICS } from './messages';
export { STORE_LEVEL_REASONS } from './failures';
