import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { repoRoot } from '../paths.ts';
import { DEMO } from './demoData.ts';
import type { KubeApi } from './kubeApi.ts';

const meta = (name: string, namespace?: string) => ({
  name,
  ...(namespace ? { namespace } : {}),
  labels: { 'app.kubernetes.io/part-of': 'backstage-secrets-devstack' },
});

/** One object of a Kubernetes manifest. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

/** Every object of a YAML file of the operations kit's `deploy/kubernetes/`. */
export function readKitManifest(file: string): ManifestObject[] {
  const text = fs.readFileSync(
    path.join(repoRoot(), 'deploy', 'kubernetes', file),
    'utf8',
  );
  return yaml
    .parseAllDocuments(text)
    .map(d => d.toJS() as ManifestObject)
    .filter(Boolean);
}

/**
 * Creates the demo namespaces, then the engine's identity with least-privilege RBAC from
 * the operations kit (`deploy/kubernetes/engine-rbac.yaml`: Secrets only in the team
 * namespaces, patch on workloads there for rollout restarts, TokenRequest for its own
 * ServiceAccount), and the reviewer Vault's kubernetes auth uses.
 */
export async function bootstrapKubernetes(api: KubeApi): Promise<void> {
  for (const ns of [...DEMO.teamNamespaces, DEMO.restrictedNamespace]) {
    await api.create('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: meta(ns),
    });
  }
  for (const object of readKitManifest('engine-rbac.yaml'))
    await api.apply(object);
  await api.create(
    `/api/v1/namespaces/${DEMO.engineNamespace}/serviceaccounts`,
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(DEMO.reviewerServiceAccount, DEMO.engineNamespace),
    },
  );

  // Vault's kubernetes auth calls TokenReview with the reviewer's token.
  await api.create('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: meta('vault-token-reviewer-auth-delegator'),
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'system:auth-delegator',
    },
    subjects: [
      {
        kind: 'ServiceAccount',
        name: DEMO.reviewerServiceAccount,
        namespace: DEMO.engineNamespace,
      },
    ],
  });
}

/** A kubeconfig for the engine's ServiceAccount (token auth, CA pinned). */
export function engineKubeconfig(
  server: string,
  caPem: string,
  token: string,
): string {
  const ca = Buffer.from(caPem).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: devstack',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${ca}`,
    'users:',
    `- name: ${DEMO.engineServiceAccount}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: devstack',
    '  context:',
    '    cluster: devstack',
    `    user: ${DEMO.engineServiceAccount}`,
    'current-context: devstack',
    '',
  ].join('\n');
}
