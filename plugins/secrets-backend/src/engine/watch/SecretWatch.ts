import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterGateway, SecretWatchEvent } from '../../kubernetes';
import { describeFailure } from '../failure';

/** After a failed list or watch, the next try waits this long, doubling up to a maximum. */
export interface WatchBackoff {
  initialMs: number;
  maxMs: number;
}

/**
 * Watches the managed Secrets of one namespace of one cluster for as long as it runs: a
 * list, a page at a time (every listed Secret is handed on as `ADDED`, so what changed
 * while nothing watched is not lost), then watches from the list's version, again from where each one ended,
 * and lists anew when that version is too old (410 Gone). A failure waits out a backoff
 * with jitter and starts over with a list; the periodic sync cycle goes on meanwhile.
 */
export class SecretWatch {
  private readonly abort = new AbortController();
  private running?: Promise<void>;

  constructor(
    private readonly deps: {
      gateway: ClusterGateway;
      namespace: string;
      onEvent: (event: SecretWatchEvent) => Promise<void>;
      logger: LoggerService;
      backoff: WatchBackoff;
      random?: () => number;
    },
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { gateway, namespace, onEvent, logger, backoff } = this.deps;
    const signal = this.abort.signal;
    let delay = backoff.initialMs;
    let failing = false;
    while (!signal.aborted) {
      try {
        const list = await gateway.listManagedSecretsAt(namespace, secret =>
          onEvent({ type: 'ADDED', secret }),
        );
        if (failing)
          logger.info(
            `Watching Secrets in ${gateway.cluster}/${namespace} again`,
            { cluster: gateway.cluster, namespace },
          );
        failing = false;
        delay = backoff.initialMs;
        let version = list.resourceVersion;
        for (;;) {
          const end = await gateway.watchManagedSecrets(
            namespace,
            version,
            onEvent,
            signal,
          );
          if (signal.aborted || end.gone) break;
          version = end.resourceVersion;
        }
      } catch (error) {
        if (signal.aborted) return;
        // Once per outage at warn, then quiet: the sync cycle reports per mapping.
        const message = `Watching Secrets in ${
          gateway.cluster
        }/${namespace} failed, retrying: ${describeFailure(error).message}`;
        if (failing) logger.debug(message);
        else logger.warn(message, { cluster: gateway.cluster, namespace });
        failing = true;
        const wait = delay * (0.5 + (this.deps.random ?? Math.random)());
        delay = Math.min(delay * 2, backoff.maxMs);
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
}
