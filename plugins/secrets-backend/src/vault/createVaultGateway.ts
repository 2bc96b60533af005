import type { LoggerService } from '@backstage/backend-plugin-api';
import type { StoreConfig } from '../config';
import type { GatewayContext } from './context';
import { VaultError } from './errors';
import {
  issueDynamic,
  issuerStatus,
  renewLease,
  revokeLease,
} from './dynamicSecrets';
import { checkAccess } from './accessCheck';
import { checkHealth } from './health';
import { kvPaths } from './kvPaths';
import { listKeys } from './list';
import { readMetadata } from './metadata';
import { readSecret } from './read';
import { writeCustomMetadata, writeSecret } from './write';
import { obtainCredential } from './login';
import { LoginGate } from './loginGate';
import { TokenSession } from './session';
import { VaultTransport } from './transport';
import type {
  ServiceAccountTokenSource,
  VaultGateway,
  VaultGatewayStats,
} from './types';

/**
 * Creates the gateway of one store. Nothing is sent to Vault until the first call; the
 * first call that needs a token logs in.
 *
 * @param store - the validated store config (see `readSecretsConfig`)
 * @param deps - the logger, and the ServiceAccount token source for kubernetes/jwt auth
 *   with `serviceAccountRef`
 */
export function createVaultGateway(
  store: StoreConfig,
  deps: { logger: LoggerService; tokenSource?: ServiceAccountTokenSource },
): VaultGateway {
  const stats: VaultGatewayStats = {
    reads: 0,
    lists: 0,
    logins: 0,
    renewals: 0,
    errors: 0,
  };
  const logger = deps.logger.child({ vaultStore: store.name });
  const transport = new VaultTransport(store);
  const loginGate = new LoginGate(store);
  const login = () =>
    loginGate.attempt(() =>
      obtainCredential(transport, store.name, store.auth, deps.tokenSource),
    );
  const session = new TokenSession(store, transport, stats, logger, login);
  const ctx: GatewayContext = {
    store,
    paths: kvPaths(store.mount, store.kvVersion),
    transport,
    session,
    login,
    stats,
  };

  /** Counts failures for metrics; the error itself is already safe to show and log. */
  async function counted<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof VaultError) stats.errors += 1;
      throw error;
    }
  }

  return {
    store: store.name,
    read: (key, options) => counted(() => readSecret(ctx, key, options)),
    list: prefix => counted(() => listKeys(ctx, prefix)),
    metadata: key => counted(() => readMetadata(ctx, key)),
    write: (key, data, options) =>
      counted(() => writeSecret(ctx, key, data, options)),
    writeCustomMetadata: (key, custom) =>
      counted(() => writeCustomMetadata(ctx, key, custom)),
    issue: (path, body) => counted(() => issueDynamic(ctx, path, body)),
    renewLease: (leaseId, increment) =>
      counted(() => renewLease(ctx, leaseId, increment)),
    revokeLease: leaseId => counted(() => revokeLease(ctx, leaseId)),
    issuerStatus: accessor => counted(() => issuerStatus(ctx, accessor)),
    ownToken: () => session.status(),
    health: () => checkHealth(ctx),
    checkAccess: paths => checkAccess(ctx, paths),
    stats: () => ({ ...stats }),
    close: async () => {
      await session.close();
      transport.close();
    },
  };
}
