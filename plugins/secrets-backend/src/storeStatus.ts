import type { StoreStatus } from '@backstage-secrets/plugin-secrets-common';
import type { StoreConfig } from './config';
import type { StoreHealthReport } from './health';
import type { VaultGateway } from './vault';

/** Only for a store whose first check has not finished (the monitor waits for it). */
const notChecked = (): StoreHealthReport => ({
  reachable: false,
  healthy: false,
  problems: [
    {
      cause: 'VaultCheckFailed',
      message: 'Not checked yet',
      action: 'Look again in a moment',
    },
  ],
  checkedAt: new Date(0).toISOString(),
});

/**
 * The status of every configured store: where it is, its health as the last health
 * cycle found it (see `HealthMonitor`), and the engine's use of it since start-up.
 */
export function storeStatuses(
  stores: ReadonlyMap<string, StoreConfig>,
  gateways: ReadonlyMap<string, Pick<VaultGateway, 'stats'>>,
  health: ReadonlyMap<string, StoreHealthReport>,
): StoreStatus[] {
  return [...stores.values()].map(store => ({
    name: store.name,
    mount: store.mount,
    kvVersion: store.kvVersion,
    publicUrl: store.publicUrl,
    health: health.get(store.name) ?? notChecked(),
    requests: gateways.get(store.name)!.stats(),
  }));
}
