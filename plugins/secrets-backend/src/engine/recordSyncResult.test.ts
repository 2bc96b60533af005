import { mockServices } from '@backstage/backend-test-utils';
import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import type { SyncClaim } from '../database';
import type { SyncMetrics } from '../metrics';
import { emptyReport, recordSyncResult } from './recordSyncResult';
import type { Reconciled } from './reconcileMapping';

const claim = { mappingId: 'm1', cluster: 'local' } as SyncClaim;
const mapping = {
  id: 'm1',
  entityRef: 'component:default/payments-api',
  spec: {
    store: 'kv',
    dynamic: { engine: 'pki', mount: 'pki', role: 'payments-web' },
    target: { clusters: ['local'], namespace: 'payments', name: 'tls' },
  },
} as unknown as Mapping;
const done = (extra: Partial<Reconciled>): Reconciled =>
  ({ result: 'created', events: [], leases: [], ...extra } as Reconciled);

function setup() {
  const metrics: jest.Mocked<SyncMetrics> = {
    recordSync: jest.fn(),
    recordKubernetesWrite: jest.fn(),
    recordLease: jest.fn(),
  };
  const logger = mockServices.logger.mock();
  const report = emptyReport();
  const record = (d: Reconciled) =>
    recordSyncResult({ metrics, logger }, report, {
      claim,
      mapping,
      done: d,
      seconds: 0.25,
    });
  return { metrics, logger, report, record };
}

describe('recordSyncResult', () => {
  it('counts a write, an unchanged Secret and a failure each in its place, with their metrics', () => {
    const { metrics, logger, report, record } = setup();
    record(done({ result: 'created', leases: ['issued'] }));
    record(done({ result: 'unchanged' }));
    record(done({ result: 'kept' }));
    record(
      done({
        result: 'failed',
        failure: { reason: 'VaultSealed', message: 'Vault is sealed' },
      }),
    );
    expect(report).toEqual({
      claimed: 0,
      synced: 3,
      failed: 1,
      unchanged: 2,
      writes: 1,
    });
    expect(metrics.recordKubernetesWrite).toHaveBeenCalledTimes(1);
    expect(metrics.recordLease).toHaveBeenCalledWith({
      store: 'kv',
      engine: 'pki',
      action: 'issued',
    });
    expect(
      metrics.recordSync.mock.calls.map(([a, s]) => [a.result, a.reason, s]),
    ).toEqual([
      ['changed', 'created', 0.25],
      ['unchanged', 'Unchanged', 0.25],
      ['unchanged', 'Unchanged', 0.25],
      ['failed', 'VaultSealed', 0.25],
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      'Sync of mapping m1 on local failed: Vault is sealed',
      expect.objectContaining({ reason: 'VaultSealed', cluster: 'local' }),
    );
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('logs an unexpected failure as an error, with what the bug was', () => {
    const { logger, record } = setup();
    record(
      done({
        result: 'failed',
        failure: {
          reason: 'InternalError',
          message: 'internal error',
          unexpected: 'TypeError: x is undefined',
        },
      }),
    );
    expect(logger.error).toHaveBeenCalledWith(
      'Sync of mapping m1 on local failed unexpectedly: TypeError: x is undefined',
      expect.objectContaining({ mappingId: 'm1' }),
    );
  });
});
