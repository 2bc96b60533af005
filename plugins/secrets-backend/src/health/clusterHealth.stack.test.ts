import { DEMO } from '@internal/devstack';
import { recordingLogger } from '../__testUtils__/recordingLogger';
import { createClusterGateway } from '../kubernetes';
import {
  engineCluster,
  stack,
  uniqueName,
} from '../kubernetes/__testUtils__/stack';
import { oneSecretMapping } from './__testUtils__/oneSecretMapping';
import { testEngineIdentity } from './__testUtils__/testIdentities';
import { checkCluster } from './clusterHealth';
import { clusterNeeds, type NamespaceNeed } from './needs';

/**
 * Cluster health against the real kube-apiserver: SelfSubjectAccessReviews as an engine
 * identity of this suite's own (a ServiceAccount with a Role and RoleBinding in the
 * `restricted` namespace, where the shared engine has none) show a RoleBinding removed
 * and put back. Other suites' identities and bindings are not touched.
 */

jest.setTimeout(60_000);

const NAMESPACE = DEMO.restrictedNamespace;

describe('cluster health (real kube-apiserver)', () => {
  const info = stack();
  const name = uniqueName('health-engine');
  let identity: Awaited<ReturnType<typeof testEngineIdentity>>;

  beforeAll(async () => {
    identity = await testEngineIdentity(info, name, NAMESPACE);
  });
  afterAll(() => identity?.remove());

  const needs: NamespaceNeed[] = [
    {
      namespace: NAMESPACE,
      reviews: ['get', 'create', 'update', 'patch', 'delete'].map(verb => ({
        group: '',
        resource: 'secrets',
        verb,
      })),
    },
  ];

  const gateway = (token = identity.token) =>
    createClusterGateway(
      {
        ...engineCluster(info),
        name: 'health-test',
        credentials: { type: 'token', token, source: 'test' },
      },
      { logger: recordingLogger() },
    );

  it('is healthy while the RoleBinding is there, names it once removed, and recovers when it is back', async () => {
    const g = gateway();
    const check = () => checkCluster('health-test', g, needs, new Date());
    expect(await check()).toMatchObject({
      reachable: true,
      version: 'v1.36.3',
      healthy: true,
      problems: [],
      namespaces: [NAMESPACE],
    });

    await identity.unbind();
    try {
      const report = await check();
      expect(report.healthy).toBe(false);
      expect(report.problems).toEqual([
        {
          cause: 'KubernetesForbidden',
          message: `RoleBinding missing in namespace ${NAMESPACE}: the engine may not secrets get, create, update, patch, delete there`,
          action: `Apply the engine's Role and RoleBinding in namespace ${NAMESPACE} (deploy/kubernetes/engine-rbac.yaml, one pair per namespace)`,
          namespace: NAMESPACE,
        },
      ]);
    } finally {
      await identity.bind();
    }
    expect(await check()).toMatchObject({ healthy: true, problems: [] });
  });

  it('names a Role that lacks a verb the mappings need', async () => {
    const report = await checkCluster(
      'health-test',
      gateway(),
      [
        {
          namespace: NAMESPACE,
          reviews: [
            { group: '', resource: 'secrets', verb: 'get' },
            { group: '', resource: 'configmaps', verb: 'get' },
            { group: 'apps', resource: 'deployments', verb: 'patch' },
          ],
        },
      ],
      new Date(),
    );
    expect(report.problems).toEqual([
      expect.objectContaining({
        cause: 'KubernetesForbidden',
        message: `The engine's Role in namespace ${NAMESPACE} does not allow: configmaps get; deployments patch`,
      }),
    ]);
  });

  it('names a Role without list and watch on Secrets or create on Events, and the API server indeed refuses the watch and the Event there', async () => {
    const noWatch = await testEngineIdentity(
      info,
      uniqueName('health-nowatch'),
      NAMESPACE,
      ['get', 'create', 'update', 'patch', 'delete'],
      false,
    );
    try {
      const g = gateway(noWatch.token);
      const writes = oneSecretMapping('health-test', NAMESPACE);
      const watched = clusterNeeds('health-test', [writes], { watch: true });
      const report = await checkCluster('health-test', g, watched, new Date());
      expect(report.problems).toEqual([
        {
          cause: 'KubernetesForbidden',
          message: `The engine's Role in namespace ${NAMESPACE} does not allow: secrets list, watch; events create (so hand edits and deletions of its Secrets there are repaired at each mapping's refresh, not at once; and \`kubectl describe\` shows no Events from the engine on them)`,
          action: `Add them to the Role bound to the engine's ServiceAccount in namespace ${NAMESPACE} (see deploy/kubernetes/engine-rbac.yaml), or turn the watch off: secrets.engine.watch: false`,
          namespace: NAMESPACE,
        },
      ]);
      // What the review says is what the API server does: the watch's first list and the
      // Event are refused.
      await expect(
        g.listManagedSecretsAt(NAMESPACE, async () => undefined),
      ).rejects.toMatchObject({ name: 'ClusterError', kind: 'forbidden' });
      await expect(
        g.recordEvent({
          namespace: NAMESPACE,
          secretName: 'x',
          type: 'Normal',
          reason: 'Synced',
          message: 'test',
        }),
      ).rejects.toMatchObject({ name: 'ClusterError', kind: 'forbidden' });
      // With the watch off, only the Events are missing.
      const without = clusterNeeds('health-test', [writes]);
      expect(
        (await checkCluster('health-test', g, without, new Date())).problems,
      ).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/does not allow: events create \(so/),
        }),
      ]);
    } finally {
      await noWatch.remove();
    }
  });

  it('says a rejected token is the token, not RBAC', async () => {
    const g = createClusterGateway(
      {
        ...engineCluster(info),
        name: 'health-test',
        credentials: { type: 'token', token: 'not-a-token', source: 'test' },
      },
      { logger: recordingLogger() },
    );
    const report = await checkCluster('health-test', g, needs, new Date());
    expect(report.problems).toEqual([
      expect.objectContaining({
        cause: 'KubernetesUnauthorized',
        action: expect.stringContaining('serviceAccountToken'),
      }),
    ]);
    expect(JSON.stringify(report)).not.toContain('not-a-token');
  });
});
