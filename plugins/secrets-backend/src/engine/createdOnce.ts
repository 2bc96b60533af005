import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import type { SyncClaim } from '../database';
import { isManagedBy, type ClusterGateway } from '../kubernetes';
import type { Reconciled } from './reconcileMapping';

/**
 * `refreshPolicy: CreatedOnce`, as ESO has it: a Secret this mapping wrote is never updated
 * again (Vault is not even read); once it is gone, the next sync writes it anew. A Secret
 * the mapping does not own (e.g. `creationPolicy: Merge` into someone else's) goes the
 * usual way.
 */
export async function keptCreatedOnce(
  mapping: Mapping,
  gateway: ClusterGateway,
  claim: SyncClaim,
  times: { now: Date; nextDueAt: Date },
): Promise<Reconciled | undefined> {
  const { now, nextDueAt } = times;
  const { namespace, name } = mapping.spec.target;
  const live = await gateway.readSecret(namespace, name);
  if (!live || !isManagedBy(live, mapping.id)) return undefined;
  return {
    result: 'unchanged',
    events: [],
    leases: [],
    outcome: {
      status: 'Synced',
      reason: 'CreatedOnce',
      message: 'Secret exists; refreshPolicy CreatedOnce never updates it',
      syncedVersions: claim.state.syncedVersions,
      dataHmac: claim.state.dataHmac,
      lastSyncedAt: claim.state.lastSyncedAt
        ? new Date(claim.state.lastSyncedAt)
        : now,
      lastAttemptAt: now,
      nextDueAt,
      consecutiveFailures: 0,
    },
  };
}
