import type {
  ClusterInfo,
  HealthProblem,
} from '@backstage-secrets/plugin-secrets-common';
import {
  ClusterError,
  type AccessReview,
  type ClusterGateway,
} from '../kubernetes';
import type { WatchState } from '../engine/watch/ManagedSecretWatchers';
import { WATCH_VERBS, type NamespaceNeed } from './needs';

/** What `/clusters` reports as a cluster's health. */
export type ClusterHealthReport = ClusterInfo['health'];

/** Namespaces reviewed at the same time: a few requests in flight, not hundreds. */
const CONCURRENCY = 4;

const RBAC_FILE = 'deploy/kubernetes/engine-rbac.yaml';

function unreachable(cluster: string, message: string): HealthProblem {
  return {
    cause: 'KubernetesUnreachable',
    message,
    action: `Check cluster "${cluster}"'s url, caData or caFile in kubernetes.clusterLocatorMethods and the network path to it; syncing resumes by itself once it answers`,
  };
}

function unauthorized(cluster: string, message: string): HealthProblem {
  return {
    cause: 'KubernetesUnauthorized',
    message,
    action: `Give cluster "${cluster}" a valid token of the engine's ServiceAccount: serviceAccountToken or serviceAccountTokenFile in kubernetes.clusterLocatorMethods, or secrets.clusters.${cluster} for a catalog cluster`,
  };
}

/** `secrets get, create; deployments patch`: what the engine lacks, grouped by resource. */
function describe(reviews: AccessReview[]): string {
  const byResource = new Map<string, string[]>();
  for (const r of reviews)
    byResource.set(r.resource, [...(byResource.get(r.resource) ?? []), r.verb]);
  return [...byResource]
    .map(([resource, verbs]) => `${resource} ${verbs.join(', ')}`)
    .join('; ');
}

function forbidden(
  namespace: string,
  need: NamespaceNeed,
  allowed: boolean[],
): HealthProblem | undefined {
  const denied = need.reviews.filter((_, i) => !allowed[i]);
  if (denied.length === 0) return undefined;
  if (denied.length === need.reviews.length)
    return {
      cause: 'KubernetesForbidden',
      message: `RoleBinding missing in namespace ${namespace}: the engine may not ${describe(
        denied,
      )} there`,
      action: `Apply the engine's Role and RoleBinding in namespace ${namespace} (${RBAC_FILE}, one pair per namespace)`,
      namespace,
    };
  // Without these every sync still works: say what is lost instead.
  const watch = denied.some(
    r => r.resource === 'secrets' && WATCH_VERBS.includes(r.verb),
  );
  const lost = [
    ...(watch
      ? [
          "hand edits and deletions of its Secrets there are repaired at each mapping's refresh, not at once",
        ]
      : []),
    ...(denied.some(r => r.resource === 'events')
      ? ['`kubectl describe` shows no Events from the engine on them']
      : []),
  ];
  return {
    cause: 'KubernetesForbidden',
    message: `The engine's Role in namespace ${namespace} does not allow: ${describe(
      denied,
    )}${lost.length ? ` (so ${lost.join('; and ')})` : ''}`,
    action: `Add them to the Role bound to the engine's ServiceAccount in namespace ${namespace} (see ${RBAC_FILE})${
      watch ? ', or turn the watch off: secrets.engine.watch: false' : ''
    }`,
    namespace,
  };
}

/** A watch failing this long is reported; shorter outages are retried away unseen. */
export const WATCH_FAILING_REPORTED_AFTER_MS = 30_000;

/**
 * Adds the namespaces whose Secret watch (on this replica) has been failing for a while
 * where nothing else in the report explains it: not while the cluster is down or refuses
 * the token, nor in a namespace whose Role is already reported short of grants. No mapping
 * fails for it; the message says what is lost.
 */
