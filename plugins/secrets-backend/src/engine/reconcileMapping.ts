import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  isDynamic,
  parseDuration,
  type Mapping,
} from '@backstage-secrets/plugin-secrets-common';
import type { EngineConfig } from '../config';
import type {
  LeaseStore,
  SyncClaim,
  SyncEventType,
  SyncOutcome,
} from '../database';
import type { ClusterGateway } from '../kubernetes';
import type { VaultGateway } from '../vault';
import { removeSecret, type ApplyAction } from './applySecret';
import { keptCreatedOnce } from './createdOnce';
import { keptImmutable, notWritten } from './keptOutcomes';
import {
  buildDesiredSecret,
  clusterTemplateSources,
  dataHmac,
  isVaultSecretGone,
} from './desired';
import { camel, ConfigurationError, describeFailure } from './failure';
import type { CycleReadCache } from './readCache';
import { NEVER, nextRefresh, nextRetry } from './schedule';
import { syncDynamic, type DynamicMapping } from './syncDynamic';
import { reconcileVanished } from './vanishedSecret';
import { applyUnlessSeen, type WatchedVersion } from './seenSecret';
import { restartConsumers } from './restartConsumers';

/** What one reconcile needs besides the mapping: gateways, keys, schedule rules. */
export interface ReconcileDeps {
  /** The store's gateway, or undefined when the configuration lacks it. */
  vault(store: string): VaultGateway | undefined;
  hmacKey: Buffer;
  config: Pick<
    EngineConfig,
    'defaultRefreshIntervalMs' | 'jitter' | 'backoff' | 'secretReadIntervalMs'
  >;
  leases: LeaseStore;
  random: () => number;
  /** Whether the mapping still exists: a sync may outlive a concurrent delete. */
  mappingExists(id: string): Promise<boolean>;
  /** A deleted dynamic mapping's lease is revoked (or queued for it). */
  retireLease(mappingId: string): Promise<unknown>;
  /** A configured cluster's gateway (a dynamic mapping's other clusters). */
  cluster(name: string): ClusterGateway | undefined;
  /** Makes the mapping due now in that cluster (its Secret must follow new values). */
  requestSync(mappingId: string, cluster: string): Promise<unknown>;
  /** What the Secret watches show (see seenSecret.ts); absent: no watches. */
  watchedVersion?: WatchedVersion;
  logger: LoggerService;
}

/** An entry of the mapping's history, without the who and when the runner adds. */
export interface ReconcileEvent {
  type: SyncEventType;
  reason: string;
  message: string;
}

/** What one reconcile of a (mapping, cluster) did, for the runner to record. */
export interface Reconciled {
  /** What happened to the Secret: an apply action, removed by deletionPolicy, or failed. */
  result: ApplyAction | 'deleted' | 'failed';
  /** The state row's new status, schedule and versions. */
  outcome: SyncOutcome;
  /** History entries, in the order they happened. */
  events: ReconcileEvent[];
  /** Leases issued or renewed (dynamic mappings), for metrics. */
  leases: ('issued' | 'renewed')[];
  /** Run when the outcome finds the row gone: the mapping was deleted mid-sync. */
  ifLost?: () => Promise<void>;
  /** The uid of the Secret this sync wrote, when it wrote one. */
  secretUid?: string;
  /** Set when the sync failed: the reason, and whether it was unexpected (a bug). */
  failure?: { reason: string; message: string; unexpected?: string };
}

const EVENT_OF: Record<
  Exclude<ApplyAction, 'unchanged' | 'kept'>,
  { type: SyncEventType; message: string }
> = {
  created: { type: 'Synced', message: 'Secret created' },
  updated: { type: 'Changed', message: 'Secret updated from Vault' },
  merged: { type: 'Changed', message: "Mapping's keys merged into the Secret" },
  metadataUpdated: {
    type: 'Changed',
    message: "Secret's labels or annotations updated; its data is unchanged",
  },
  driftRepaired: {
    type: 'DriftRepaired',
    message: 'Secret was edited in the cluster; restored from Vault',
  },
};

/**
 * One sync of a mapping to one cluster, as a step the runner can call and a test can
 * drive with fakes: reads Vault (through the cycle's cache), builds the desired Secret,
 * writes only what differs, restarts consumers after a change — or, for a dynamic
 * mapping, renews or issues. Nothing is recorded here: the result says what to record. A
 * failure anywhere leaves the live Secret as it was and comes back as a `SyncedError`
 * outcome with its backoff.
 */
