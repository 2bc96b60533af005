/**
 * The plugin's composition root: the sync runtime (gateways, stores, engine) from config
 * and the database, then the API's services on top of it, and what each replica runs on a
 * timer. `plugin.ts` only passes the backend's services in and registers what comes out.
 */
export { createSyncRuntime, type SyncRuntime } from './createSyncRuntime';
export {
  createApi,
  createDeclaredMappings,
  createOwnerNotifier,
  type ApiDeps,
} from './createServices';
export { replicaTasks, type ReplicaTask } from './replicaTasks';
