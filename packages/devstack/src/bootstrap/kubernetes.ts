import { DEMO } from './demoData.ts';
import type { KubeApi } from './kubeApi.ts';

const ENGINE_SUBJECT = {
  kind: 'ServiceAccount',
  name: DEMO.engineServiceAccount,
  namespace: DEMO.engineNamespace,
};

const meta = (name: string, namespace?: string) => ({
  name,
  ...(namespace ? { namespace } : {}),
  labels: { 'app.kubernetes.io/part-of': 'backstage-secrets-devstack' },
});

/**
 * Creates the demo namespaces and the engine's identity with least-privilege RBAC:
 * Secrets only in the team namespaces, patch on workloads there (rollout restarts),
 * and TokenRequest for its own ServiceAccount (Vault kubernetes/jwt login).
 */
export async function bootstrapKubernetes(api: KubeApi): Promise<void> {
  const namespaces = [
    ...DEMO.teamNamespaces,
    DEMO.restrictedNamespace,
    DEMO.engineNamespace,
  ];
  for (const ns of namespaces) {
    await api.create('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: meta(ns),
    });
  }
  for (const sa of [DEMO.engineServiceAccount, DEMO.reviewerServiceAccount]) {
    await api.create(
      `/api/v1/namespaces/${DEMO.engineNamespace}/serviceaccounts`,
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: meta(sa, DEMO.engineNamespace),
      },
    );
  }

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

  for (const ns of DEMO.teamNamespaces) {
    await bindRole(api, ns, 'backstage-secrets-engine', [
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
      },
      {
        apiGroups: ['apps'],
        resources: ['deployments', 'statefulsets', 'daemonsets'],
        verbs: ['get', 'list', 'patch'],
      },
    ]);
  }
  await bindRole(api, DEMO.engineNamespace, 'backstage-secrets-engine-token', [
    {
      apiGroups: [''],
      resources: ['serviceaccounts/token'],
      resourceNames: [DEMO.engineServiceAccount],
      verbs: ['create'],
    },
  ]);
}

async function bindRole(
  api: KubeApi,
  namespace: string,
  name: string,
  rules: unknown[],
): Promise<void> {
  const base = `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}`;
  await api.create(`${base}/roles`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta(name, namespace),
    rules,
  });
  await api.create(`${base}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta(name, namespace),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [ENGINE_SUBJECT],
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