export async function reconcileMapping(
  deps: ReconcileDeps,
  mapping: Mapping,
  cluster: { name: string; gateway?: ClusterGateway },
  claim: SyncClaim,
  cache: CycleReadCache,
  now: Date,
): Promise<Reconciled> {
  const events: ReconcileEvent[] = [];
  try {
    if (!cluster.gateway)
      throw new ConfigurationError(
        'ClusterNotConfigured',
        `Cluster "${cluster.name}" is not configured (kubernetes.clusterLocatorMethods)`,
      );
    const store = requireStoreGateway(deps.vault, mapping.spec.store);
    if (isDynamic(mapping.spec))
      return await reconcileDynamic(
        deps,
        { ...mapping, spec: mapping.spec },
        store,
        cluster.gateway,
        now,
        events,
      );
    return await reconcileStatic(
      deps,
      mapping,
      cluster.gateway,
      claim,
      cache,
      now,
      events,
    );
  } catch (error) {
    return failed(deps, claim, error, now, events);
  }
}

/** The store's gateway, or a StoreNotConfigured failure naming the config key. */
export function requireStoreGateway(
  vault: (store: string) => VaultGateway | undefined,
  store: string,
): VaultGateway {
  const gateway = vault(store);
  if (!gateway)
    throw new ConfigurationError(
      'StoreNotConfigured',
      `Store "${store}" is not configured (secrets.stores)`,
    );
  return gateway;
}

async function reconcileStatic(
  deps: ReconcileDeps,
  mapping: Mapping,
  gateway: ClusterGateway,
  claim: SyncClaim,
  cache: CycleReadCache,
  now: Date,
  events: ReconcileEvent[],
): Promise<Reconciled> {
  if (mapping.spec.refreshPolicy === 'CreatedOnce') {
    const kept = await keptCreatedOnce(mapping, gateway, claim, {
      now,
      nextDueAt: nextDue(deps, mapping, now),
    });
    if (kept) return kept;
  }
  let desired;
  try {
    desired = await buildDesiredSecret(
      mapping.spec,
      cache,
      clusterTemplateSources(gateway, mapping.spec.target.namespace),
    );
  } catch (error) {
    if (
      isVaultSecretGone(error) &&
      (mapping.spec.target.deletionPolicy ?? 'Retain') !== 'Retain'
    )
      return reconcileVanished(
        mapping,
        gateway,
        { now, nextDueAt: nextDue(deps, mapping, now) },
        deps.hmacKey,
        events,
      );
    throw error;
  }
  const times = { now, nextDueAt: nextDue(deps, mapping, now) };
  if (mapping.spec.target.creationPolicy === 'None')
    return notWritten(desired, times);
  const hmac = dataHmac(deps.hmacKey, desired);
  let driftedKeys: string[] = [];
  let secretUid: string | undefined;
  const { action, secretSeen } = await applyUnlessSeen(gateway, {
    mapping,
    desired,
    hmac,
    hmacOf: secret => dataHmac(deps.hmacKey, secret),
    likelyAbsent: !claim.state.lastSyncedAt && !claim.state.dataHmac,
    now,
    onDrift: keys => (driftedKeys = keys),
    onWritten: uid => (secretUid = uid),
    state: claim.state,
    watchedVersion: deps.watchedVersion,
    readIntervalMs: deps.config.secretReadIntervalMs,
  });
  if (action === 'kept') return keptImmutable(claim, times, events);
  const message =
    action === 'unchanged'
      ? 'Secret matches Vault'
      : (driftedKeys.length && driftMessage(driftedKeys)) ||
        EVENT_OF[action].message;
  if (action !== 'unchanged') {
    events.push({ ...EVENT_OF[action], reason: action, message });
    // Consumers restart for new data only, not for a label or our status annotation.
    if (action !== 'metadataUpdated')
      await restartConsumers(mapping, gateway, events);
  }
  return {
    result: action,
    events,
    leases: [],
    secretUid,
    outcome: {
      status: 'Synced',
      reason: action === 'unchanged' ? 'Unchanged' : camel(action),
      message,
      syncedVersions: desired.sources,
      dataHmac: hmac,
      secretSeen,
      lastSyncedAt: now,
      lastAttemptAt: now,
      nextDueAt: nextDue(deps, mapping, now),
      consecutiveFailures: 0,
    },
    ifLost:
      action === 'unchanged'
        ? undefined
        : () => undoIfDeleted(deps, mapping, gateway),
  };
}

/** The repair of a hand edit, naming the keys it touched (at most 20; names only). */
function driftMessage(keys: string[]): string {
  const shown = keys.slice(0, 20).join(', ');
  const more = keys.length > 20 ? ` and ${keys.length - 20} more` : '';
  return `Secret was edited in the cluster (keys ${shown}${more}); restored from Vault`;
}

