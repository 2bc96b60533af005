import { DEMO } from '@internal/devstack';
import { createClusterGateway } from './createClusterGateway';
import { RESTARTED_AT_ANNOTATION } from './verbs/restartWorkloads';
import {
  adminKube,
  cleanup,
  engineCluster,
  stack,
  uniqueName,
} from './__testUtils__/stack';
import { recordingLogger } from '../__testUtils__/recordingLogger';

/** Rollout restarts as the engine (real kube-apiserver; no controller rolls pods). */
describe('ClusterGateway.restartWorkloads (real kube-apiserver)', () => {
  const info = stack();
  const admin = adminKube(info);
  const gateway = createClusterGateway(engineCluster(info), {
    logger: recordingLogger(),
  });
  const namespace = DEMO.teamNamespaces[0];
  const track = cleanup(info, namespace);

  const deployment = (name: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { app: name },
          annotations: { 'example.com/keep': 'yes' },
        },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/app:1.0',
              env: [{ name: 'MODE', value: 'test' }],
            },
          ],
        },
      },
    },
  });

  it('sets restartedAt on the pod template and changes nothing else', async () => {
    const name = track.workload('Deployment', 'deploy');
    const before = await admin.apps.createNamespacedDeployment({
      namespace,
      body: deployment(name),
    });
    const start = Date.now();
    await gateway.restartWorkloads(namespace, [{ kind: 'Deployment', name }]);
    const after = await admin.apps.readNamespacedDeployment({
      name,
      namespace,
    });

    const annotations = after.spec!.template.metadata!.annotations!;
    const restartedAt = Date.parse(annotations[RESTARTED_AT_ANNOTATION]);
    expect(annotations[RESTARTED_AT_ANNOTATION]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
    expect(restartedAt).toBeGreaterThanOrEqual(start);
    expect(restartedAt).toBeLessThanOrEqual(Date.now());

    const { [RESTARTED_AT_ANNOTATION]: _, ...rest } = annotations;
    expect(rest).toEqual({ 'example.com/keep': 'yes' });
    const withoutAnnotation = {
      ...after.spec!,
      template: {
        ...after.spec!.template,
        metadata: { ...after.spec!.template.metadata, annotations: rest },
      },
    };
    expect(withoutAnnotation).toEqual(before.spec);
    expect(after.metadata!.generation).toBe(before.metadata!.generation! + 1);
  });

  it('restarts a StatefulSet and still tries the rest when one workload is missing', async () => {
    const name = track.workload('StatefulSet', 'sts');
    const spec = deployment(name).spec;
    await admin.apps.createNamespacedStatefulSet({
      namespace,
      body: {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name },
        spec: { ...spec, serviceName: name },
      },
    });
    await expect(
      gateway.restartWorkloads(namespace, [
        { kind: 'Deployment', name: uniqueName('missing') },
        { kind: 'StatefulSet', name },
      ]),
    ).rejects.toMatchObject({ kind: 'notFound', verb: 'restart Deployment' });
    const after = await admin.apps.readNamespacedStatefulSet({
      name,
      namespace,
    });
    expect(
      after.spec!.template.metadata!.annotations![RESTARTED_AT_ANNOTATION],
    ).toBeDefined();
  });

  it('is forbidden where the engine has no RBAC', async () => {
    await expect(
      gateway.restartWorkloads(DEMO.restrictedNamespace, [
        { kind: 'Deployment', name: 'anything' },
      ]),
    ).rejects.toMatchObject({ kind: 'forbidden' });
  });
});
