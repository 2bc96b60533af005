/**
 * Response body of `GET /api/secrets/health`.
 *
 * @public
 */
export type SecretsHealth = {
  status: 'ok';
};

/**
 * One Vault store as `GET /api/secrets/stores` reports it: where it is, whether it can
 * serve reads now, and how the engine has used it since the backend started.
 *
 * @public
 */
export type StoreStatus = {
  name: string;
  mount: string;
  kvVersion: 1 | 2;
  /** Address for links to the Vault UI. */
  publicUrl: string;
  health: {
    reachable: boolean;
    initialized?: boolean;
    sealed?: boolean;
    standby?: boolean;
    version?: string;
    /** Why the store is unhealthy; never a credential. */
    error?: string;
  };
  /** With `?entityRef=`: the Vault path prefixes that entity may read through the store. */
  allowedPrefixes?: string[];
  /**
   * With `entityRef`: the dynamic engine paths the entity may use, e.g.
   * `database/creds/payments-*` (a final `*` matches any rest of the role name).
   */
  allowedDynamicPaths?: string[];
  requests: {
    reads: number;
    lists: number;
    logins: number;
    renewals: number;
    errors: number;
  };
};
