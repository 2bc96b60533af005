import type { LoggerService } from '@backstage/backend-plugin-api';
import type { WatchFailureStore } from '../database';
import type { WatchState } from '../engine/watch/ManagedSecretWatchers';

/**
 * The Secret watches a health check reports on: every replica's failing ones, not only
 * this replica's. A replica that runs the engine first publishes its own failing watches;
 * then every replica (one serving the API only, which watches nothing, too) reads what all
 * engine replicas published within `staleAfterMs`; a namespace whose watch fails on any of
 * them counts as failing. Without the database, this replica's own watches are still
 * reported.
 */
export function sharedWatchStates(options: {
  /** This replica's id in the published rows. */
  replica: string;
  /** This replica's watches; absent where it watches nothing. */
  local?: () => WatchState[];
  store: WatchFailureStore;
  /** Rows not refreshed within this are a replica's that is gone. */
  staleAfterMs: number;
  logger: LoggerService;
  clock?: () => Date;
}): () => Promise<WatchState[]> {
  const clock = options.clock ?? (() => new Date());
  let warned = false;
  return async () => {
    const local = options.local?.() ?? [];
    const now = clock();
    try {
      if (options.local)
        await options.store.publish(
          options.replica,
          local.flatMap(({ cluster, namespace, failure }) =>
            failure ? [{ cluster, namespace, ...failure }] : [],
          ),
          now,
        );
      const shared = await options.store.current(
        new Date(now.getTime() - options.staleAfterMs),
      );
      warned = false;
      // A watch failing on any replica is reported, from its earliest failure: the
      // replica whose watch fails repairs nothing there at once, and an operator sees it.
      const states = new Map(
        local.map(w => [`${w.cluster}/${w.namespace}`, w]),
      );
      for (const { cluster, namespace, since, message } of shared) {
        const key = `${cluster}/${namespace}`;
        const known = states.get(key)?.failure;
        if (!known || since < known.since)
          states.set(key, { cluster, namespace, failure: { since, message } });
      }
      return [...states.values()];
    } catch (error) {
      if (!warned)
        options.logger.warn(
          `Could not share the state of Secret watches through the database; reporting this replica's only: ${
            (error as Error)?.message ?? error
          }`,
        );
      warned = true;
      return local;
    }
  };
}
