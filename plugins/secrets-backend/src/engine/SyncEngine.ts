import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  Mapping,
  MappingDeletion,
  MappingPreview,
  SecretComparison,
  MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import type { EngineConfig } from '../config';
import type { SyncMetrics } from '../metrics';
import type { ClusterGateway } from '../kubernetes';
import type { VaultGateway } from '../vault';
import { describeFailure } from './failure';
import { compareMapping } from './compareSecret';
import { previewMapping } from './previewMapping';
import { retireMapping } from './retireMapping';
import { workItems } from './workItems';
import { drainBatches } from './drainBatches';
import { PendingWrites } from './PendingWrites';
import { BackgroundRun } from './BackgroundRun';
import { LeaseRevoker } from './LeaseRevoker';
import { SecretEventRecorder } from './SecretEventRecorder';
import type { SecretChange } from './watch/ManagedSecretWatchers';
import { SyncRequests } from './SyncRequests';
import { CycleReadCache } from './readCache';
import {
  emptyReport,
  recordSyncResult,
  type CycleReport,
} from './recordSyncResult';
import {
  reconcileMapping,
  requireStoreGateway,
  type ReconcileDeps,
} from './reconcileMapping';
import {
  type LeaseStore,
  type MappingStore,
  type SyncClaim,
  type SyncState,
  type SyncStateStore,
} from '../database';

/** Bound of one background run started by `wake` (a scheduled run works off the rest). */
const WAKE_RUN_MS = 60_000;

