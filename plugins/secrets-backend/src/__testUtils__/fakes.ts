/**
 * Small in-memory stand-ins behind the plugin's interfaces, for unit tests of the engine
 * and the services. They keep only the rules a caller relies on (revisions, one Secret per
 * mapping, claims and "sync now", check-and-set, uids and resource versions); the real
 * implementations are proven by the `*.stack.test.ts` suites against PostgreSQL, SQLite,
 * Vault and the kube-apiserver.
 */
export * from './fakeStores';
export * from './fakeGateways';
export * from './fakeApi';
