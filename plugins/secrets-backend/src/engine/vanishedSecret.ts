import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import type { ClusterGateway } from '../kubernetes';
import { applySecret, removeSecret } from './applySecret';
import { dataHmac } from './desired';
import type { ReconcileEvent, Reconciled } from './reconcileMapping';

/** The keys a mapping names itself; keys a `dataFrom` brought are not known once it is gone. */
function namedKeys(mapping: Mapping): string[] {
  return Object.keys(mapping.spec.target.template?.data ?? {}).concat(
    (mapping.spec.data ?? []).map(d => d.secretKey),
  );
}

/**
 * Every Vault secret of the mapping is gone, and its deletionPolicy acts on that:
 * `Delete` removes the Secret it owns (or, merged into a foreign Secret, its keys);
 * `Merge` keeps the Secret without the mapping's keys — an owned Secret is emptied (an
 * immutable one cannot be and keeps its values), a foreign one loses the mapping's keys.
 */
export async function reconcileVanished(
  mapping: Mapping,
  gateway: ClusterGateway,
  times: { now: Date; nextDueAt: Date },
  hmacKey: Buffer,
  events: ReconcileEvent[],
): Promise<Reconciled> {
  const { target } = mapping.spec;
  const policy = target.deletionPolicy;
  const merged = (target.creationPolicy ?? 'Owner') === 'Merge';
  let changed: boolean;
  let message: string;
  if (policy === 'Delete' || merged) {
    changed = await removeSecret(gateway, mapping, namedKeys(mapping));
    message =
      policy === 'Delete' && !merged
        ? `Vault secret is gone and deletionPolicy is Delete: ${
            changed ? 'Secret removed' : 'nothing to remove'
          }`
        : `Vault secret is gone and deletionPolicy is ${policy}: ${
            changed
              ? "the mapping's keys were removed from the Secret"
              : 'none of its keys remain in the Secret'
          }`;
  } else {
    const empty = { type: target.type ?? 'Opaque', data: {} };
    const action = await applySecret(gateway, {
      mapping,
      desired: empty,
      hmac: dataHmac(hmacKey, empty),
      hmacOf: secret => dataHmac(hmacKey, secret),
      now: times.now,
    });
    changed = action !== 'unchanged' && action !== 'kept';
    message =
      action === 'kept'
        ? 'Vault secret is gone and deletionPolicy is Merge: the Secret is immutable and keeps its keys'
        : 'Vault secret is gone and deletionPolicy is Merge: the Secret is kept without its keys';
  }
  if (changed)
    events.push({ type: 'Deleted', reason: 'VaultSecretDeleted', message });
  return {
    result: changed ? 'deleted' : 'unchanged',
    events,
    leases: [],
    outcome: {
      status: 'Synced',
      reason: 'VaultSecretDeleted',
      message,
      lastSyncedAt: times.now,
      lastAttemptAt: times.now,
      nextDueAt: times.nextDueAt,
      consecutiveFailures: 0,
    },
  };
}
