import { FakeCluster } from '../__testUtils__/fakes';
import { ClusterError, type ClusterHealth } from '../kubernetes';
import {
  checkCluster,
  withWatchFailures,
  type ClusterHealthReport,
} from './clusterHealth';
import type { NamespaceNeed } from './needs';

const now = new Date('2026-03-01T00:00:00Z');
const secrets = (...verbs: string[]) =>
  verbs.map(verb => ({ group: '', resource: 'secrets', verb }));
const needs: NamespaceNeed[] = [
  { namespace: 'payments', reviews: secrets('get', 'create') },
  {
    namespace: 'search',
    reviews: [
      ...secrets('get', 'create'),
      { group: 'apps', resource: 'deployments', verb: 'patch' },
    ],
  },
];

/** The fake cluster's permissions, with the API server's answer to `/version` set by the test. */
const answering = (cluster: FakeCluster, health: ClusterHealth) => ({
  health: async () => health,
  reviewAccess: jest.fn(cluster.reviewAccess.bind(cluster)),
});

describe('checkCluster', () => {
  it('is healthy when every namespace allows what its mappings need', async () => {
    const cluster = answering(new FakeCluster(), {
      reachable: true,
      version: 'v1.36.3',
    });
    expect(await checkCluster('local', cluster, needs, now)).toEqual({
      reachable: true,
      version: 'v1.36.3',
      healthy: true,
      problems: [],
      namespaces: ['payments', 'search'],
      checkedAt: now.toISOString(),
    });
  });

  it('names a missing RoleBinding, and a Role that lacks some verbs, per namespace', async () => {
    const cluster = new FakeCluster();
    cluster.denied.add('payments/secrets/get');
    cluster.denied.add('payments/secrets/create');
    cluster.denied.add('search/deployments/patch');
    const report = await checkCluster('local', cluster, needs, now);
    expect(report.healthy).toBe(false);
    expect(report.problems).toEqual([
      {
        cause: 'KubernetesForbidden',
        message:
          'RoleBinding missing in namespace payments: the engine may not secrets get, create there',
        action:
          "Apply the engine's Role and RoleBinding in namespace payments (deploy/kubernetes/engine-rbac.yaml, one pair per namespace)",
        namespace: 'payments',
      },
      {
        cause: 'KubernetesForbidden',
        message:
          "The engine's Role in namespace search does not allow: deployments patch",
        action:
          "Add them to the Role bound to the engine's ServiceAccount in namespace search (see deploy/kubernetes/engine-rbac.yaml)",
        namespace: 'search',
      },
    ]);
  });

  it('says what a Role without list and watch on Secrets costs: syncs work, hand edits wait for the refresh', async () => {
    const cluster = new FakeCluster();
    cluster.denied.add('payments/secrets/list');
    cluster.denied.add('payments/secrets/watch');
    const report = await checkCluster(
      'local',
      cluster,
      [
        {
          namespace: 'payments',
          reviews: secrets('get', 'create', 'list', 'watch'),
        },
      ],
      now,
    );
    expect(report.problems).toEqual([
      {
        cause: 'KubernetesForbidden',
        message:
          "The engine's Role in namespace payments does not allow: secrets list, watch (so hand edits and deletions of its Secrets there are repaired at each mapping's refresh, not at once)",
        action:
          "Add them to the Role bound to the engine's ServiceAccount in namespace payments (see deploy/kubernetes/engine-rbac.yaml), or turn the watch off: secrets.engine.watch: false",
        namespace: 'payments',
      },
    ]);
  });

  it('says what a Role without create on Events costs', async () => {
    const cluster = new FakeCluster();
    cluster.denied.add('payments/events/create');
    cluster.denied.add('payments/secrets/watch');
    const report = await checkCluster(
      'local',
      cluster,
      [
        {
          namespace: 'payments',
          reviews: [
            ...secrets('get', 'watch'),
            { group: '', resource: 'events', verb: 'create' },
          ],
        },
      ],
      now,
    );
    expect(report.problems.map(p => p.message)).toEqual([
      "The engine's Role in namespace payments does not allow: secrets watch; events create (so hand edits and deletions of its Secrets there are repaired at each mapping's refresh, not at once; and `kubectl describe` shows no Events from the engine on them)",
    ]);
  });

  it('says the cluster is unreachable or the token rejected, without reviewing every namespace', async () => {
    const down = answering(new FakeCluster(), {
      reachable: false,
      error: 'ECONNREFUSED',
    });
    expect((await checkCluster('local', down, needs, now)).problems).toEqual([
      expect.objectContaining({
        cause: 'KubernetesUnreachable',
        message: 'ECONNREFUSED',
      }),
    ]);
    expect(down.reviewAccess).not.toHaveBeenCalled();

    const rejected = answering(new FakeCluster(), {
      reachable: true,
      error: "Cluster 'local': read version failed: API server answered 401",
      kind: 'unauthorized',
    });
    expect(
      (await checkCluster('local', rejected, needs, now)).problems,
    ).toEqual([
      expect.objectContaining({
        cause: 'KubernetesUnauthorized',
        message:
          "Cluster 'local': read version failed: API server answered 401",
        action: expect.stringContaining('serviceAccountToken'),
      }),
    ]);

    const failing = new FakeCluster();
    failing.failWith = new ClusterError(
      'unreachable',
      { cluster: 'local', verb: 'review get secrets' },
      'timed out',
    );
    const report = await checkCluster('local', failing, needs, now);
    expect(report.reachable).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0].cause).toBe('KubernetesUnreachable');
  });

  it('needs nothing but an answer when no mapping writes to the cluster', async () => {
    const report = await checkCluster('local', new FakeCluster(), [], now);
    expect(report).toMatchObject({ healthy: true, namespaces: [] });
  });
});

