import type { StoreStatus } from '@backstage-secrets/plugin-secrets-common';
import type { StoreConfig } from './config';
import type { VaultGateway } from './vault';

/**
 * The status of every configured store: each health check runs in parallel and is bounded
 * by the store's request timeout, so one unreachable Vault does not hold up the others.
 */
export async function storeStatuses(
  stores: ReadonlyMap<string, StoreConfig>,
  gateways: ReadonlyMap<string, VaultGateway>,
): Promise<StoreStatus[]> {
  return Promise.all(
    [...stores.values()].map(async store => {
      const gateway = gateways.get(store.name)!;
      const { store: _name, ...health } = await gateway.health();
      return {
        name: store.name,
        mount: store.mount,
        kvVersion: store.kvVersion,
        publicUrl: store.publicUrl,
        health,
        requests: gateway.stats(),
      };
    }),
  );
}
