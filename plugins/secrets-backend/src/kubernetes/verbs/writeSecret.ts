import { call, GatewayContext } from '../call';
import { toLiveSecret, toV1Secret } from '../secretCodec';
import type { DesiredSecret, LiveSecret } from '../types';

/** Fails with `conflict` (AlreadyExists) rather than adopting a foreign Secret. */
export async function createSecret(
  ctx: GatewayContext,
  secret: DesiredSecret,
): Promise<LiveSecret> {
  const { namespace, name } = secret;
  const created = await call(
    ctx,
    { verb: 'create Secret', namespace, name },
    c => c.core.createNamespacedSecret({ namespace, body: toV1Secret(secret) }),
  );
  return toLiveSecret(created);
}

/**
 * A PUT carrying the resourceVersion the engine read: the API server refuses
 * it (409) if anyone changed the Secret since, so a concurrent edit is never
 * silently overwritten.
 */
export async function replaceSecret(
  ctx: GatewayContext,
  secret: DesiredSecret & { resourceVersion: string },
): Promise<LiveSecret> {
  const { namespace, name } = secret;
  const replaced = await call(
    ctx,
    { verb: 'replace Secret', namespace, name },
    c =>
      c.core.replaceNamespacedSecret({
        namespace,
        name,
        body: toV1Secret(secret, secret.resourceVersion),
      }),
  );
  return toLiveSecret(replaced);
}