/** A dynamic mapping: renew its lease on schedule, issue new values when due. */
async function reconcileDynamic(
  deps: ReconcileDeps,
  mapping: DynamicMapping,
  store: VaultGateway,
  gateway: ClusterGateway,
  now: Date,
  events: ReconcileEvent[],
): Promise<Reconciled> {
  const others = mapping.spec.target.clusters.filter(
    c => c !== gateway.cluster,
  );
  const result = await syncDynamic(
    {
      leases: deps.leases,
      hmacOf: secret => dataHmac(deps.hmacKey, secret),
      random: deps.random,
      siblings: others
        .map(c => deps.cluster(c))
        .filter((g): g is ClusterGateway => g !== undefined),
    },
    mapping,
    store,
    gateway,
    now,
  );
  events.push(...result.events);
  // A dynamic Secret is never immutable (validation), so its action is never `kept`.
  if (
    result.action !== 'unchanged' &&
    result.action !== 'kept' &&
    !result.issued
  )
    events.push({ ...EVENT_OF[result.action], reason: result.action });
  if (result.issued) {
    await restartConsumers(mapping, gateway, events);
    // One lease for all clusters: the others take the new values from this one now.
    for (const other of others) await deps.requestSync(mapping.id, other);
  }
  const refresh = nextDue(deps, mapping, now);
  return {
    result: result.action,
    events,
    leases: result.events.map(e =>
      e.type === 'Issued' ? 'issued' : 'renewed',
    ),
    outcome: {
      status: 'Synced',
      reason: result.issued
        ? result.events.at(-1)!.reason
        : result.events[0]?.reason ?? 'Unchanged',
      message: result.issued
        ? result.events.at(-1)!.message
        : result.events[0]?.message ?? 'Secret holds the current credentials',
      syncedVersions: [{ key: result.path }],
      dataHmac: result.hmac,
      lastSyncedAt: now,
      lastAttemptAt: now,
      nextDueAt: result.nextActionAt < refresh ? result.nextActionAt : refresh,
      consecutiveFailures: 0,
    },
    // Deleted while syncing: retire the lease this sync may have issued, too.
    ifLost: async () => {
      await undoIfDeleted(deps, mapping, gateway);
      await deps.retireLease(mapping.id);
    },
  };
}

/**
 * The mapping may have been deleted while this sync was writing: the deletion removed the
 * Secret, then this sync wrote it again. Whoever finishes last cleans up, so no Secret
 * outlives its mapping (only an Owner Secret, still ours by uid, is removed).
 */
async function undoIfDeleted(
  deps: ReconcileDeps,
  mapping: Mapping,
  gateway: ClusterGateway,
): Promise<void> {
  if (await deps.mappingExists(mapping.id)) return;
  if ((mapping.spec.target.creationPolicy ?? 'Owner') !== 'Owner') return;
  await removeSecret(gateway, mapping, []);
  deps.logger.info(
    `Mapping ${mapping.id} was deleted during its sync; the Secret it wrote was removed again`,
  );
}

/** A failed sync: its reason, a history entry when the reason is new, and the backoff. */
function failed(
  deps: ReconcileDeps,
  claim: SyncClaim,
  error: unknown,
  now: Date,
  events: ReconcileEvent[],
): Reconciled {
  const failure = describeFailure(error);
  const failures = (claim.state.consecutiveFailures ?? 0) + 1;
  // One event per new failure, not one per retry: the history stays readable during an outage.
  if (
    claim.state.status !== 'SyncedError' ||
    claim.state.reason !== failure.reason
  )
    events.push({
      type: 'Failed',
      reason: failure.reason,
      message: failure.message,
    });
  return {
    result: 'failed',
    events,
    leases: [],
    failure: {
      ...failure,
      ...(failure.reason === 'InternalError'
        ? { unexpected: (error as Error)?.name ?? 'Error' }
        : {}),
    },
    outcome: {
      status: 'SyncedError',
      reason: failure.reason,
      message: failure.message,
      lastAttemptAt: now,
      nextDueAt: nextRetry(now, failures, deps.config.backoff, deps.random),
      consecutiveFailures: failures,
    },
  };
}

function nextDue(deps: ReconcileDeps, mapping: Mapping, now: Date): Date {
  const policy = mapping.spec.refreshPolicy ?? 'Periodic';
  // OnChange is not refreshed on a timer; a change or "sync now" re-queues it. CreatedOnce
  // is looked at on the timer only to write a deleted Secret again (one read, no Vault).
  if (policy === 'OnChange') return NEVER;
  const interval =
    mapping.spec.refreshInterval === undefined
      ? deps.config.defaultRefreshIntervalMs
      : parseDuration(mapping.spec.refreshInterval);
  return nextRefresh(now, interval, deps.config.jitter, deps.random);
}
