import type { StackInfo } from './state.ts';

const caData = (info: Pick<StackInfo, 'kubernetes'>) =>
  Buffer.from(info.kubernetes.caPem).toString('base64');

/**
 * The `kubernetes` app-config block for the stack's cluster (named `local`), with the
 * engine's ServiceAccount token: the same block the overlay gives the backend, for tests
 * and the benchmark that build their own configuration.
 */
export function stackKubernetesConfig(
  info: Pick<StackInfo, 'kubernetes'> &
    Partial<Pick<StackInfo, 'secondCluster'>>,
) {
  const second = info.secondCluster;
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
          ...(second
            ? [
                {
                  name: second.name,
                  url: second.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: second.engineToken,
                  caData: Buffer.from(second.caPem).toString('base64'),
                },
              ]
            : []),
        ],
      },
    ],
  };
}

/**
 * Options for `KubeConfig.loadFromOptions` acting as the cluster admin (test setup only);
 * `second` for the second cluster of a stack started with one.
 */
export function adminKubeconfigOptions(
  info: Pick<StackInfo, 'kubernetes'> &
    Partial<Pick<StackInfo, 'secondCluster'>>,
  cluster: 'local' | 'second' = 'local',
) {
  const second = cluster === 'second' ? info.secondCluster : undefined;
  if (cluster === 'second' && !second)
    throw new Error('this stack was started without a second cluster');
  const [server, ca, token] = second
    ? [
        second.url,
        Buffer.from(second.caPem).toString('base64'),
        second.adminToken,
      ]
    : [info.kubernetes.url, caData(info), info.kubernetes.adminToken];
  return {
    clusters: [{ name: 'devstack', server, caData: ca }],
    users: [{ name: 'admin', token }],
    contexts: [{ name: 'devstack', cluster: 'devstack', user: 'admin' }],
    currentContext: 'devstack',
  };
}
