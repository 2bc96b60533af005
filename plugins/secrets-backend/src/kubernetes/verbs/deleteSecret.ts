import { call, GatewayContext } from '../call';
import { ClusterError } from '../ClusterError';

/**
 * Preconditions make the API server delete only the object the engine looked
 * at: a Secret re-created by someone else under the same name has another uid
 * and survives (409). A Secret that is already gone is the wanted outcome.
 */
export async function deleteSecret(
  ctx: GatewayContext,
  namespace: string,
  name: string,
  preconditions: { uid: string; resourceVersion?: string },
): Promise<void> {
  try {
    await call(ctx, { verb: 'delete Secret', namespace, name }, c =>
      c.core.deleteNamespacedSecret({
        namespace,
        name,
        body: { preconditions },
      }),
    );
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'notFound') return;
    throw error;
  }
}
