import type { StoreConfig } from '../config';
import type { KvPaths } from './kvPaths';
import type { LoginGate } from './loginGate';
import type { TokenSession } from './session';
import type { VaultTransport } from './transport';
import type { VaultGatewayStats } from './types';

/** What each verb needs from its gateway. */
export interface GatewayContext {
  store: StoreConfig;
  paths: KvPaths;
  transport: VaultTransport;
  session: TokenSession;
  /** Shared by the session's logins and the health check's probe logins. */
  loginGate: LoginGate;
  stats: VaultGatewayStats;
}
