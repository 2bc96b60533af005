import type { StoreStatus } from '@backstage-secrets/plugin-secrets-common';
import type { VaultError } from './errors';
/** One KV secret version as read from Vault. */
export interface VaultSecret {
  data: Record<string, unknown>;
  /** KV v2 only. */
  version?: number;
  /** KV v2 only: when this version was written (RFC 3339). */
  createdTime?: string;
}

/** One entry of a KV v2 secret's version history. */
export interface VaultSecretVersionInfo {
  createdTime: string;
  /** Set when the version is soft-deleted (it may be undeleted). */
  deletionTime?: string;
  destroyed: boolean;
}

/** What a dynamic secrets engine issued: values for the Secret, and the lease on them. */
export interface DynamicIssue {
  /** Credentials or certificate fields: secret values, only ever written to the Secret. */
  data: Record<string, unknown>;
  /** Absent when nothing is leased (a PKI certificate without `generate_lease`). */
  leaseId?: string;
  leaseDurationS: number;
  renewable: boolean;
  /**
   * Accessor of the Vault token that issued the lease. Vault revokes a token's leases with
   * it, so the engine watches that token's expiry (`issuerStatus`).
   */
  issuedBy?: string;
}

/** Whether the token behind a lease still lives, and until when (unless renewed). */
export type IssuerStatus =
  | { state: 'alive'; expiresAt?: Date; creationTtlS: number }
  | { state: 'gone' }
  /** The engine's policy may not look tokens up (`auth/token/lookup-accessor`). */
  | { state: 'unknown' };

/** What a lease renewal granted: at most the role's max TTL allows. */
export interface LeaseRenewal {
  leaseDurationS: number;
  renewable: boolean;
}

/** KV v2 metadata of a secret: its version history, never its values. */
export interface VaultSecretMetadata {
  currentVersion: number;
  oldestVersion: number;
  createdTime?: string;
  updatedTime?: string;
  customMetadata: Record<string, string>;
  versions: Record<number, VaultSecretVersionInfo>;
}

/**
 * `sys/health` of a store, parsed for every status code; never throws. The Vault fields
 * the API reports per store (`StoreStatus.health`), plus the store's name.
 */
export type StoreHealth = { store: string } & Pick<
  StoreStatus['health'],
  'reachable' | 'initialized' | 'sealed' | 'standby' | 'version' | 'error'
>;

/**
 * What a fresh login with the store's auth may do (`sys/capabilities-self`): exactly one
 * of `loginError`, `checkError` or `capabilities` is set. Never holds the token.
 */
export interface VaultAccess {
  /** The login (or, for a static token, its lookup) failed. */
  loginError?: VaultError;
  /** The login worked but Vault would not answer the capabilities question. */
  checkError?: VaultError;
  /** Capabilities per asked path, e.g. `["read", "list"]` or `["deny"]`. */
  capabilities?: Record<string, string[]>;
}

/** Counters since the gateway was created, for metrics and tests. */
export interface VaultGatewayStats {
  reads: number;
  lists: number;
  /** Logins with the store's auth method (a static token is not a login). */
  logins: number;
  renewals: number;
  /** Calls that failed with a {@link VaultError}, plus failed renewals. */
  errors: number;
}

/**
 * Issues Kubernetes ServiceAccount tokens (TokenRequest API) for kubernetes and jwt
 * auth. Implemented by the Kubernetes gateway.
 */
export interface ServiceAccountTokenSource {
  requestToken(req: {
    cluster?: string;
    namespace: string;
    serviceAccount: string;
    audiences?: string[];
    expirationSeconds?: number;
  }): Promise<string>;
}

/**
 * The only way the plugin talks to Vault: one gateway per configured store.
 *
 * @remarks
 * Keys are relative to the store's mount (`payments/payments-api`); the gateway
 * builds the KV v1/v2 paths. Every failure is a {@link VaultError}; invalid keys
 * and KV-v2-only calls on a KV v1 store are `InputError`s.
 */
export interface VaultGateway {
  readonly store: string;
  /** Reads the latest (or a pinned KV v2) version of a secret. */
  read(key: string, options?: { version?: number }): Promise<VaultSecret>;
  /** Keys directly below `prefix` (`''` for the mount root); folders end with `/`. */
  list(prefix: string): Promise<string[]>;
  /** KV v2 version history of a secret. */
  metadata(key: string): Promise<VaultSecretMetadata>;
  /** Writes a new KV v2 version if `cas` is still the current one (rotation). */
  write(
    key: string,
    data: Record<string, unknown>,
    options: { cas: number },
  ): Promise<{ version: number }>;
  /** Sets custom metadata on a KV v2 secret. */
  writeCustomMetadata(
    key: string,
    custom: Record<string, string>,
  ): Promise<void>;
  /** New values from a dynamic engine: GET `path`, or a write of `body` (PKI issue). */
  issue(path: string, body?: Record<string, unknown>): Promise<DynamicIssue>;
  /** Extends a lease; a lease that expired or was revoked is a `notFound` error. */
  renewLease(leaseId: string, incrementS: number): Promise<LeaseRenewal>;
  revokeLease(leaseId: string): Promise<void>;
  /** Looks up the token that issued a lease, by its accessor. */
  issuerStatus(accessor: string): Promise<IssuerStatus>;
  /** The gateway's own token, by accessor and expiry: it renews that one itself. */
  ownToken(): IssuerStatus & { accessor?: string };
  health(): Promise<StoreHealth>;
  /**
   * Logs in afresh with the store's auth (a revoked secret-id shows here, not only once
   * the current token expires), asks Vault what that token may do on each ACL path, and
   * revokes the token again. Never throws; not counted in {@link VaultGatewayStats}.
   */
  checkAccess(paths: string[]): Promise<VaultAccess>;
  stats(): VaultGatewayStats;
  /** Stops renewal and revokes any token the gateway obtained by logging in. */
  close(): Promise<void>;
}
