import type { StoreConfig } from '../config';
import type { KvPaths } from './kvPaths';
import type { Credential } from './login';
import type { TokenSession } from './session';
import type { VaultTransport } from './transport';
import type { VaultGatewayStats } from './types';

/** What each verb needs from its gateway. */
export interface GatewayContext {
  store: StoreConfig;
  paths: KvPaths;
  transport: VaultTransport;
  session: TokenSession;
  /**
   * A login with the store's auth method, held back while Vault refuses logins (see
   * LoginGate): the session's logins and the health check's probe logins share the hold.
   */
  login(): Promise<Credential>;
  stats: VaultGatewayStats;
}
