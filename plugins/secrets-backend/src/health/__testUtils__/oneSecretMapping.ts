import type { Mapping } from '@backstage-secrets/plugin-secrets-common';

/**
 * A mapping that writes one Secret in `namespace` of `cluster`: what a health check needs
 * to derive the engine's permissions there.
 */
export const oneSecretMapping = (
  cluster: string,
  namespace: string,
): Mapping => ({
  id: 'm',
  entityRef: 'component:default/payments-api',
  spec: {
    store: 'kv',
    data: [{ secretKey: 'k', remoteRef: { key: 'payments/x' } }],
    target: { clusters: [cluster], namespace, name: 'x' },
  },
  revision: 1,
  createdAt: '',
  updatedAt: '',
  createdBy: '',
  updatedBy: '',
});
