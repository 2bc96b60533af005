import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { readEnvConfig } from '@backstage/config-loader';
import * as k8s from '@kubernetes/client-node';
import yaml from 'yaml';
import { readKitManifest } from '../bootstrap/kubernetes.ts';
import { repoRoot } from '../paths.ts';
import { adminKube, stack } from './__testUtils__/clients.ts';

/** Every object of every file the kustomization lists. */
function manifests(): k8s.KubernetesObject[] {
  const [kustomization] = readKitManifest('kustomization.yaml') as unknown as {
    resources: string[];
  }[];
  return kustomization.resources.flatMap(readKitManifest);
}

/** The objects `kubectl kustomize` builds from a kit's directory, patches applied. */
function built(dir: string): any[] {
  const text = execFileSync(
    'kubectl',
    ['kustomize', path.join(repoRoot(), 'deploy', dir)],
    { encoding: 'utf8' },
  );
  return yaml.parseAllDocuments(text).map(d => d.toJS());
}

const deploymentNamed = (objects: any[], name: string) =>
  objects.find(o => o.kind === 'Deployment' && o.metadata.name === name);

/** Whether a selector's labels all stand on a pod template. */
const selects = (selector: Record<string, string>, pod: any) =>
  Object.entries(selector).every(
    ([key, value]) => pod.metadata.labels?.[key] === value,
  );

/** The operations kit's manifests, as the cluster itself judges them. */
describe('deploy/kubernetes (server-side dry-run against the local kube-apiserver)', () => {
  const { kc } = adminKube(stack());
  const client = k8s.KubernetesObjectApi.makeApiClient(kc);
  const dryRunApply = (object: k8s.KubernetesObject) =>
    client.patch(
      object,
      undefined,
      'All',
      'backstage-secrets-deploy-test',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
  /** What the API server refuses of `objects`, one line each. */
  const refusals = async (objects: k8s.KubernetesObject[]) => {
    const refused: string[] = [];
    for (const object of objects) {
      try {
        await dryRunApply(object);
      } catch (error) {
        refused.push(
          `${object.kind}/${object.metadata?.name}: ${String(
            (error as { body?: string }).body ?? error,
          ).slice(0, 300)}`,
        );
      }
    }
    return refused;
  };

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
    expect(await refusals(manifests())).toEqual([]);
  });

  it('is refused when an object is wrong, so the check above can fail', async () => {
    const broken = manifests().find(o => o.kind === 'Deployment') as any;
    broken.spec.replicas = 'two';
    await expect(dryRunApply(broken)).rejects.toBeDefined();
  });

  describe('kubernetes-engine-apart (the engine in Deployments of its own)', () => {
    const objects = built('kubernetes-engine-apart');
    const api = deploymentNamed(objects, 'backstage');
    const engine = deploymentNamed(objects, 'backstage-engine');
    const env = (deployment: any) =>
      Object.fromEntries(
        deployment.spec.template.spec.containers[0].env
          .filter((e: any) => e.value !== undefined)
          .map((e: any) => [e.name, e.value]),
      );

    it('turns the engine off on the replicas behind the Service only, as Backstage reads the variable', () => {
      expect(readEnvConfig(env(api))).toEqual([
        { context: 'env', data: { secrets: { engine: { enabled: false } } } },
      ]);
      expect(env(engine)).not.toHaveProperty(
        'APP_CONFIG_secrets_engine_enabled',
      );
      const service = objects.find(o => o.kind === 'Service');
      expect(selects(service.spec.selector, api.spec.template)).toBe(true);
      expect(selects(service.spec.selector, engine.spec.template)).toBe(false);
      expect(selects(engine.spec.selector.matchLabels, api.spec.template)).toBe(
        false,
      );
      // Same identity, configuration and database as the API replicas.
      expect(engine.spec.template.spec.serviceAccountName).toBe(
        api.spec.template.spec.serviceAccountName,
      );
      expect(engine.spec.template.spec.volumes).toEqual(
        api.spec.template.spec.volumes,
      );
      expect(engine.spec.template.spec.containers[0].env).toEqual(
        api.spec.template.spec.containers[0].env.filter(
          (e: any) => e.name !== 'APP_CONFIG_secrets_engine_enabled',
        ),
      );
    });

    it('applies every object (server-side apply, dry run) without a single refusal', async () => {
      expect(objects.length).toBe(manifests().length + 1);
      expect(await refusals(objects)).toEqual([]);
    });
  });
});
