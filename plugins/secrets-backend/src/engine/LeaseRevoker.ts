import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LeaseStore } from '../database';
import type { SyncMetrics } from '../metrics';
import type { VaultGateway } from '../vault';
import { describeFailure } from './failure';

/**
 * Revokes the leases of deleted (or replaced) dynamic mappings in Vault. One Vault cannot
 * revoke now stays queued in the lease store and is retried with backoff; lease ids never
 * reach a log line or an error, only the mapping and the store.
 */
export class LeaseRevoker {
  constructor(
    private readonly deps: {
      leases: Pick<
        LeaseStore,
        'retire' | 'toRevoke' | 'revoked' | 'revokeFailed'
      >;
      vault(store: string): VaultGateway | undefined;
      metrics?: SyncMetrics;
      logger: LoggerService;
      clock: () => Date;
    },
  ) {}

  /** A deleted mapping's lease is revoked now, or queued; undefined when it had none. */
  async retire(mappingId: string): Promise<boolean | undefined> {
    const lease = await this.deps.leases.retire(mappingId);
    return lease?.leaseId ? this.revoke(lease) : undefined;
  }

  /** Revokes the leases of deleted mappings that Vault could not revoke before. */
  async revokePending(): Promise<void> {
    for (const lease of await this.deps.leases.toRevoke(20, this.deps.clock()))
      await this.revoke(lease);
  }

  private async revoke(lease: {
    id: number;
    mappingId: string;
    store: string;
    engine: 'database' | 'pki';
    leaseId?: string;
  }): Promise<boolean> {
    const record = (action: 'revoked' | 'revoke_failed') =>
      this.deps.metrics?.recordLease({
        store: lease.store,
        engine: lease.engine,
        action,
      });
    const gateway = this.deps.vault(lease.store);
    try {
      if (lease.leaseId && gateway) await gateway.revokeLease(lease.leaseId);
      await this.deps.leases.revoked(lease.id);
      record('revoked');
      this.deps.logger.info(
        `Revoked the lease of deleted mapping ${lease.mappingId} in store ${lease.store}`,
      );
      return true;
    } catch (error) {
      await this.deps.leases.revokeFailed(lease.id, this.deps.clock());
      record('revoke_failed');
      this.deps.logger.warn(
        `Revoking the lease of deleted mapping ${
          lease.mappingId
        } failed, will retry: ${describeFailure(error).message}`,
      );
      return false;
    }
  }
}
