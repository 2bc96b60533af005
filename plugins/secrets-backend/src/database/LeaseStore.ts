/**
 * What the engine does next with a dynamic mapping's lease or certificate: extend it, let
 * new values replace it near its end, or (an owner asked) replace it now and revoke it.
 */
export type LeaseAction = 'renew' | 'reissue' | 'replace';

/**
 * A lease (database credentials) or certificate issued for one dynamic mapping. Holds the
 * handle and the schedule, never the values: those exist only in the Secret.
 */
export interface DynamicLease {
  id: number;
  mappingId: string;
  store: string;
  engine: 'database' | 'pki';
  /** `current` serves the mapping; `revoke` waits for Vault to revoke it. */
  status: 'current' | 'revoke';
  /** Vault's lease id; absent for a certificate issued without a lease. */
  leaseId?: string;
  serialNumber?: string;
  /** Accessor of the Vault token that issued the lease (it dies with that token). */
  issuedBy?: string;
  /** Hash of the spec fields the values depend on; a change issues new values. */
  fingerprint: string;
  /** HMAC of the Secret data written with these values, to notice a Secret edited or lost. */
  dataHmac: string;
  issuedAt: Date;
  expiresAt: Date;
  /** The TTL granted at issue, the increment asked for on each renewal. */
  leaseDurationS: number;
  renewable: boolean;
  renewals: number;
  nextAction: LeaseAction;
  nextActionAt: Date;
  revokeFailures: number;
}

/** Where leases are kept: the plugin's database, so they survive restarts. */
export interface LeaseStore {
  current(mappingId: string): Promise<DynamicLease | undefined>;
  /** Makes `lease` the mapping's current one; the previous one is deleted or queued for revocation. */
  replace(
    lease: Omit<DynamicLease, 'id' | 'status' | 'revokeFailures'>,
    previous: 'delete' | 'revoke',
  ): Promise<void>;
  /** Records a renewal or a changed schedule of the current lease. */
  update(
    id: number,
    fields: Partial<
      Pick<
        DynamicLease,
        'expiresAt' | 'renewable' | 'renewals' | 'nextAction' | 'nextActionAt'
      >
    >,
  ): Promise<void>;
  /** An owner asked for new values: the next sync replaces the lease and revokes it. */
  requestReplace(mappingId: string, now: Date): Promise<boolean>;
  /** The mapping is gone: its current lease waits for revocation. */
  retire(mappingId: string): Promise<DynamicLease | undefined>;
  /** Leases waiting for revocation whose backoff has passed, oldest first. */
  toRevoke(limit: number, now: Date): Promise<DynamicLease[]>;
  revoked(id: number): Promise<void>;
  /** Counts the failure and backs off: 5 s, doubling, at most 10 minutes. */
  revokeFailed(id: number, now: Date): Promise<void>;
  /** Current leases of these mappings, for status views. */
  currentOf(mappingIds: string[]): Promise<Map<string, DynamicLease>>;
  /** Current leases of one entity's mappings, in one query, for its Secrets tab. */
  currentOfEntity(entityRef: string): Promise<Map<string, DynamicLease>>;
}