export function withWatchFailures(
  cluster: string,
  report: ClusterHealthReport,
  watches: WatchState[],
  now: Date,
): ClusterHealthReport {
  if (
    !report.reachable ||
    report.problems.some(p => p.cause !== 'KubernetesForbidden')
  )
    return report;
  const explained = new Set(report.problems.map(p => p.namespace));
  const problems: HealthProblem[] = [];
  for (const { namespace, failure } of watches) {
    if (
      !failure ||
      explained.has(namespace) ||
      now.getTime() - failure.since.getTime() < WATCH_FAILING_REPORTED_AFTER_MS
    )
      continue;
    problems.push({
      cause: 'KubernetesWatchFailing',
      message: `Watching the engine's Secrets in namespace ${namespace} has failed since ${failure.since.toISOString()}: ${
        failure.message
      } (so hand edits and deletions of its Secrets there are repaired at each mapping's refresh, not at once)`,
      action: `The engine retries by itself; check the API server of cluster "${cluster}" and whatever between it and the backend cuts long-lived connections (proxies, load balancers), or turn the watch off: secrets.engine.watch: false`,
      namespace,
    });
  }
  if (problems.length === 0) return report;
  return {
    ...report,
    healthy: false,
    problems: [...report.problems, ...problems],
  };
}

/** A failed review request: the cluster or the token, not the RBAC being asked about. */
function reviewFailure(cluster: string, error: unknown): HealthProblem {
  if (error instanceof ClusterError && error.kind === 'unauthorized')
    return unauthorized(cluster, error.message);
  if (error instanceof ClusterError && error.kind === 'unreachable')
    return unreachable(cluster, error.message);
  return {
    cause: 'KubernetesCheckFailed',
    message: `Could not review the engine's permissions on cluster "${cluster}": ${
      error instanceof ClusterError ? error.message : 'unexpected error'
    }`,
    action:
      'Every authenticated identity may create SelfSubjectAccessReviews (ClusterRole system:basic-user): check that binding; the check runs again next cycle',
  };
}

/**
 * One cluster's health: the API server answers, accepts the engine's token, and its RBAC
 * lets the engine do what the mappings need in each of their namespaces (one
 * SelfSubjectAccessReview per permission, so whatever authorizer the cluster runs
 * answers). A failure of the cluster or token stops the review: it would say the same for
 * every namespace. Never throws.
 */
export async function checkCluster(
  cluster: string,
  gateway: Pick<ClusterGateway, 'health' | 'reviewAccess'>,
  needs: NamespaceNeed[],
  now: Date,
): Promise<ClusterHealthReport> {
  const health = await gateway.health();
  const report = (problems: HealthProblem[]): ClusterHealthReport => ({
    reachable: health.reachable,
    ...(health.version ? { version: health.version } : {}),
    healthy: problems.length === 0,
    problems,
    namespaces: needs.map(n => n.namespace),
    checkedAt: now.toISOString(),
  });
  // A rejected token, or none the engine could read: the message names the key to set.
  if (health.kind === 'unauthorized')
    return report([unauthorized(cluster, health.error ?? 'token rejected')]);
  if (!health.reachable)
    return report([unreachable(cluster, health.error ?? 'no answer')]);

  const problems: (HealthProblem | undefined)[] = [];
  let failure: HealthProblem | undefined;
  let next = 0;
  const worker = async () => {
    while (!failure && next < needs.length) {
      const i = next++;
      const need = needs[i];
      try {
        const allowed = await gateway.reviewAccess(
          need.namespace,
          need.reviews,
        );
        problems[i] = forbidden(need.namespace, need, allowed);
      } catch (error) {
        failure ??= reviewFailure(cluster, error);
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, needs.length) }, worker),
  );
  if (failure)
    return {
      ...report([failure]),
      ...(failure.cause === 'KubernetesUnreachable'
        ? { reachable: false }
        : {}),
    };
  return report(problems.filter((p): p is HealthProblem => Boolean(p)));
}
