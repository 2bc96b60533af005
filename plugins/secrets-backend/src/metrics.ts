import { metrics as otel, type Meter } from '@opentelemetry/api';
import type { VaultGateway } from './vault';

/** The outcome of one sync of one mapping to one cluster. */
export type SyncResult = 'changed' | 'unchanged' | 'failed';

/**
 * The engine's metrics, through OpenTelemetry like Backstage's own plugins. Attributes are
 * names only — store, cluster, result, reason — never a path's content or a value.
 */
export interface SyncMetrics {
  recordSync(
    attributes: {
      store: string;
      cluster: string;
      result: SyncResult;
      reason: string;
    },
    seconds: number,
  ): void;
  recordKubernetesWrite(cluster: string): void;
  /** A dynamic mapping's lease or certificate was issued, renewed or revoked. */
  recordLease(attributes: {
    store: string;
    engine: 'database' | 'pki';
    action: 'issued' | 'renewed' | 'revoked' | 'revoke_failed';
  }): void;
}

/** Counts of mappings by status, read when metrics are collected. */
export type StatusCounts = () => Promise<Record<string, number>>;

/** Creates the instruments; `meter` defaults to the global provider's (tests pass their own). */
export function createSyncMetrics(options: {
  vault: ReadonlyMap<string, VaultGateway>;
  statusCounts: StatusCounts;
  meter?: Meter;
}): SyncMetrics {
  const meter = options.meter ?? otel.getMeter('backstage-secrets');
  const syncs = meter.createCounter('backstage_secrets.sync.calls', {
    description:
      'Syncs of a mapping to a cluster, by store, cluster, result and reason',
  });
  const duration = meter.createHistogram('backstage_secrets.sync.duration', {
    description: 'Time to sync one mapping to one cluster',
    unit: 's',
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
  return {
    recordSync(attributes, seconds) {
      syncs.add(1, attributes);
      duration.record(seconds, {
        store: attributes.store,
        result: attributes.result,
      });
    },
    recordKubernetesWrite(cluster) {
      writes.add(1, { cluster });
    },
    recordLease(attributes) {
      leases.add(1, attributes);
    },
  };
}
