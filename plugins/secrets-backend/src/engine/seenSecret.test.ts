import { mockServices } from '@backstage/backend-test-utils';
import type {
  Mapping,
  MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import { FakeCluster, FakeKvV2 } from '../__testUtils__/fakes';
import type { SyncClaim, SyncOutcome, SyncState } from '../database';
import type { VaultGateway } from '../vault';
import { CycleReadCache } from './readCache';
import { reconcileMapping, type ReconcileDeps } from './reconcileMapping';
import { decodeSeen, encodeSeen, unchangedSinceSeen } from './seenSecret';

const KEY = 'payments/payments-api';
const start = new Date('2026-12-01T12:00:00Z');
const HOUR = 3_600_000;

const mapping = (
  target: Partial<MappingSpec['target']> = {},
  revision = 1,
): Mapping => ({
  id: 'm-1',
  entityRef: 'component:default/payments-api',
  spec: {
    store: 'kv2',
    data: [
      { secretKey: 'password', remoteRef: { key: KEY, property: 'password' } },
    ],
    target: {
      clusters: ['local'],
      namespace: 'payments',
      name: 'payments-db',
      ...target,
    },
  },
  revision,
  createdAt: start.toISOString(),
  updatedAt: start.toISOString(),
  createdBy: 'user:default/alice',
  updatedBy: 'user:default/alice',
});

/** The claim the next cycle gets after `outcome` was recorded (as the stores keep it). */
const claimAfter = (outcome?: SyncOutcome): SyncClaim => ({
  mappingId: 'm-1',
  cluster: 'local',
  token: 't',
  state: {
    mappingId: 'm-1',
    cluster: 'local',
    status: outcome?.status ?? 'Pending',
    syncedVersions: outcome?.syncedVersions ?? [],
    dataHmac: outcome?.dataHmac,
    secretSeen: outcome?.secretSeen,
    lastSyncedAt: outcome?.lastSyncedAt?.toISOString(),
    nextDueAt: start.toISOString(),
    consecutiveFailures: outcome?.consecutiveFailures ?? 0,
    priority: 0,
  },
});

/** A mapping synced once through the fakes; `watched` plays the namespace's watch. */
function setup(readIntervalMs = 24 * HOUR) {
  const vault = new FakeKvV2();
  vault.seed(KEY, { password: 'v1' });
  const gateway = vault as unknown as VaultGateway;
  const cluster = new FakeCluster();
  const reads = jest.spyOn(cluster, 'readSecret');
  const watch = { up: true };
  const deps: ReconcileDeps = {
    vault: () => gateway,
    hmacKey: Buffer.alloc(32, 7),
    config: {
      defaultRefreshIntervalMs: HOUR,
      jitter: 0,
      backoff: { initialMs: 5000, maxMs: 600_000 },
      secretReadIntervalMs: readIntervalMs,
    },
    leases: {} as never,
    random: () => 0.5,
    mappingExists: async () => true,
    retireLease: async () => undefined,
    cluster: () => undefined,
    requestSync: async () => true,
    // As the watch: the Secret's version now, once it is up.
    watchedVersion: (_c, namespace, name) =>
      watch.up
        ? cluster.secrets.get(`${namespace}/${name}`)?.resourceVersion
        : undefined,
    logger: mockServices.logger.mock(),
  };
  const run = (m: Mapping, claim: SyncClaim, at: Date) =>
    reconcileMapping(
      deps,
      m,
      { name: 'local', gateway: cluster },
      claim,
      new CycleReadCache(() => gateway),
      at,
    );
  return { vault, cluster, reads, watch, run };
}

const later = (ms: number) => new Date(start.getTime() + ms);

describe('a refresh trusts the watch for a Secret unchanged since its last sync', () => {
  it('reads Vault but not the Secret while the watch shows the version the last sync left', async () => {
    const { cluster, reads, run } = setup();
    const created = await run(mapping(), claimAfter(), start);
    expect(created.result).toBe('created');
    const live = cluster.secrets.get('payments/payments-db')!;
    expect(decodeSeen(created.outcome.secretSeen)).toEqual({
      resourceVersion: live.resourceVersion,
      revision: 1,
      checkedAt: start.getTime(),
    });
    reads.mockClear();

    const refresh = await run(
      mapping(),
      claimAfter(created.outcome),
      later(HOUR),
    );
    expect(refresh.result).toBe('unchanged');
    expect(refresh.outcome).toMatchObject({
      status: 'Synced',
      reason: 'Unchanged',
      dataHmac: created.outcome.dataHmac,
      // Still the sync that really saw it: the interval counts from there.
      secretSeen: created.outcome.secretSeen,
    });
    expect(reads).not.toHaveBeenCalled();
  });

  it('reads and repairs a Secret edited since, and trusts the version it wrote after', async () => {
    const { cluster, reads, run } = setup();
    const created = await run(mapping(), claimAfter(), start);
    const live = cluster.secrets.get('payments/payments-db')!;
    await cluster.replaceSecret({
      ...live,
      data: { password: Buffer.from('edited') },
    });
    reads.mockClear();
    const repaired = await run(
      mapping(),
      claimAfter(created.outcome),
      later(HOUR),
    );
    expect(repaired.result).toBe('driftRepaired');
    expect(reads).toHaveBeenCalledTimes(1);
    expect(cluster.text('payments', 'payments-db')).toEqual({ password: 'v1' });
    expect(decodeSeen(repaired.outcome.secretSeen)?.resourceVersion).toBe(
      cluster.secrets.get('payments/payments-db')!.resourceVersion,
    );
  });

  it('reads the Secret when Vault changed, the mapping changed, the watch is down, or the interval is over', async () => {
    const cases: [string, (s: ReturnType<typeof setup>) => Mapping, number][] =
      [
        [
          'Vault changed',
          s => {
            s.vault.seed(KEY, { password: 'v2' });
            return mapping();
          },
          HOUR,
        ],
        [
          'mapping revision changed',
          () => mapping({ labels: { a: 'b' } }, 2),
          HOUR,
        ],
        [
          'watch down',
          s => {
            s.watch.up = false;
            return mapping();
          },
          HOUR,
        ],
        ['read interval over', () => mapping(), 24 * HOUR],
      ];
    for (const [why, change, after] of cases) {
      const s = setup();
      const created = await s.run(mapping(), claimAfter(), start);
      const next = change(s);
      s.reads.mockClear();
      const refresh = await s.run(
        next,
        claimAfter(created.outcome),
        later(after),
      );
      expect({ why, reads: s.reads.mock.calls.length }).toEqual({
        why,
        reads: 1,
      });
      expect(refresh.outcome.status).toBe('Synced');
    }
  });

  it('never trusts it with secretReadInterval 0, after a failure, for "sync now", or for Merge and immutable targets', async () => {
    const base = { status: 'Synced', dataHmac: 'h' } as const;
    const seen = encodeSeen({
      resourceVersion: '7',
      revision: 1,
      checkedAt: 0,
    });
    const state = (over: Partial<SyncState> = {}) => ({
      ...claimAfter().state,
      ...base,
      secretSeen: seen,
      ...over,
    });
    const ask = (over: Partial<Parameters<typeof unchangedSinceSeen>[0]>) =>
      unchangedSinceSeen({
        mapping: mapping(),
        state: state(),
        hmac: 'h',
        watched: '7',
        readIntervalMs: HOUR,
        now: new Date(1000),
        ...over,
      });
    expect(ask({})).toBe(true);
    expect(ask({ readIntervalMs: 0 })).toBe(false);
    expect(ask({ state: state({ status: 'SyncedError' }) })).toBe(false);
    // "Sync now": always a real look at the Secret.
    expect(ask({ state: state({ priority: 20 }) })).toBe(false);
    expect(ask({ state: state({ secretSeen: undefined }) })).toBe(false);
    expect(ask({ watched: '8' })).toBe(false);
    expect(ask({ watched: undefined })).toBe(false);
    expect(ask({ hmac: 'other' })).toBe(false);
    expect(ask({ mapping: mapping({ creationPolicy: 'Merge' }) })).toBe(false);
    expect(ask({ mapping: mapping({ immutable: true }) })).toBe(false);
    // A time ahead of this replica's clock is not trusted either.
    expect(ask({ now: new Date(-1) })).toBe(false);
  });

  it('decodes only what it encoded', () => {
    const seen = { resourceVersion: '42', revision: 3, checkedAt: 1700 };
    expect(decodeSeen(encodeSeen(seen))).toEqual(seen);
    for (const bad of [
      undefined,
      '',
      'v0 3 1700 42',
      'v1 x 1700 42',
      'v1 3 1700',
      'v1 3 1700 42 9',
    ])
      expect(decodeSeen(bad)).toBeUndefined();
  });
});
