import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { call, GatewayContext } from '../call';
import { encodeData, toLiveSecret } from '../secretCodec';
import type { LiveSecret, SecretKeysChange } from '../types';

/**
 * A JSON merge patch names only our keys (null removes one, and removing a key
 * that is already gone is a no-op), so keys other tools put in the Secret are
 * untouched. The resourceVersion in the patch makes the API server refuse it
 * (409) if the Secret changed since the engine read it.
 */
export async function patchSecretKeys(
  ctx: GatewayContext,
  namespace: string,
  name: string,
  change: SecretKeysChange,
): Promise<LiveSecret> {
  const data: Record<string, string | null> = encodeData(change.set);
  for (const key of change.remove) {
    if (!(key in change.set)) data[key] = null;
  }
  const body = {
    metadata: {
      resourceVersion: change.resourceVersion,
      ...(change.labels ? { labels: change.labels } : {}),
      ...(change.annotations ? { annotations: change.annotations } : {}),
    },
    data,
  };
  const patched = await call(
    ctx,
    { verb: 'patch Secret', namespace, name },
    c =>
      c.core.patchNamespacedSecret(
        { namespace, name, body },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
  );
  return toLiveSecret(patched);
}
