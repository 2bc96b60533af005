import {
  dynamicPath,
  vaultReadsOf,
  type ClusterInfo,
  type HealthProblem,
  type MappingView,
  type StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';

/** `secret/data/payments/x` or `kv/payments/x`: how Vault's policies name a KV read. */
const aclPath = (store: StoreStatus, key: string) =>
  store.kvVersion === 2
    ? `${store.mount}/data/${key}`
    : `${store.mount}/${key}`;

/** Whether one path is below the other: a prefix (`…/payments/*`) covers what starts with it. */
const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/**
 * A store's problems that can fail this entity's mappings: every problem of the store
 * itself (down, sealed, login), and a missing policy path only where the entity reads.
 * Another team's missing prefix is the platform's concern, not this tab's.
 */
export function storeProblemsFor(
  store: StoreStatus,
  mappings: MappingView[],
): HealthProblem[] {
  const own = mappings.filter(m => m.spec.store === store.name);
  const paths = own.flatMap(m =>
    m.spec.dynamic
      ? [dynamicPath(m.spec.dynamic)]
      : vaultReadsOf(m.spec).map(r => aclPath(store, r.key)),
  );
  return store.health.problems.filter(p => {
    if (!p.path) return true;
    const granted = p.path.endsWith('*') ? p.path.slice(0, -1) : p.path;
    return paths.some(path => overlaps(path, granted));
  });
}

/** A cluster's problems for these mappings: the cluster's own, and RBAC of their namespaces. */
export function clusterProblemsFor(
  cluster: ClusterInfo,
  mappings: MappingView[],
): HealthProblem[] {
  const namespaces = new Set(
    mappings
      .filter(m => m.spec.target.clusters.includes(cluster.name))
      .map(m => m.spec.target.namespace),
  );
  return cluster.health.problems.filter(
    p => !p.namespace || namespaces.has(p.namespace),
  );
}
