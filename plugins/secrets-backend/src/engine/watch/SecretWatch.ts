import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterGateway, SecretWatchEvent } from '../../kubernetes';
import { describeFailure } from '../failure';

/** After a failed list or watch, the next try waits this long, doubling up to a maximum. */
export interface WatchBackoff {
  initialMs: number;
  maxMs: number;
}

/** Since when a watch has been failing, and its last error (never a value). */
export interface WatchFailure {
  since: Date;
  message: string;
}

/**
 * A watch open this long without an error has recovered: a list that succeeds is not
 * enough, since a watch that fails each time after its list (a proxy cutting streams, a
 * Role without `watch`) would otherwise look healthy between its failures.
 */
const HEALTHY_AFTER_MS = 10_000;

/**
 * Watches the managed Secrets of one namespace of one cluster for as long as it runs: a
 * list, a page at a time (every listed Secret is handed on as `ADDED`, so what changed
 * while nothing watched is not lost), then watches from the list's version, again from where each one ended,
 * and lists anew when that version is too old (410 Gone). A failure waits out a backoff
 * with jitter and starts over with a list; the periodic sync cycle goes on meanwhile.
 * `failure` says since when it has been failing, for the cluster's health and metrics.
 */
export class SecretWatch {
  private readonly abort = new AbortController();
  private running?: Promise<void>;
  private failing?: WatchFailure;
  private delay: number;

  constructor(
    private readonly deps: {
      gateway: ClusterGateway;
      namespace: string;
      onEvent: (event: SecretWatchEvent) => Promise<void>;
      logger: LoggerService;
      backoff: WatchBackoff;
      random?: () => number;
      /** Default 10 s (tests shorten it). */
      healthyAfterMs?: number;
      /**
       * Told true once a list has handed every Secret on and the watch follows from it, and
       * false when a list starts again or the watch fails: while true, the events so far
       * describe the namespace's managed Secrets (the latest ones may still be on their way).
       */
      onCurrent?: (current: boolean) => void;
      clock?: () => Date;
    },
  ) {
    this.delay = deps.backoff.initialMs;
  }

  /** Since when this watch has been failing; undefined while it works. */
  get failure(): WatchFailure | undefined {
    return this.failing && { ...this.failing };
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { gateway, namespace, onEvent, backoff } = this.deps;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        this.deps.onCurrent?.(false);
        const list = await gateway.listManagedSecretsAt(namespace, secret =>
          onEvent({ type: 'ADDED', secret }),
        );
        this.deps.onCurrent?.(true);
        let version = list.resourceVersion;
        for (;;) {
          const healthy = setTimeout(
            () => this.recovered(),
            this.deps.healthyAfterMs ?? HEALTHY_AFTER_MS,
          );
          healthy.unref();
          let end;
          try {
            end = await gateway.watchManagedSecrets(
              namespace,
              version,
              onEvent,
              signal,
            );
          } finally {
            clearTimeout(healthy);
          }
          if (signal.aborted) return;
          // Ended by the server, as watches do now and then: it worked.
          this.recovered();
          if (end.gone) break;
          version = end.resourceVersion;
        }
      } catch (error) {
        this.deps.onCurrent?.(false);
        if (signal.aborted) return;
        this.failed(describeFailure(error).message);
        const wait = this.delay * (0.5 + (this.deps.random ?? Math.random)());
        this.delay = Math.min(this.delay * 2, backoff.maxMs);
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, wait);
          signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      }
    }
  }

  /** Once per outage at warn, then quiet: the health check and the metrics keep saying it. */
  private failed(reason: string): void {
    const { gateway, namespace, logger } = this.deps;
    const message = `Watching Secrets in ${gateway.cluster}/${namespace} failed, retrying: ${reason}`;
    if (this.failing) {
      logger.debug(message);
      this.failing.message = reason;
      return;
    }
    logger.warn(message, { cluster: gateway.cluster, namespace });
    this.failing = {
      since: (this.deps.clock ?? (() => new Date()))(),
      message: reason,
    };
  }

  private recovered(): void {
    const { gateway, namespace, logger, backoff } = this.deps;
    this.delay = backoff.initialMs;
    if (!this.failing) return;
    this.failing = undefined;
    logger.info(`Watching Secrets in ${gateway.cluster}/${namespace} again`, {
      cluster: gateway.cluster,
      namespace,
    });
  }
}
