import { createRouteRef } from '@backstage/core-plugin-api';

/** Mount point of the Secrets tab on entity pages. */
export const rootRouteRef = createRouteRef({
  id: 'secrets',
});

/** Mount point of the platform audit page. */
export const auditRouteRef = createRouteRef({
  id: 'secrets-audit',
});
