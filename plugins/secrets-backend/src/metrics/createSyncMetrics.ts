import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import type { SyncStateStore } from '../database';
import type { VaultGateway } from '../vault';
import { OwnerLabels, type OwnersOf } from './OwnerLabels';
import { statusConditions } from './statusConditions';
import type { StatusCounts, SyncMetrics } from './SyncMetrics';

/** What the instruments are created on: Backstage's metrics service, or an OpenTelemetry meter. */
export type MetricsMeter = Pick<
  MetricsService,
  | 'createCounter'
  | 'createUpDownCounter'
  | 'createHistogram'
  | 'createGauge'
  | 'createObservableCounter'
  | 'createObservableGauge'
>;

/**
 * Creates the engine's instruments (docs/metrics.md). ESO's names and label meanings where
 * they fit — `externalsecret_sync_calls_total`, `externalsecret_sync_calls_error`,
 * `externalsecret_status_condition`, `externalsecret_reconcile_duration` — so an ESO user's
 * alerts and dashboards keep working, plus `backstage_secrets.*` for what ESO has no name
 * for. Labels are names and closed sets of codes only, never a path's content or a value.
 */
export function createSyncMetrics(options: {
  meter: MetricsMeter;
  vault: ReadonlyMap<string, VaultGateway>;
  statusCounts: StatusCounts;
  state: Pick<SyncStateStore, 'seriesPage' | 'oldestDue'>;
  /** The catalog's owners of entities, for the `owner` label; without it the label is empty. */
  ownersOf?: OwnersOf;
  /** ESO's `name` and `namespace` labels on per-mapping series (`secrets.metrics.mappingLabels`). */
  mappingLabels: boolean;
  /** This replica's Secret watches, one per cluster and namespace, and whether each fails. */
  watches?: () => { cluster: string; failure?: unknown }[];
}): SyncMetrics {
  const { meter, mappingLabels } = options;
  const calls = meter.createCounter('externalsecret_sync_calls_total', {
    description:
      'Syncs of a mapping to a cluster (ESO: External Secret sync calls), failed ones included',
  });
  // Only ever incremented, but an up-down counter: Prometheus exporters append `_total` to
  // a counter's name, and ESO's own name (what users' alerts query) has none.
  const errors = meter.createUpDownCounter('externalsecret_sync_calls_error', {
    description:
      'Failed syncs of a mapping to a cluster (ESO: External Secret sync errors), by reason',
  });
  // ESO sets this gauge to the last reconcile's time in nanoseconds (a Go duration as a
  // float); the same unit keeps ESO dashboards right. The histogram below has percentiles.
  const lastDuration = meter.createGauge('externalsecret_reconcile_duration', {
    description:
      'Time the last sync of a mapping to a cluster took, in nanoseconds as ESO records it',
  });
  const owners = new OwnerLabels(options.ownersOf);
  meter
    .createObservableGauge('externalsecret_status_condition', {
      description:
        'Ready condition of a mapping in a cluster (ESO: status condition of an External Secret)',
    })
    .addCallback(async result => {
      for (const point of await statusConditions({
        state: options.state,
        owners,
        mappingLabels,
      }))
        result.observe(point.value, point.attributes);
    });

  const syncs = meter.createCounter('backstage_secrets.sync.calls', {
    description:
      'Syncs of a mapping to a cluster, by store, cluster, result and reason',
  });
  const duration = meter.createHistogram('backstage_secrets.sync.duration', {
    description: 'Time to sync one mapping to one cluster',
    unit: 's',
    // In seconds: the SDK's default boundaries are meant for milliseconds.
    advice: {
      explicitBucketBoundaries: [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
      ],
    },
  });
  const leases = meter.createCounter('backstage_secrets.dynamic.leases', {
    description:
      'Dynamic credentials and certificates issued, leases renewed and revoked, by store and engine',
  });
  const writes = meter.createCounter('backstage_secrets.kubernetes.writes', {
    description:
      'Kubernetes writes (create, replace, patch, delete) made by the engine',
  });
  meter
    .createObservableCounter('backstage_secrets.vault.requests', {
      description:
        'Vault requests by store and kind (read, list, login, renewal, error)',
    })
    .addCallback(result => {
      for (const [store, gateway] of options.vault) {
        const stats = gateway.stats();
        for (const kind of [
          'reads',
          'lists',
          'logins',
          'renewals',
          'errors',
        ] as const) {
          result.observe(stats[kind], { store, kind });
        }
      }
    });
  meter
    .createObservableGauge('backstage_secrets.mappings', {
      description: 'Mapping syncs (one per mapping and cluster) by status',
    })
    .addCallback(async result => {
      for (const [status, count] of Object.entries(
        await options.statusCounts(),
      )) {
        result.observe(count, { status });
      }
    });
  // Every replica reports it, the engine's or not: with no engine running anywhere it
  // grows, where every per-mapping series stands still.
  meter
    .createObservableGauge('backstage_secrets.sync.lag', {
      description:
        'How long the longest-waiting due mapping sync has waited for an engine to take it (0 when none waits)',
      unit: 's',
    })
    .addCallback(async result => {
      const now = new Date();
      const oldest = await options.state.oldestDue(now);
      result.observe(
        oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
      );
    });
  const { watches } = options;
  if (watches)
    meter
      .createObservableGauge('backstage_secrets.watches', {
        description:
          'Watches of managed Secrets on this replica (one per cluster and namespace), by state',
      })
      .addCallback(result => {
        const byCluster = new Map<
          string,
          { watching: number; failing: number }
        >();
        for (const w of watches()) {
          const counts = byCluster.get(w.cluster) ?? {
            watching: 0,
            failing: 0,
          };
          counts[w.failure ? 'failing' : 'watching']++;
          byCluster.set(w.cluster, counts);
        }
        // Both states per cluster, 0 included, so that an alert compares a series that is there.
        for (const [cluster, counts] of byCluster)
          for (const [state, n] of Object.entries(counts))
            result.observe(n, { cluster, state });
      });
  return {
    recordSync(attributes, seconds) {
      const { name, namespace, entity, store, cluster, result, reason } =
        attributes;
      const series = {
        ...(mappingLabels ? { name, namespace } : {}),
        cluster,
        store,
        entity,
      };
      calls.add(1, series);
      if (result === 'failed') errors.add(1, { ...series, reason });
      lastDuration.record(Math.round(seconds * 1e9), series);
      syncs.add(1, { store, cluster, result, reason });
      duration.record(seconds, { store, result });
    },
    recordKubernetesWrite(cluster) {
      writes.add(1, { cluster });
    },
    recordLease(attributes) {
      leases.add(1, attributes);
    },
  };
}
