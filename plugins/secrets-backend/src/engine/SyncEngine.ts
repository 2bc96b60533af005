import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  Mapping,
  MappingDeletion,
  MappingPreview,
  MappingSpec,
} from '@internal/plugin-secrets-common';
import {
  formatRestartTargets,
  isDynamic,
  parseDuration,
} from '@internal/plugin-secrets-common';
import type { EngineConfig } from '../config';
import type { SyncMetrics } from '../metrics';
import type { ClusterGateway } from '../kubernetes';
import type { VaultGateway } from '../vault';
import { applySecret, removeSecret, type ApplyAction } from './applySecret';
import { buildDesiredSecret, dataHmac, isVaultSecretGone } from './desired';
import { camel, ConfigurationError, describeFailure } from './failure';
import { previewMapping } from './previewMapping';
import { retireMapping } from './retireMapping';
import { BackgroundRun } from './BackgroundRun';
import { CycleReadCache } from './readCache';
import { NEVER, nextRefresh, nextRetry } from './schedule';
import { syncDynamic, type DynamicMapping } from './syncDynamic';
import {
  syncRequestPending,
  type LeaseStore,
  type MappingStore,
  type NewSyncEvent,
  type SyncClaim,
  type SyncEventType,
  type SyncOutcome,
  type SyncState,
  type SyncStateStore,
} from '../database';

/** How often "sync now" looks again while another cycle or replica holds its row. */
const SYNC_NOW_POLL_MS = 100;
/** Bound of one background run started by `wake` (a scheduled run works off the rest). */
const WAKE_RUN_MS = 60_000;

interface PendingOutcome {
  claim: SyncClaim;
  outcome: SyncOutcome;
  /** Clean-up when the row turned out to be gone: the mapping was deleted mid-sync. */
  ifLost?: () => Promise<void>;
}

/** What the engine needs; every dependency is an interface, so tests can use fakes. */
export interface SyncEngineOptions {
  mappings: MappingStore;
  state: SyncStateStore;
  /** Leases and certificates of dynamic mappings. */
  leases: LeaseStore;
  vault(store: string): VaultGateway | undefined;
  cluster(name: string): ClusterGateway | undefined;
  hmacKey: Buffer;
  engine: EngineConfig;
  logger: LoggerService;
  /** Identifies this replica in claims. */
  owner: string;
  /** How long a claim is held before another replica may take the row over. */
  leaseMs?: number;
  metrics?: SyncMetrics;
  clock?: () => Date;
  random?: () => number;
}

/** Counts of one cycle, for logs, metrics and tests. */
export interface CycleReport {
  claimed: number;
  synced: number;
  failed: number;
  unchanged: number;
  /** Kubernetes writes made (create, replace, patch, delete). */
  writes: number;
}

const EVENT_OF: Record<
  Exclude<ApplyAction, 'unchanged'>,
  { type: SyncEventType; message: string }
> = {
  created: { type: 'Synced', message: 'Secret created' },
  updated: { type: 'Changed', message: 'Secret updated from Vault' },
  merged: { type: 'Changed', message: "Mapping's keys merged into the Secret" },
  driftRepaired: {
    type: 'DriftRepaired',
    message: 'Secret was edited in the cluster; restored from Vault',
  },
};

/**
 * Reads Vault and writes Kubernetes Secrets for due mappings. Each cycle claims due rows
 * (so replicas never double-work), reads each distinct Vault secret once, builds the
 * desired Secret, and writes only what differs. A failure anywhere leaves the live Secret
 * exactly as it was and records why, with backoff.
 */
export class SyncEngine {
  private readonly options: SyncEngineOptions;
  private readonly clock: () => Date;
  private readonly random: () => number;
  /** Events of running cycles, written in one statement when a cycle ends. */
  private readonly cycleEvents: NewSyncEvent[] = [];
  /** Outcomes of running cycles' claims, likewise: one UPDATE per cycle, not one per sync. */
  private readonly cycleOutcomes: PendingOutcome[] = [];
  private runningCycles = 0;
  /** Runs started by "sync now", so that a request never runs a cycle itself. */
  private readonly background: BackgroundRun;

