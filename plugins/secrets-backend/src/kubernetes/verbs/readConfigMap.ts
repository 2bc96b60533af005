import { call, GatewayContext } from '../call';
import { ClusterError } from '../ClusterError';

/**
 * A ConfigMap's `data` (templates for `templateFrom`); `undefined` when it does not exist.
 * `binaryData` is left out, as ESO leaves it out.
 */
export async function readConfigMap(
  ctx: GatewayContext,
  namespace: string,
  name: string,
): Promise<Record<string, string> | undefined> {
  try {
    const configMap = await call(
      ctx,
      { verb: 'read ConfigMap', namespace, name },
      c => c.core.readNamespacedConfigMap({ namespace, name }),
    );
    return { ...configMap.data };
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'notFound')
      return undefined;
    throw error;
  }
}
