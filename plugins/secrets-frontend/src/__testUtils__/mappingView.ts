import type { MappingView } from '@backstage-secrets/plugin-secrets-common';

/** payments-api's one-key mapping into Secret payments/payments-db, with `over` on top. */
export function paymentsDbMapping(
  over: Partial<MappingView> = {},
): MappingView {
  return {
    id: 'm1',
    entityRef: 'component:default/payments-api',
    spec: {
      store: 'local-kv2',
      data: [
        {
          secretKey: 'user',
          remoteRef: { key: 'payments/payments-api', property: 'db_username' },
        },
      ],
      target: {
        clusters: ['local'],
        namespace: 'payments',
        name: 'payments-db',
      },
    },
    revision: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    createdBy: 'user:default/alice',
    updatedBy: 'user:default/alice',
    status: [],
    ...over,
  };
}
