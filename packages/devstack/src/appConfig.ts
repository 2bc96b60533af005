import type { StackInfo } from './state.ts';

const caData = (info: Pick<StackInfo, 'kubernetes'>) =>
  Buffer.from(info.kubernetes.caPem).toString('base64');

/**
 * The `kubernetes` app-config block for the stack's cluster (named `local`), with the
 * engine's ServiceAccount token: the same block the overlay gives the backend, for tests
 * and the benchmark that build their own configuration.
 */
export function stackKubernetesConfig(info: Pick<StackInfo, 'kubernetes'>) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'local',
            url: info.kubernetes.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: info.kubernetes.engineToken,
            caData: caData(info),
          },
        ],
      },
    ],
  };
}

/** Options for `KubeConfig.loadFromOptions` acting as the cluster admin (test setup only). */
export function adminKubeconfigOptions(info: Pick<StackInfo, 'kubernetes'>) {
  return {
    clusters: [
      { name: 'devstack', server: info.kubernetes.url, caData: caData(info) },
    ],
    users: [{ name: 'admin', token: info.kubernetes.adminToken }],
    contexts: [{ name: 'devstack', cluster: 'devstack', user: 'admin' }],
    currentContext: 'devstack',
  };
}
