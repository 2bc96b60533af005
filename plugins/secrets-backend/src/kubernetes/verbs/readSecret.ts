import { call, GatewayContext } from '../call';
import { ClusterError } from '../ClusterError';
import { toLiveSecret } from '../secretCodec';
import type { LiveSecret } from '../types';

/** A missing Secret is an answer, not a failure: the engine then creates it. */
export async function readSecret(
  ctx: GatewayContext,
  namespace: string,
  name: string,
): Promise<LiveSecret | undefined> {
  try {
    const secret = await call(
      ctx,
      { verb: 'read Secret', namespace, name },
      c => c.core.readNamespacedSecret({ namespace, name }),
    );
    return toLiveSecret(secret);
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'notFound') {
      return undefined;
    }
    throw error;
  }
}