  /** How long "sync now" waits for its sync (`secrets.engine.syncNowWait`). */
  private get syncNowWaitMs(): number {
    return this.options.engine.syncNowWaitMs;
  }

  constructor(options: SyncEngineOptions) {
    this.options = options;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.background = new BackgroundRun(
      () => this.runUntilIdle(WAKE_RUN_MS),
      error =>
        options.logger.warn(
          `Sync run failed: ${describeFailure(error).message}`,
        ),
    );
  }

  /** Makes the state rows match the stored mappings (new ones become due at once). */
  async reconcile(): Promise<void> {
    const now = this.clock();
    const mappings = await this.options.mappings.list();
    const known = new Set(mappings.map(m => m.id));
    for (const m of mappings)
      await this.options.state.ensure(m.id, m.spec.target.clusters, now);
    for (const row of await this.options.state.list()) {
      if (!known.has(row.mappingId))
        await this.options.state.remove(row.mappingId);
    }
  }

  /**
   * Cycles until nothing more is due (a cycle claimed less than a full batch) or `maxMs`
   * has passed: a backlog — a cold start, many mappings due at once — is worked off
   * continuously instead of one batch per scheduled run.
   */
  async runUntilIdle(maxMs: number): Promise<CycleReport> {
    const total: CycleReport = {
      claimed: 0,
      synced: 0,
      failed: 0,
      unchanged: 0,
      writes: 0,
    };
    const deadline = Date.now() + maxMs;
    for (;;) {
      const r = await this.runCycle();
      for (const k of Object.keys(total) as (keyof CycleReport)[])
        total[k] += r[k];
      if (r.claimed < this.batchSize() || Date.now() >= deadline) return total;
    }
  }

  private batchSize(): number {
    return this.options.engine.concurrency * 4;
  }

  /** Claims and syncs due mappings, `concurrency` at a time. */
  async runCycle(): Promise<CycleReport> {
    this.runningCycles += 1;
    try {
      return await this.cycle();
    } finally {
      this.runningCycles -= 1;
      // Whichever cycle ends writes what is pending, also another's: nothing waits long.
      const outcomes = this.cycleOutcomes.splice(0);
      const events = this.cycleEvents.splice(0);
      if (outcomes.length) await this.recordOutcomes(outcomes);
      if (events.length) await this.options.state.appendEvents(events);
    }
  }

  /**
   * Writes outcomes and releases their claims. One whose row is gone — its mapping was
   * deleted while it synced — runs its `ifLost` clean-up once the write has shown it.
   */
  private async recordOutcomes(outcomes: PendingOutcome[]): Promise<void> {
    const recorded = await this.options.state.completeMany(outcomes);
    for (const [i, { claim, ifLost }] of outcomes.entries()) {
      if (recorded[i] || !ifLost) continue;
      try {
        await ifLost();
      } catch (error) {
        this.options.logger.warn(
          `Cleaning up after deleted mapping ${claim.mappingId} on ${
            claim.cluster
          } failed: ${describeFailure(error).message}`,
        );
      }
    }
  }

