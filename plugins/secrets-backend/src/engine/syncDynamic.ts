import {
  dynamicPath,
  dynamicSecretKeys,
  dynamicSecretType,
  type DynamicSource,
  type Mapping,
} from '@backstage-secrets/plugin-secrets-common';
import {
  capAt,
  fingerprint,
  issuerCheck,
  issuerOf,
  issuedValues,
  issueRequest,
  planIssued,
  planRenewed,
} from '../dynamic';
import { isManagedBy, type ClusterGateway } from '../kubernetes';
import { VaultError, type VaultGateway } from '../vault';
import {
  applySecret,
  ApplyRefusedError,
  type ApplyAction,
} from './applySecret';
import { finishDesiredSecret } from './desired';
import { valuesFromSibling } from './dynamicSiblings';
import type { LeaseStore, SyncEventType } from '../database';

export interface DynamicSyncDeps {
  leases: LeaseStore;
  /** The mapping's other clusters, where its Secret may hold the lease's values. */
  siblings: readonly ClusterGateway[];
  hmacOf(secret: { type: string; data: Record<string, Buffer> }): string;
  random: () => number;
}

/** What one sync of a dynamic mapping did, for the engine to record. */
export interface DynamicSyncResult {
  action: ApplyAction;
  /** New values were issued (and written): consumers must restart. */
  issued: boolean;
  events: { type: SyncEventType; reason: string; message: string }[];
  hmac: string;
  path: string;
  /** When the lease or certificate needs the engine next. */
  nextActionAt: Date;
}

/** A mapping whose values come from a dynamic engine. */
export type DynamicMapping = Mapping & {
  spec: Mapping['spec'] & { dynamic: DynamicSource };
};

const seconds = (ms: number) => `${Math.max(Math.round(ms / 1000), 0)}s`;

const REISSUE_MESSAGES: Record<string, string> = {
  Issued: 'issued',
  MappingChanged: 'issued because the mapping changed',
  SecretMissing: 'issued because the Secret was missing',
  SecretChanged: 'issued because the Secret was edited in the cluster',
  LeaseExpired: 'issued because the lease had expired or was revoked',
  LeaseEnding: 'issued before the lease reaches its max TTL',
  CertificateExpiring: 'issued before the certificate expires',
  ReissueRequested: 'issued on request; the previous lease is revoked',
  IssuerTokenEnding:
    'issued because the Vault token behind the lease is no longer renewed (an engine restart or a new login) and would take the lease with it',
  IssuerTokenGone:
    'issued because the Vault token behind the lease is gone, and its lease with it',
};

/**
 * One sync of a dynamic mapping. Values are never stored, so the Secret is the only copy:
 * while it still holds what was issued, the lease is only renewed on schedule; when the
 * lease is ending, the certificate is due, or the Secret was lost or edited, new values
 * are issued and written. A failure before the write leaves the Secret as it was, and
 * values issued but not written are revoked at once.
 */