/** What the engine needs; every dependency is an interface, so tests can use fakes. */
export interface SyncEngineOptions {
  mappings: MappingStore;
  state: SyncStateStore;
  /** Leases and certificates of dynamic mappings. */
  leases: LeaseStore;
  vault(store: string): VaultGateway | undefined;
  cluster(name: string): ClusterGateway | undefined;
  hmacKey: Buffer;
  /** `secrets.engine`: concurrency, refresh, jitter, backoff, the sync-now wait, claims. */
  config: EngineConfig;
  logger: LoggerService;
  /** Identifies this replica in claims. */
  owner: string;
  metrics?: SyncMetrics;
  /** Told of every saved mapping (the Secret watches start on new namespaces). */
  onMappingSaved?: (mapping: Mapping) => void;
  /** A managed Secret's resourceVersion as the Secret watches show it (ReconcileDeps). */
  watchedVersion?: ReconcileDeps['watchedVersion'];
  /**
   * Awaited by each worker before its next mapping: waits while the backend's event loop
   * is too busy (see LoopPacer). None: no pacing.
   */
  pace?: () => Promise<void>;
  clock?: () => Date;
  random?: () => number;
}

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
  /** What finished syncs have to write, written before each claim and when a run ends. */
  private readonly pending: PendingWrites;
  private readonly leaseRevoker: LeaseRevoker;
  private readonly requests: SyncRequests;
  /** What each reconcile needs, built once. */
  private readonly reconcileDeps: ReconcileDeps;
  /** Runs started by "sync now", so that a request never runs a cycle itself. */
  private readonly background: BackgroundRun;
  /** What `kubectl` shows of each sync: Events and status annotations on the Secret. */
  private readonly secretEvents: SecretEventRecorder;

  constructor(options: SyncEngineOptions) {
    this.options = options;
    this.pending = new PendingWrites(options.state, options.logger);
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.leaseRevoker = new LeaseRevoker({
      leases: options.leases,
      vault: store => options.vault(store),
      metrics: options.metrics,
      logger: options.logger,
      clock: this.clock,
    });
    this.reconcileDeps = {
      vault: store => options.vault(store),
      hmacKey: options.hmacKey,
      config: options.config,
      leases: options.leases,
      random: this.random,
      mappingExists: async id => Boolean(await options.mappings.get(id)),
      retireLease: id => this.leaseRevoker.retire(id),
      cluster: name => options.cluster(name),
      requestSync: (id, cluster) =>
        options.state.requestSync(id, cluster, this.clock()),
      watchedVersion: options.watchedVersion,
      logger: options.logger,
    };
    this.secretEvents = new SecretEventRecorder(options.logger, 60_000, () =>
      this.clock().getTime(),
    );
    this.requests = new SyncRequests({
      state: options.state,
      wake: () => this.wake(),
      waitMs: options.config.syncNowWaitMs,
      clock: this.clock,
    });
    this.background = new BackgroundRun(
      () => this.runUntilIdle(WAKE_RUN_MS),
      error =>
        options.logger.warn(
          `Sync run failed: ${describeFailure(error).message}`,
        ),
    );
  }

  /**
   * Makes the state rows match the stored mappings' targets (new ones become due at once),
   * from the differences alone: a minute's reconcile reads no mapping and no row that is
   * already in step; and indexes the Vault reads of mappings written without that index
   * (by a replica of an earlier version), found by a partial index.
   */
  async reconcile(): Promise<void> {
    await this.options.state.reconcileTargets(this.clock());
    // Mappings a replica of an earlier version wrote during an upgrade: index their reads.
    await this.options.mappings.reindexReads();
  }

  /**
   * Claims until nothing more is due (a batch came back less than full) or `maxMs`
   * has passed: a backlog — a cold start, many mappings due at once — is worked off
   * continuously instead of one batch per scheduled run, each batch claimed while the last
   * syncs of the one before still run.
   */
  async runUntilIdle(maxMs: number): Promise<CycleReport> {
    const deadline = Date.now() + maxMs;
    return this.drain(() => Date.now() < deadline);
  }

  /** Claims and syncs one batch of due mappings, `concurrency` at a time. */
  async runCycle(): Promise<CycleReport> {
    return this.drain(() => false);
  }

  private batchSize(): number {
    return this.options.config.concurrency * 4;
  }

  private async drain(mayClaimAgain: () => boolean): Promise<CycleReport> {
    const report = emptyReport();
    try {
      await drainBatches({
        workers: this.options.config.concurrency,
        claim: () => this.claimBatch(report),
        work: async ({ claims, mappings, cache }) => {
          await this.options.pace?.();
          for (const claim of claims)
            await this.syncOne(
              claim,
              mappings.get(claim.mappingId),
              cache,
              report,
            );
        },
        mayClaimAgain,
      });
      return report;
    } finally {
      // Whichever run ends writes what is pending, also another's: nothing waits long.
      await this.pending.write();
    }
  }

  /**
   * Writes the outcomes of the syncs finished so far (releasing their claims), then claims
   * the next batch of due rows, with its mappings read at once and one read cache.
   */
  private async claimBatch(report: CycleReport) {
    await this.pending.write();
    const claims = await this.options.state.claimDue({
      now: this.clock(),
      limit: this.batchSize(),
      owner: this.options.owner,
      leaseMs: this.options.config.claimTimeoutMs,
    });
    report.claimed += claims.length;
    await this.leaseRevoker.revokePending();
    const cache = new CycleReadCache(store =>
      requireStoreGateway(this.options.vault, store),
    );
    // One read for the batch's mappings rather than one per claim.
    const mappings = claims.length
      ? await this.options.mappings.getMany(claims.map(c => c.mappingId))
      : new Map<string, Mapping>();
    return {
      items: workItems(claims, mappings).map(item => ({
        claims: item,
        mappings,
        cache,
      })),
      more: claims.length >= this.batchSize(),
    };
  }

  /**
   * Starts a run of cycles now, in the background (see {@link BackgroundRun}); not on a
   * replica with the engine off, whose requests wait for a replica that runs it.
   */
  wake(): void {
    if (this.options.config.enabled) this.background.wake();
  }

  /**
   * A watch saw a managed Secret deleted or edited: the mapping's row turns `Drifted` (once,
   * whichever replica sees it first records it in the history) and goes first in line, and
   * a run starts now instead of at the mapping's next refresh.
   */
  async secretChanged(change: SecretChange): Promise<void> {
    const { mappingId, cluster } = change;
    const now = this.clock();
    const drift =
      change.change === 'deleted'
        ? {
            reason: 'SecretDeleted',
            message:
              'Secret was deleted in the cluster; it is being written again',
          }
        : {
            reason: 'SecretEdited',
            message:
              'Secret was edited in the cluster; it is being restored from Vault',
          };
    if (!(await this.options.state.requestSync(mappingId, cluster, now)))
      return;
    if (await this.options.state.markDrifted(mappingId, cluster, drift))
      await this.options.state.appendEvents([
        {
          mappingId,
          cluster,
          at: now,
          type: 'Drifted',
          actor: 'engine',
          ...drift,
        },
      ]);
    this.wake();
  }

  /** No more background runs; resolves once the one in progress has recorded its outcomes. */
  stop(): Promise<void> {
    return this.background.stop();
  }

  /** "Sync now" (see {@link SyncRequests.syncNow}). */
  syncNow(mappingId: string, actor: string): Promise<SyncState[]> {
    return this.requests.syncNow(mappingId, actor);
  }

  /** A mapping was created or changed: synced first in line (see {@link SyncRequests}). */
  async mappingSaved(mapping: Mapping, actor: string): Promise<void> {
    await this.requests.mappingSaved(mapping, actor);
    this.options.onMappingSaved?.(mapping);
  }

  /** The mapping was deleted: its Secrets are handled by creationPolicy and its rows go. */
  async retire(mapping: Mapping): Promise<MappingDeletion> {
    // State first: a sync still writing then fails to complete its claim and undoes its
    // write (undoIfDeleted); one that completed already wrote before this delete.
    await this.options.state.remove(mapping.id);
    const deletion = await retireMapping(mapping, name =>
      this.options.cluster(name),
    );
    const revoked = await this.leaseRevoker.retire(mapping.id);
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

  /** The mapping's desired Secret against the live one per cluster; with `adopt`, takes over matching ones. */
  compare(mapping: Mapping, adopt: boolean): Promise<SecretComparison[]> {
    return compareMapping(
      mapping,
      {
        vault: store => requireStoreGateway(this.options.vault, store),
        cluster: name => this.options.cluster(name),
        hmacKey: this.options.hmacKey,
      },
      { adopt },
    );
  }

  /** Key names and versions the spec would produce, without writing anything. */
  preview(spec: MappingSpec): Promise<MappingPreview> {
    return previewMapping(
      spec,
      store => requireStoreGateway(this.options.vault, store),
      spec.target.clusters[0] === undefined
        ? undefined
        : this.options.cluster(spec.target.clusters[0]),
    );
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
    const gateway = this.options.cluster(claim.cluster);
    const done = await reconcileMapping(
      this.reconcileDeps,
      mapping,
      { name: claim.cluster, gateway },
      claim,
      cache,
      now,
    );
    await this.secretEvents.record(
      gateway,
      mapping,
      done.events,
      done.secretUid,
    );
    this.pending.addEvents(
      done.events.map(e => ({
        ...e,
        mappingId: claim.mappingId,
        cluster: claim.cluster,
        at: now,
        actor: 'engine',
      })),
    );
    this.pending.addOutcome({
      claim,
      outcome: done.outcome,
      ifLost: done.ifLost,
    });
    recordSyncResult(this.options, report, {
      claim,
      mapping,
      done,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
  }
}