  private async cycle(): Promise<CycleReport> {
    const report: CycleReport = {
      claimed: 0,
      synced: 0,
      failed: 0,
      unchanged: 0,
      writes: 0,
    };
    const claims = await this.options.state.claimDue({
      now: this.clock(),
      limit: this.batchSize(),
      owner: this.options.owner,
      leaseMs: this.options.leaseMs ?? 60_000,
    });
    report.claimed = claims.length;
    await this.revokePending();
    const cache = new CycleReadCache(store => this.storeGateway(store));
    // One read for the batch's mappings rather than one per claim.
    const mappings = claims.length
      ? await this.options.mappings.getMany(claims.map(c => c.mappingId))
      : new Map<string, Mapping>();
    let next = 0;
    const worker = async () => {
      while (next < claims.length) {
        const claim = claims[next++];
        await this.syncOne(claim, mappings.get(claim.mappingId), cache, report);
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(this.options.engine.concurrency, claims.length) },
        worker,
      ),
    );
    return report;
  }

  /** Starts a run of cycles now, in the background (see {@link BackgroundRun}). */
  wake(): void {
    this.background.wake();
  }

  /** No more background runs; resolves once the one in progress has recorded its outcomes. */
  stop(): Promise<void> {
    return this.background.stop();
  }

  /**
   * "Sync now": the mapping jumps the queue (ESO #4180), a background run is woken, and
   * this call waits on the mapping's state — never running a cycle itself — until a sync
   * that started after the request has recorded its outcome. A row held by another cycle
   * or replica at that moment keeps the request (see `completeMany`) and is served by the
   * next run; this call waits for that, up to `secrets.engine.syncNowWait`, then returns the
   * state as it is (still showing the request as pending).
   */
  async syncNow(mappingId: string, actor: string): Promise<SyncState[]> {
    if (
      !(await this.requestSync(
        mappingId,
        actor,
        'SyncRequested',
        'Sync requested',
      ))
    ) {
      throw new NotFoundError(`No mapping with id ${mappingId}`);
    }
    const deadline = Date.now() + this.syncNowWaitMs;
    for (;;) {
      this.wake();
      await new Promise(resolve => setTimeout(resolve, SYNC_NOW_POLL_MS));
      const states = await this.options.state.get(mappingId);
      if (!states.some(syncRequestPending) || Date.now() >= deadline)
        return states;
    }
  }

  /**
   * A mapping was created or changed through the API: its rows match its clusters and it
   * is synced first in line — also for CreatedOnce and OnChange, which a change re-queues.
   */
  async mappingSaved(mapping: Mapping, actor: string): Promise<void> {
    const now = this.clock();
    await this.options.state.ensure(
      mapping.id,
      mapping.spec.target.clusters,
      now,
    );
    if (mapping.revision > 1) {
      await this.requestSync(
        mapping.id,
        actor,
        'MappingChanged',
        `Mapping changed (revision ${mapping.revision})`,
        now,
      );
    }
  }

  /**
   * Puts a mapping first in line in each of its clusters and records who asked and why;
   * false when it has no rows.
   */
  private async requestSync(
    mappingId: string,
    actor: string,
    reason: string,
    message: string,
    now = this.clock(),
  ): Promise<boolean> {
    if (!(await this.options.state.requestSync(mappingId, undefined, now)))
      return false;
    const rows = await this.options.state.get(mappingId);
    await this.options.state.appendEvents(
      rows.map(row => ({
        mappingId,
        cluster: row.cluster,
        at: now,
        type: 'SyncRequested' as const,
        actor,
        reason,
        message,
      })),
    );
    return true;
  }

  /** The mapping was deleted: its Secrets are handled by creationPolicy and its rows go. */
  async retire(mapping: Mapping): Promise<MappingDeletion> {
    // State first: a sync still writing then fails to complete its claim and undoes its
    // write (undoIfDeleted); one that completed already wrote before this delete.
    await this.options.state.remove(mapping.id);
    const deletion = await retireMapping(mapping, name =>
      this.options.cluster(name),
    );
    const revoked = await this.retireLease(mapping.id);
    if (revoked === undefined) return deletion;
    return {
      ...deletion,
      lease: revoked
        ? { outcome: 'revoked' }
        : {
            outcome: 'pending',
            message: 'Vault could not revoke the lease now; the engine retries',
          },
    };
  }

  /** A deleted mapping's lease is revoked now, or queued; undefined when it had none. */
  private async retireLease(mappingId: string): Promise<boolean | undefined> {
    const lease = await this.options.leases.retire(mappingId);
    return lease?.leaseId ? this.revoke(lease) : undefined;
  }

  /** Revokes the leases of deleted mappings that Vault could not revoke before. */
  private async revokePending(): Promise<void> {
    for (const lease of await this.options.leases.toRevoke(20, this.clock()))
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
      this.options.metrics?.recordLease({
        store: lease.store,
        engine: lease.engine,
        action,
      });
    const gateway = this.options.vault(lease.store);
    try {
      if (lease.leaseId && gateway) await gateway.revokeLease(lease.leaseId);
      await this.options.leases.revoked(lease.id);
      record('revoked');
      this.options.logger.info(
        `Revoked the lease of deleted mapping ${lease.mappingId} in store ${lease.store}`,
      );
      return true;
    } catch (error) {
      await this.options.leases.revokeFailed(lease.id, this.clock());
      record('revoke_failed');
      this.options.logger.warn(
        `Revoking the lease of deleted mapping ${
          lease.mappingId
        } failed, will retry: ${describeFailure(error).message}`,
      );
      return false;
    }
  }

  /** Key names and versions the spec would produce, without writing anything. */
  preview(spec: MappingSpec): Promise<MappingPreview> {
    return previewMapping(spec, store => this.storeGateway(store));
  }

  private storeGateway(store: string): VaultGateway {
    const gateway = this.options.vault(store);
    if (!gateway)
      throw new ConfigurationError(
        'StoreNotConfigured',
        `Store "${store}" is not configured (secrets.stores)`,
      );
    return gateway;
  }

  private async syncOne(
    claim: SyncClaim,
    mapping: Mapping | undefined,
    cache: CycleReadCache,
    report: CycleReport,
  ): Promise<void> {
    const now = this.clock();
    const started = process.hrtime.bigint();
    if (!mapping) {
      await this.options.state.remove(claim.mappingId);
      return;
    }
    const record = (
      result: 'changed' | 'unchanged' | 'failed',
      reason: string,
    ) =>
      this.options.metrics?.recordSync(
        { store: mapping.spec.store, cluster: claim.cluster, result, reason },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    try {
      const gateway = this.options.cluster(claim.cluster);
      if (!gateway) {
        throw new ConfigurationError(
          'ClusterNotConfigured',
          `Cluster "${claim.cluster}" is not configured (kubernetes.clusterLocatorMethods)`,
        );
      }
      this.storeGateway(mapping.spec.store);
      const action = await this.syncToCluster(
        mapping,
        gateway,
        cache,
        claim,
        now,
      );
      if (action === 'unchanged') {
        report.unchanged++;
        record('unchanged', 'Unchanged');
      } else {
        report.writes++;
        this.options.metrics?.recordKubernetesWrite(claim.cluster);
        record('changed', action);
      }
      report.synced++;
    } catch (error) {
      report.failed++;
      record('failed', await this.recordFailure(claim, error, now));
    }
  }

  private async syncToCluster(
    mapping: Mapping,
    gateway: ClusterGateway,
    cache: CycleReadCache,
    claim: SyncClaim,
    now: Date,
  ): Promise<ApplyAction | 'deleted'> {
    if (isDynamic(mapping.spec))
      return this.syncDynamicToCluster(
        { ...mapping, spec: mapping.spec },
        gateway,
        claim,
        now,
      );
    let desired;
    try {
      desired = await buildDesiredSecret(mapping.spec, cache);
    } catch (error) {
      if (
        isVaultSecretGone(error) &&
        mapping.spec.target.deletionPolicy === 'Delete'
      ) {
        return this.deleteForVanishedSecret(mapping, gateway, claim, now);
      }
      throw error;
    }
    const hmac = dataHmac(this.options.hmacKey, desired);
    const action = await applySecret(gateway, {
      mapping,
      desired,
      hmac,
      hmacOf: secret => dataHmac(this.options.hmacKey, secret),
      likelyAbsent: !claim.state.lastSyncedAt && !claim.state.dataHmac,
    });
    if (action !== 'unchanged') {
      const event = EVENT_OF[action];
      await this.event(claim, now, event.type, action, event.message);
      await this.restartConsumers(mapping, gateway, claim, now);
    }
    this.finish(
      claim,
      {
        status: 'Synced',
        reason: action === 'unchanged' ? 'Unchanged' : camel(action),
        message:
          action === 'unchanged'
            ? 'Secret matches Vault'
            : EVENT_OF[action].message,
        syncedVersions: desired.sources,
        dataHmac: hmac,
        lastSyncedAt: now,
        lastAttemptAt: now,
        nextDueAt: this.nextDue(mapping, now),
        consecutiveFailures: 0,
      },
      action === 'unchanged'
        ? undefined
        : () => this.undoIfDeleted(mapping, gateway),
    );
    return action;
  }

  /** A dynamic mapping: renew its lease on schedule, issue new values when due. */
  private async syncDynamicToCluster(
    mapping: DynamicMapping,
    gateway: ClusterGateway,
    claim: SyncClaim,
    now: Date,
  ): Promise<ApplyAction> {
    const result = await syncDynamic(
      {
        leases: this.options.leases,
        hmacOf: secret => dataHmac(this.options.hmacKey, secret),
        random: this.random,
      },
      mapping,
      this.storeGateway(mapping.spec.store),
      gateway,
      now,
    );
    for (const e of result.events) {
      await this.event(claim, now, e.type, e.reason, e.message);
      this.options.metrics?.recordLease({
        store: mapping.spec.store,
        engine: mapping.spec.dynamic.engine,
        action: e.type === 'Issued' ? 'issued' : 'renewed',
      });
    }
    if (result.action !== 'unchanged' && !result.issued) {
      const event = EVENT_OF[result.action];
      await this.event(claim, now, event.type, result.action, event.message);
    }
    if (result.issued)
      await this.restartConsumers(mapping, gateway, claim, now);
    const refresh = this.nextDue(mapping, now);
    this.finish(
      claim,
      {
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
        nextDueAt:
          result.nextActionAt < refresh ? result.nextActionAt : refresh,
        consecutiveFailures: 0,
      },
      // Deleted while syncing: retire the lease this sync may have issued, too.
      async () => {
        await this.undoIfDeleted(mapping, gateway);
        await this.retireLease(mapping.id);
      },
    );
    return result.action;
  }

  /**
   * After the Secret's data changed, restart the workloads that read it. They live in the
   * target namespace, which guardrails bound to the entity; nothing outside it is touched.
   * A failed restart does not undo the sync: it is recorded, and the next change retries.
   */
  private async restartConsumers(
    mapping: Mapping,
    gateway: ClusterGateway,
    claim: SyncClaim,
    now: Date,
  ) {
    const targets = mapping.spec.target.rolloutRestartTargets ?? [];
    if (targets.length === 0) return;
    const names = formatRestartTargets(targets);
    try {
      await gateway.restartWorkloads(mapping.spec.target.namespace, targets);
      await this.event(
        claim,
        now,
        'Restarted',
        'RolloutRestart',
        `Restarted ${names}`,
      );
    } catch (error) {
      await this.event(
        claim,
        now,
        'Failed',
        'RestartFailed',
        `Restarting ${names} failed: ${describeFailure(error).message}`,
      );
    }
  }

  /**
   * The mapping may have been deleted while this sync was writing: the deletion removed the
   * Secret, then this sync wrote it again. Whoever finishes last cleans up, so no Secret
   * outlives its mapping (only an Owner Secret, still ours by uid, is removed).
   */
  private async undoIfDeleted(mapping: Mapping, gateway: ClusterGateway) {
    if (await this.options.mappings.get(mapping.id)) return;
    if ((mapping.spec.target.creationPolicy ?? 'Owner') !== 'Owner') return;
    await removeSecret(gateway, mapping, []);
    this.options.logger.info(
      `Mapping ${mapping.id} was deleted during its sync; the Secret it wrote was removed again`,
    );
  }

  private async deleteForVanishedSecret(
    mapping: Mapping,
    gateway: ClusterGateway,
    claim: SyncClaim,
    now: Date,
  ) {
    const keys = Object.keys(mapping.spec.target.template?.data ?? {}).concat(
      (mapping.spec.data ?? []).map(d => d.secretKey),
    );
    const removed = await removeSecret(gateway, mapping, keys);
    const message = removed
      ? 'Vault secret is gone and deletionPolicy is Delete: Secret removed'
      : 'Vault secret is gone and deletionPolicy is Delete: nothing to remove';
    if (removed)
      await this.event(claim, now, 'Deleted', 'VaultSecretDeleted', message);
    this.finish(claim, {
      status: 'Synced',
      reason: 'VaultSecretDeleted',
      message,
      lastSyncedAt: now,
      lastAttemptAt: now,
      nextDueAt: this.nextDue(mapping, now),
      consecutiveFailures: 0,
    });
    return 'deleted' as const;
  }

  /** Records the failure in the state and the history; returns its reason. */
  private async recordFailure(
    claim: SyncClaim,
    error: unknown,
    now: Date,
  ): Promise<string> {
    const failure = describeFailure(error);
    if (failure.reason === 'InternalError') {
      this.options.logger.error(
        `Sync of mapping ${claim.mappingId} on ${
          claim.cluster
        } failed unexpectedly: ${(error as Error)?.name}`,
      );
    } else {
      this.options.logger.warn(
        `Sync of mapping ${claim.mappingId} on ${claim.cluster} failed: ${failure.message}`,
      );
    }
    const failures = (claim.state.consecutiveFailures ?? 0) + 1;
    // One event per new failure, not one per retry: the history stays readable during an outage.
    if (
      claim.state.status !== 'SyncedError' ||
      claim.state.reason !== failure.reason
    ) {
      await this.event(claim, now, 'Failed', failure.reason, failure.message);
    }
    this.finish(claim, {
      status: 'SyncedError',
      reason: failure.reason,
      message: failure.message,
      lastAttemptAt: now,
      nextDueAt: nextRetry(
        now,
        failures,
        this.options.engine.backoff,
        this.random,
      ),
      consecutiveFailures: failures,
    });
    return failure.reason;
  }

  private nextDue(mapping: Mapping, now: Date): Date {
    const policy = mapping.spec.refreshPolicy ?? 'Periodic';
    // CreatedOnce and OnChange are not refreshed on a timer; a change or "sync now" re-queues them.
    if (policy !== 'Periodic') return NEVER;
    const interval =
      mapping.spec.refreshInterval === undefined
        ? this.options.engine.defaultRefreshIntervalMs
        : parseDuration(mapping.spec.refreshInterval);
    return nextRefresh(now, interval, this.options.engine.jitter, this.random);
  }

  /** A claim's outcome, written when the cycle ends (syncs run only inside a cycle). */
  private finish(
    claim: SyncClaim,
    outcome: SyncOutcome,
    ifLost?: () => Promise<void>,
  ): void {
    this.cycleOutcomes.push({ claim, outcome, ifLost });
  }

  /** The engine's own history entries: collected while a cycle runs, else written now. */
  private async event(
    claim: SyncClaim,
    at: Date,
    type: SyncEventType,
    reason: string,
    message: string,
  ): Promise<void> {
    const event: NewSyncEvent = {
      mappingId: claim.mappingId,
      cluster: claim.cluster,
      at,
      type,
      actor: 'engine',
      reason,
      message,
    };
    if (this.runningCycles > 0) this.cycleEvents.push(event);
    else await this.options.state.appendEvent(event);
  }
}
