import { DEMO } from '@internal/devstack';
import { adminApi } from '../../__testUtils__/stackAdmin';
import * as k8s from '@kubernetes/client-node';
import {
  loggedText,
  recordingLogger,
} from '../../__testUtils__/recordingLogger';
import { oneSecretMapping } from '../../health/__testUtils__/oneSecretMapping';
import { testEngineIdentity } from '../../health/__testUtils__/testIdentities';
import { checkCluster, withWatchFailures } from '../../health/clusterHealth';
import { clusterNeeds } from '../../health/needs';
import { createClusterGateway } from '../../kubernetes';
import {
  engineCluster,
  stack,
  uniqueName,
} from '../../kubernetes/__testUtils__/stack';
import { createSyncMetrics } from '../../metrics';
import { testMeter } from '../../metrics/__testUtils__/testMeter';
import { ManagedSecretWatchers } from './ManagedSecretWatchers';

jest.setTimeout(60_000);

const NAMESPACE = DEMO.restrictedNamespace;
const VERBS = ['get', 'list', 'create', 'update', 'patch', 'delete'];

/**
 * A watch that fails on the real kube-apiserver after every good list — a Role with `list`
 * but without `watch` on Secrets, as a proxy cutting long-lived connections would look —
 * counts as failing from its first failure until a watch stays open, in its state, its
 * metric and its log; and once the Role allows `watch`, it recovers by itself.
 */
describe('a Secret watch failing on the real API server', () => {
  const info = stack();
  const name = uniqueName('watch-fails');
  let identity: Awaited<ReturnType<typeof testEngineIdentity>>;
  const rbac = () => adminApi(info, k8s.RbacAuthorizationV1Api);

  beforeAll(async () => {
    identity = await testEngineIdentity(info, name, NAMESPACE, VERBS);
  });
  afterAll(() => identity?.remove());

  it('is failing from the first failure, reported by its metric, and recovers once watch is granted', async () => {
    const logger = recordingLogger();
    const gateway = createClusterGateway(
      {
        ...engineCluster(info),
        name: 'watch-test',
        credentials: { type: 'token', token: identity.token, source: 'test' },
      },
      { logger },
    );
    const lists = jest.spyOn(gateway, 'listManagedSecretsAt');
    const watchers = new ManagedSecretWatchers({
      cluster: n => (n === 'watch-test' ? gateway : undefined),
      targets: async () => [{ cluster: 'watch-test', namespace: NAMESPACE }],
      hmacOf: () => '',
      onChange: async () => undefined,
      logger,
      backoff: { initialMs: 100, maxMs: 200 },
      healthyAfterMs: 1000,
    });
    const { meter, points } = testMeter();
    createSyncMetrics({
      meter,
      vault: new Map(),
      statusCounts: async () => ({}),
      state: { seriesPage: async () => [], oldestDue: async () => undefined },
      mappingLabels: false,
      watches: () => watchers.states(),
    });
    const gauge = async () =>
      Object.fromEntries(
        (await points('backstage_secrets.watches')).map(p => [
          `${p.attributes.cluster}/${p.attributes.state}`,
          p.value,
        ]),
      );
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++)
        await new Promise(r => setTimeout(r, 50));
    };
    try {
      await watchers.refresh();
      // Lists succeed, each watch is refused (403) after them.
      await until(() => lists.mock.calls.length >= 4);
      const [state] = watchers.states();
      expect(state).toEqual({
        cluster: 'watch-test',
        namespace: NAMESPACE,
        failure: {
          since: expect.any(Date),
          message: expect.stringMatching(/forbidden|403/i),
        },
      });
      const since = state.failure!.since;
      await until(() => lists.mock.calls.length >= 6);
      expect(watchers.states()[0].failure?.since).toEqual(since);
      expect(await gauge()).toEqual({
        'watch-test/watching': 0,
        'watch-test/failing': 1,
      });
      const warnings = logger.calls.filter(
        c => c[0] === 'warn' && String(c[2]).startsWith('Watching Secrets'),
      );
      expect(warnings).toHaveLength(1);

      // The review already names the missing verb there: the cluster's report says it once.
      const needs = clusterNeeds(
        'watch-test',
        [oneSecretMapping('watch-test', NAMESPACE)],
        { watch: true },
      );
      const later = new Date(since.getTime() + 60_000);
      const report = withWatchFailures(
        'watch-test',
        await checkCluster('watch-test', gateway, needs, later),
        watchers.states(),
        later,
      );
      expect(report.problems.map(p => [p.cause, p.namespace])).toEqual([
        ['KubernetesForbidden', NAMESPACE],
      ]);

      // Granted, the next try's watch stays open and counts as recovered.
      await rbac().replaceNamespacedRole({
        name,
        namespace: NAMESPACE,
        body: {
          metadata: { name },
          rules: [
            {
              apiGroups: [''],
              resources: ['secrets'],
              verbs: [...VERBS, 'watch'],
            },
            { apiGroups: [''], resources: ['events'], verbs: ['create'] },
          ],
        },
      });
      await until(() => watchers.states()[0].failure === undefined);
      expect(watchers.states()[0].failure).toBeUndefined();
      expect(await gauge()).toEqual({
        'watch-test/watching': 1,
        'watch-test/failing': 0,
      });
      expect(loggedText(logger)).toContain(
        `Watching Secrets in watch-test/${NAMESPACE} again`,
      );
    } finally {
      await watchers.stop();
    }
  });
});