describe('withWatchFailures', () => {
  const healthy = {
    reachable: true,
    healthy: true,
    problems: [],
    namespaces: ['payments', 'search'],
    checkedAt: now.toISOString(),
  };
  const failingSince = (seconds: number) => ({
    since: new Date(now.getTime() - seconds * 1000),
    message: 'HTTP 502 Bad Gateway',
  });

  it('reports a watch failing for 30 s or more, with what is lost and what to do', () => {
    const report = withWatchFailures(
      'local',
      healthy,
      [
        { cluster: 'local', namespace: 'payments', failure: failingSince(30) },
        { cluster: 'local', namespace: 'search', failure: failingSince(29) },
      ],
      now,
    );
    expect(report.healthy).toBe(false);
    expect(report.problems).toEqual([
      {
        cause: 'KubernetesWatchFailing',
        message:
          "Watching the engine's Secrets in namespace payments has failed since 2026-02-28T23:59:30.000Z: HTTP 502 Bad Gateway (so hand edits and deletions of its Secrets there are repaired at each mapping's refresh, not at once)",
        action:
          'The engine retries by itself; check the API server of cluster "local" and whatever between it and the backend cuts long-lived connections (proxies, load balancers), or turn the watch off: secrets.engine.watch: false',
        namespace: 'payments',
      },
    ]);
  });

  it('leaves a working watch, and one the rest of the report explains, unreported', () => {
    const failing = [
      { cluster: 'local', namespace: 'payments', failure: failingSince(300) },
    ];
    expect(
      withWatchFailures(
        'local',
        healthy,
        [{ cluster: 'local', namespace: 'payments' }],
        now,
      ),
    ).toBe(healthy);
    // The cluster is down, or refuses the token: that is the problem to fix.
    const down: ClusterHealthReport = {
      ...healthy,
      reachable: false,
      healthy: false,
      problems: [
        { cause: 'KubernetesUnreachable', message: 'no answer', action: '…' },
      ],
    };
    expect(withWatchFailures('local', down, failing, now)).toBe(down);
    const unauthorized: ClusterHealthReport = {
      ...healthy,
      healthy: false,
      problems: [
        { cause: 'KubernetesUnauthorized', message: '401', action: '…' },
      ],
    };
    expect(withWatchFailures('local', unauthorized, failing, now)).toBe(
      unauthorized,
    );
    // The Role lacks `watch` there: the RBAC problem already says so.
    const forbidden: ClusterHealthReport = {
      ...healthy,
      healthy: false,
      problems: [
        {
          cause: 'KubernetesForbidden',
          message: 'no watch',
          action: '…',
          namespace: 'payments',
        },
      ],
    };
    expect(withWatchFailures('local', forbidden, failing, now)).toBe(forbidden);
  });
});
