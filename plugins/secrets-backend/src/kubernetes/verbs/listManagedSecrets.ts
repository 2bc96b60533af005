import { call, GatewayContext } from '../call';
import { MANAGED_BY_SELECTOR } from '../managedMetadata';
import { toLiveSecret } from '../secretCodec';
import type { LiveSecret } from '../types';

/**
 * The label selector runs in the API server, so Secrets of other tools are
 * never even transferred. Namespaces hold few managed Secrets; no paging.
 */
export async function listManagedSecrets(
  ctx: GatewayContext,
  namespace: string,
): Promise<LiveSecret[]> {
  const list = await call(ctx, { verb: 'list managed Secrets', namespace }, c =>
    c.core.listNamespacedSecret({
      namespace,
      labelSelector: MANAGED_BY_SELECTOR,
    }),
  );
  return list.items.map(toLiveSecret);
}
