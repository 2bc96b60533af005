import { createRouteRef } from '@backstage/core-plugin-api';

/** Mount point of the Secrets tab on entity pages. */
export const rootRouteRef = createRouteRef({
  id: 'secrets',
});
