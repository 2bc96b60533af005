import * as k8s from '@kubernetes/client-node';
import { readKitManifest } from '../bootstrap/kubernetes.ts';
import { adminKube, stack } from './__testUtils__/clients.ts';

/** Every object of every file the kustomization lists. */
function manifests(): k8s.KubernetesObject[] {
  const [kustomization] = readKitManifest('kustomization.yaml') as unknown as {
    resources: string[];
  }[];
  return kustomization.resources.flatMap(readKitManifest);
}

/** The operations kit's manifests, as the cluster itself judges them. */
describe('deploy/kubernetes (server-side dry-run against the local kube-apiserver)', () => {
  const { kc } = adminKube(stack());
  const client = k8s.KubernetesObjectApi.makeApiClient(kc);

  it('lists the engine RBAC and an in-cluster Backstage with 2 replicas and health probes', () => {
    const objects = manifests();
    const kinds = objects.map(o => `${o.kind}/${o.metadata?.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'ServiceAccount/backstage-secrets-engine',
        'Role/backstage-secrets-engine-token',
        'Deployment/backstage',
        'Service/backstage',
        'ConfigMap/backstage-app-config',
      ]),
    );
    const deployment = objects.find(o => o.kind === 'Deployment') as any;
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.serviceAccountName).toBe(
      'backstage-secrets-engine',
    );
    const container = deployment.spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/api/secrets/health');
    expect(container.livenessProbe.httpGet.path).toBe('/api/secrets/health');
  });

  it('applies every object (server-side apply, dry run) without a single refusal', async () => {
    const refused: string[] = [];
    for (const object of manifests()) {
      try {
        await client.patch(
          object,
          undefined,
          'All',
          'backstage-secrets-deploy-test',
          true,
          k8s.PatchStrategy.ServerSideApply,
        );
      } catch (error) {
        refused.push(
          `${object.kind}/${object.metadata?.name}: ${String(
            (error as { body?: string }).body ?? error,
          ).slice(0, 300)}`,
        );
      }
    }
    expect(refused).toEqual([]);
  });

  it('is refused when an object is wrong, so the check above can fail', async () => {
    const broken = manifests().find(o => o.kind === 'Deployment') as any;
    broken.spec.replicas = 'two';
    await expect(
      client.patch(
        broken,
        undefined,
        'All',
        'backstage-secrets-deploy-test',
        true,
        k8s.PatchStrategy.ServerSideApply,
      ),
    ).rejects.toBeDefined();
  });
});
