import type { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterCallSite, toClusterError } from './ClusterError';
import type { KubeClients } from './client';

/** What every verb needs: the clients of one cluster and a logger. */
export interface GatewayContext {
  cluster: string;
  clients: KubeClients;
  logger: LoggerService;
}

/**
 * Runs one API call and turns any failure into a ClusterError. This is the
 * single place client-node exceptions are caught, so none can leak their
 * request or response body into a message, a log line or a `cause`.
 */
export async function call<T>(
  ctx: GatewayContext,
  site: Omit<ClusterCallSite, 'cluster'>,
  fn: (clients: KubeClients) => Promise<T>,
): Promise<T> {
  try {
    return await fn(ctx.clients);
  } catch (error) {
    const clusterError = toClusterError(
      error,
      { cluster: ctx.cluster, ...site },
      ctx.clients.timeoutMs,
    );
    ctx.logger.debug(clusterError.message, {
      cluster: ctx.cluster,
      kind: clusterError.kind,
    });
    throw clusterError;
  }
}
