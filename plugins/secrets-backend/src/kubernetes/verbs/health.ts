import { call, GatewayContext } from '../call';
import { ClusterError } from '../ClusterError';
import type { ClusterHealth } from '../types';

/**
 * `/version` with the engine's credentials: it proves the network path, TLS
 * and that the token is accepted (a rejected token answers 401). An answer of
 * any kind means reachable; the error then says what is wrong.
 */
export async function health(ctx: GatewayContext): Promise<ClusterHealth> {
  try {
    const info = await call(ctx, { verb: 'read version' }, c =>
      c.version.getCode(),
    );
    return { reachable: true, version: info.gitVersion };
  } catch (error) {
    const clusterError = error as ClusterError;
    return {
      reachable: clusterError.status !== undefined,
      error: clusterError.message,
      kind: clusterError.kind,
    };
  }
}
