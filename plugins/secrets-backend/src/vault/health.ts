import type { GatewayContext } from './context';
import { VaultError } from './errors';
import type { StoreHealth } from './types';

/**
 * `sys/health` answers with a status per state (200 active, 429 standby, 472/473
 * secondaries, 501 not initialized, 503 sealed) and the same body for all of them,
 * so the body decides. It needs no token and lives in the root namespace.
 */
export async function checkHealth(ctx: GatewayContext): Promise<StoreHealth> {
  const store = ctx.store.name;
  let res;
  try {
    res = await ctx.transport.send('health', {
      method: 'GET',
      path: 'sys/health',
      noNamespace: true,
    });
  } catch (error) {
    const message =
      error instanceof VaultError ? error.message : 'unexpected error';
    return { store, reachable: false, error: message };
  }
  const b = res.body;
  if (typeof b?.initialized !== 'boolean' || typeof b?.sealed !== 'boolean') {
    return {
      store,
      reachable: true,
      error: `Vault store "${store}": sys/health answered HTTP ${res.status} without a Vault health body`,
    };
  }
  let error: string | undefined;
  if (!b.initialized) error = `Vault store "${store}" is not initialized`;
  else if (b.sealed) error = `Vault store "${store}" is sealed`;
  return {
    store,
    reachable: true,
    initialized: b.initialized,
    sealed: b.sealed,
    standby: b.standby === true,
    version: typeof b.version === 'string' ? b.version : undefined,
    ...(error ? { error } : {}),
  };
}
