import { mockServices } from '@backstage/backend-test-utils';
import { replicaTasks } from './replicaTasks';
import type { SyncRuntime } from './createSyncRuntime';

function runtime(options: { engineEnabled: boolean; waiting?: boolean }) {
  const engine = {
    wake: jest.fn(),
    reconcile: jest.fn(async () => undefined),
    runUntilIdle: jest.fn(async () => ({ claimed: 0 })),
  };
  const hasWaitingRequest = jest.fn(async () => options.waiting ?? false);
  const value = {
    engine,
    state: { hasWaitingRequest },
    health: { check: jest.fn(async () => undefined) },
    watchers: { refresh: jest.fn(async () => undefined) },
    refreshClusters: jest.fn(async () => 1),
    engineEnabled: options.engineEnabled,
    healthCheckIntervalMs: 30_000,
  };
  return { value: value as unknown as SyncRuntime, engine, hasWaitingRequest };
}

const logger = mockServices.logger.mock();
const byId = (tasks: ReturnType<typeof replicaTasks>) =>
  new Map(tasks.map(t => [t.id, t]));

describe('replicaTasks', () => {
  it('runs the engine, its watches and its request check on a replica with the engine on', () => {
    const tasks = replicaTasks(runtime({ engineEnabled: true }).value, logger);
    expect(tasks.map(t => [t.id, t.frequencyMs])).toEqual([
      ['secrets-catalog-clusters', 60_000],
      ['secrets-health', 30_000],
      ['secrets-secret-watches', 60_000],
      ['secrets-reconcile', 60_000],
      ['secrets-sync-cycle', 5_000],
      ['secrets-sync-requests', 1_000],
    ]);
  });

  it('keeps only catalog clusters and health on a replica with the engine off', () => {
    const tasks = replicaTasks(runtime({ engineEnabled: false }).value, logger);
    expect(tasks.map(t => t.id)).toEqual([
      'secrets-catalog-clusters',
      'secrets-health',
    ]);
  });

  it('wakes the engine when a request waits, and only then', async () => {
    const idle = runtime({ engineEnabled: true, waiting: false });
    await byId(replicaTasks(idle.value, logger))
      .get('secrets-sync-requests')!
      .fn();
    expect(idle.hasWaitingRequest).toHaveBeenCalledTimes(1);
    expect(idle.engine.wake).not.toHaveBeenCalled();

    const asked = runtime({ engineEnabled: true, waiting: true });
    await byId(replicaTasks(asked.value, logger))
      .get('secrets-sync-requests')!
      .fn();
    expect(asked.engine.wake).toHaveBeenCalledTimes(1);
  });

  it('keeps the clusters it knows when the catalog cannot be read', async () => {
    const failing = runtime({ engineEnabled: true });
    (failing.value.refreshClusters as jest.Mock).mockRejectedValue(
      new Error('catalog down'),
    );
    const warn = mockServices.logger.mock();
    await byId(replicaTasks(failing.value, warn))
      .get('secrets-catalog-clusters')!
      .fn();
    expect(warn.warn).toHaveBeenCalledWith(
      expect.stringContaining('keeping the known ones'),
    );
  });
});
