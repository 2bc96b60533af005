import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  DATA_HMAC_ANNOTATION,
  isManagedBy,
  MAPPING_ID_LABEL,
  type ClusterGateway,
  type SecretWatchEvent,
} from '../../kubernetes';
import {
  SecretWatch,
  type WatchBackoff,
  type WatchFailure,
} from './SecretWatch';

/** One namespace's watch, as health checks and metrics see it. */
export interface WatchState {
  cluster: string;
  namespace: string;
  /** Since when it has been failing, and why; absent while it works. */
  failure?: WatchFailure;
}

/** A managed Secret that no longer holds what its mapping last wrote. */
export interface SecretChange {
  mappingId: string;
  cluster: string;
  change: 'deleted' | 'edited';
}

/**
 * One watch per cluster and namespace that some mapping writes into (not one per mapping),
 * kept in step with the mappings by {@link ManagedSecretWatchers.refresh}. A managed Secret
 * deleted, or edited so that its data no longer has the HMAC the engine recorded on it, is
 * reported at once; the engine's own writes keep the two equal and are not. Every replica
 * watches; the sync claims decide which one repairs.
 */
export class ManagedSecretWatchers {
  private readonly watches = new Map<
    string,
    {
      watch: SecretWatch;
      gateway: ClusterGateway;
      target: { cluster: string; namespace: string };
      /** Each managed Secret's resourceVersion, by name, as the watch last saw it. */
      versions: Map<string, string>;
      /** The watch is up and its list was complete: `versions` can be trusted. */
      current: boolean;
    }
  >();
  /** The refresh running now; a call meanwhile makes it run once more. */
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly deps: {
      cluster(name: string): ClusterGateway | undefined;
      /** Each cluster and namespace mappings write into. */
      targets(): Promise<{ cluster: string; namespace: string }[]>;
      hmacOf(secret: { type: string; data: Record<string, Buffer> }): string;
      onChange(change: SecretChange): Promise<void>;
      logger: LoggerService;
      backoff: WatchBackoff;
      /** How long a watch must stay open to count as recovered (default 10 s). */
      healthyAfterMs?: number;
    },
  ) {}

  /** The namespaces watched now, as `cluster/namespace`. */
  get watched(): string[] {
    return [...this.watches.keys()];
  }

  /**
   * The resourceVersion of managed Secret `name` as the watch of its namespace last saw it;
   * undefined when none is watched, or its watch is not up with a complete list.
   */
  versionOf(cluster: string, namespace: string, name: string) {
    const entry = this.watches.get(`${cluster}/${namespace}`);
    return entry?.current ? entry.versions.get(name) : undefined;
  }

  /** Every watch, with since when it has been failing if it is. */
  states(): WatchState[] {
    return [...this.watches.values()].map(({ watch, target }) => {
      const failure = watch.failure;
      return { ...target, ...(failure ? { failure } : {}) };
    });
  }

  /**
   * Starts a watch for each target namespace not watched yet (or whose cluster's gateway
   * was replaced), and stops those no mapping writes into any more. One at a time: a call
   * while one runs makes it run again once, and resolves when that run ends.
   */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.refreshOnce();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /**
   * A mapping was saved: a namespace it writes into is watched now rather than at the next
   * scheduled refresh, so drift there is repaired at once from the first sync on.
   */
  refreshSoon(): void {
    this.refresh().catch(error =>
      this.deps.logger.warn(
        `Could not update the Secret watches (${
          (error as Error)?.name ?? 'error'
        }); the next scheduled refresh tries again`,
      ),
    );
  }

  private async refreshOnce(): Promise<void> {
    const wanted = new Map(
      (await this.deps.targets()).map(t => [`${t.cluster}/${t.namespace}`, t]),
    );
    for (const [key, entry] of this.watches) {
      const target = wanted.get(key);
      if (!target || this.deps.cluster(target.cluster) !== entry.gateway) {
        this.watches.delete(key);
        await entry.watch.stop();
      }
    }
    for (const [key, target] of wanted) {
      const gateway = this.deps.cluster(target.cluster);
      if (this.watches.has(key) || !gateway) continue;
      const versions = new Map<string, string>();
      const entry = {
        gateway,
        target: { cluster: target.cluster, namespace: target.namespace },
        versions,
        current: false,
        watch: new SecretWatch({
          gateway,
          namespace: target.namespace,
          onEvent: event => {
            remember(versions, event);
            return this.handle(target.cluster, event);
          },
          onCurrent: current => {
            entry.current = current;
            // A new list hands on every Secret there is: one deleted meanwhile must go.
            if (!current) versions.clear();
          },
          logger: this.deps.logger,
          backoff: this.deps.backoff,
          healthyAfterMs: this.deps.healthyAfterMs,
        }),
      };
      this.watches.set(key, entry);
      entry.watch.start();
    }
  }

  async stop(): Promise<void> {
    const entries = [...this.watches.values()];
    this.watches.clear();
    await Promise.all(entries.map(e => e.watch.stop()));
  }

  private async handle(cluster: string, event: SecretWatchEvent) {
    const { secret } = event;
    const mappingId = secret.labels[MAPPING_ID_LABEL];
    if (!mappingId || !isManagedBy(secret, mappingId)) return;
    let change: SecretChange['change'] | undefined;
    if (event.type === 'DELETED') change = 'deleted';
    else {
      const recorded = secret.annotations[DATA_HMAC_ANNOTATION];
      const live = this.deps.hmacOf({ type: secret.type, data: secret.data });
      if (recorded && recorded !== live) change = 'edited';
    }
    if (!change) return;
    try {
      await this.deps.onChange({ mappingId, cluster, change });
    } catch (error) {
      // The periodic cycle still finds it; a lost notice only delays the repair.
      this.deps.logger.warn(
        `Could not queue the repair of mapping ${mappingId} in cluster ${cluster}: ${
          (error as Error).message
        }`,
        { mappingId, cluster },
      );
    }
  }
}

/** Keeps a managed Secret's version; one deleted, or no longer ours, is forgotten. */
function remember(versions: Map<string, string>, event: SecretWatchEvent) {
  const { secret } = event;
  const mappingId = secret.labels[MAPPING_ID_LABEL];
  if (event.type === 'DELETED' || !mappingId || !isManagedBy(secret, mappingId))
    versions.delete(secret.name);
  else versions.set(secret.name, secret.resourceVersion);
}