export async function syncDynamic(
  deps: DynamicSyncDeps,
  mapping: DynamicMapping,
  vault: VaultGateway,
  cluster: ClusterGateway,
  now: Date,
): Promise<DynamicSyncResult> {
  const source = mapping.spec.dynamic;
  const path = dynamicPath(source);
  const target = mapping.spec.target;
  const merge = target.creationPolicy === 'Merge';
  const live = await cluster.readSecret(target.namespace, target.name);
  if (live && !merge && !isManagedBy(live, mapping.id))
    throw new ApplyRefusedError(
      'SecretNotOwned',
      `Secret ${target.namespace}/${target.name} exists and was not created by this mapping; it is left untouched`,
    );
  // Refused before anything is issued: credentials nobody can receive are not created.
  if (!live && merge)
    throw new ApplyRefusedError(
      'MergeTargetMissing',
      `Secret ${target.namespace}/${target.name} does not exist; creationPolicy Merge only adds keys to an existing Secret`,
    );
  const lease = await deps.leases.current(mapping.id);
  const events: DynamicSyncResult['events'] = [];

  let reason: string | undefined;
  let ours: Record<string, Buffer> = live
    ? Object.fromEntries(
        dynamicSecretKeys(mapping.spec)
          .filter(k => k in live.data)
          .map(k => [k, live.data[k]]),
      )
    : {};
  const type = dynamicSecretType(mapping.spec);
  if (!lease) reason = 'Issued';
  else if (lease.fingerprint !== fingerprint(mapping.spec))
    reason = 'MappingChanged';
  else if (!live) reason = 'SecretMissing';
  else if (deps.hmacOf({ type, data: ours }) !== lease.dataHmac)
    reason = 'SecretChanged';
  else if (now >= lease.nextActionAt) {
    const issuer =
      lease.nextAction === 'renew' && lease.leaseId && lease.issuedBy
        ? await issuerOf(vault, lease.issuedBy, now)
        : {};
    if (issuer === 'gone') {
      reason = 'IssuerTokenGone';
    } else if (issuer === 'ending') {
      reason = 'IssuerTokenEnding';
    } else if (lease.nextAction === 'renew' && lease.leaseId) {
      try {
        const renewal = await vault.renewLease(
          lease.leaseId,
          lease.leaseDurationS,
        );
        const plan = capAt(
          planRenewed(source, lease.leaseDurationS, renewal, now, deps.random),
          issuer.checkAt,
        );
        await deps.leases.update(lease.id, {
          ...plan,
          renewable: renewal.renewable,
          renewals: lease.renewals + 1,
        });
        lease.nextActionAt = plan.nextActionAt;
        events.push({
          type: 'Renewed',
          reason: 'LeaseRenewed',
          message: `Lease on ${path} renewed for ${seconds(
            renewal.leaseDurationS * 1000,
          )}${
            plan.nextAction === 'reissue'
              ? '; it is reaching its max TTL, so new credentials follow before it ends'
              : ''
          }`,
        });
      } catch (error) {
        if (!(error instanceof VaultError && error.kind === 'notFound'))
          throw error;
        reason = 'LeaseExpired';
      }
    } else if (lease.nextAction === 'replace') {
      reason = 'ReissueRequested';
    } else {
      reason = source.engine === 'pki' ? 'CertificateExpiring' : 'LeaseEnding';
    }
  }

  if (
    lease &&
    (reason === 'SecretMissing' || reason === 'SecretChanged') &&
    deps.siblings.length > 0
  ) {
    const copy = await valuesFromSibling({
      namespace: target.namespace,
      name: target.name,
      keys: dynamicSecretKeys(mapping.spec),
      type,
      hmac: lease.dataHmac,
      hmacOf: deps.hmacOf,
      siblings: deps.siblings,
    });
    if (copy) {
      reason = undefined;
      ours = copy.data;
      events.push({
        type: 'Changed',
        reason: 'CopiedFromCluster',
        message: `${
          source.engine === 'pki' ? 'Certificate' : 'Credentials'
        } of the current lease on ${path} written as cluster ${
          copy.cluster
        } holds them (one lease for all of the mapping's clusters)`,
      });
    }
  }

  if (!reason) {
    // Same values; labels or annotations may still have changed with the mapping.
    const action = await applySecret(cluster, {
      mapping,
      desired: { type, data: ours },
      hmac: lease!.dataHmac,
      hmacOf: deps.hmacOf,
      known: { live },
      now,
    });
    return {
      action,
      issued: false,
      events,
      hmac: lease!.dataHmac,
      path,
      nextActionAt: lease!.nextActionAt,
    };
  }

  const request = issueRequest(source);
  const issued = await vault.issue(request.path, request.body);
  let action: ApplyAction;
  let hmac: string;
  try {
    const desired = finishDesiredSecret(
      mapping.spec,
      issuedValues(source.engine, issued.data),
      [{ key: path }],
      type,
    );
    hmac = deps.hmacOf(desired);
    action = await applySecret(cluster, {
      mapping,
      desired,
      hmac,
      hmacOf: deps.hmacOf,
      known: { live },
      now,
    });
  } catch (error) {
    // Nothing will ever use these values: do not leave live credentials behind.
    if (issued.leaseId) await vault.revokeLease(issued.leaseId).catch(() => {});
    throw error;
  }
  const plan = capAt(
    planIssued(source, issued, now, deps.random),
    await issuerCheck(vault, issued.issuedBy, now),
  );
  // A lease at its end expires by itself; one replaced early (edited Secret, changed
  // mapping) still works for anyone who copied it, so it is revoked.
  const early = ![
    'LeaseEnding',
    'LeaseExpired',
    'CertificateExpiring',
    'IssuerTokenEnding',
    'IssuerTokenGone',
  ].includes(reason);
  await deps.leases.replace(
    {
      mappingId: mapping.id,
      store: mapping.spec.store,
      engine: source.engine,
      leaseId: issued.leaseId,
      issuedBy: issued.issuedBy,
      serialNumber:
        typeof issued.data.serial_number === 'string'
          ? issued.data.serial_number
          : undefined,
      fingerprint: fingerprint(mapping.spec),
      dataHmac: hmac,
      issuedAt: now,
      expiresAt: plan.expiresAt,
      leaseDurationS: issued.leaseDurationS,
      renewable: issued.renewable,
      renewals: 0,
      nextAction: plan.nextAction,
      nextActionAt: plan.nextActionAt,
    },
    early && lease?.leaseId ? 'revoke' : 'delete',
  );
  const what = source.engine === 'pki' ? 'Certificate' : 'Credentials';
  events.push({
    type: 'Issued',
    reason,
    message: `${what} from ${path} ${
      REISSUE_MESSAGES[reason]
    }; valid until ${plan.expiresAt.toISOString()}`,
  });
  return {
    action,
    issued: true,
    events,
    hmac,
    path,
    nextActionAt: plan.nextActionAt,
  };
}
