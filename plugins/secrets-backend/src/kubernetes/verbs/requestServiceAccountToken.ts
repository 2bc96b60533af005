import { call, GatewayContext } from '../call';
import { ClusterError } from '../ClusterError';
import type { ServiceAccountTokenRequest } from '../types';

/**
 * Short-lived, audience-bound tokens from the TokenRequest API: no long-lived
 * token Secrets (and no controller-manager needed to populate them).
 */
export async function requestServiceAccountToken(
  ctx: GatewayContext,
  req: ServiceAccountTokenRequest,
): Promise<string> {
  const site = {
    verb: 'request token for ServiceAccount',
    namespace: req.namespace,
    name: req.serviceAccount,
  };
  const response = await call(ctx, site, c =>
    c.core.createNamespacedServiceAccountToken({
      namespace: req.namespace,
      name: req.serviceAccount,
      body: {
        spec: {
          audiences: req.audiences ?? [],
          expirationSeconds: req.expirationSeconds,
        },
      },
    }),
  );
  const token = response.status?.token;
  if (!token) {
    throw new ClusterError(
      'invalid',
      { cluster: ctx.cluster, ...site },
      'the API server returned no token',
    );
  }
  return token;
}
