import { mockServices } from '@backstage/backend-test-utils';
import type {
  Mapping,
  MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import { FakeCluster, FakeKvV2 } from '../__testUtils__/fakes';
import type { SyncClaim, SyncState } from '../database';
import {
  ClusterError,
  LAST_SYNC_ANNOTATION,
  SYNC_REASON_ANNOTATION,
  SYNC_STATUS_ANNOTATION,
} from '../kubernetes';
import { VaultError, type VaultGateway } from '../vault';
import { CycleReadCache } from './readCache';
import { reconcileMapping, type ReconcileDeps } from './reconcileMapping';

const KEY = 'payments/payments-api';
const now = new Date('2026-12-01T12:00:00Z');

const mapping = (target: Partial<MappingSpec['target']> = {}): Mapping => ({
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
  revision: 1,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  createdBy: 'user:default/alice',
  updatedBy: 'user:default/alice',
});

const claim = (state: Partial<SyncState> = {}): SyncClaim => ({
  mappingId: 'm-1',
  cluster: 'local',
  token: 't',
  state: {
    mappingId: 'm-1',
    cluster: 'local',
    status: 'Pending',
    syncedVersions: [],
    nextDueAt: now.toISOString(),
    consecutiveFailures: 0,
    priority: 10,
    ...state,
  },
});

function setup() {
  const vault = new FakeKvV2();
  vault.seed(KEY, { password: 'v1' });
  const gateway = vault as unknown as VaultGateway;
  const cluster = new FakeCluster();
  let exists = true;
  const deps: ReconcileDeps = {
    vault: store => (store === 'kv2' ? gateway : undefined),
    hmacKey: Buffer.alloc(32, 7),
    config: {
      defaultRefreshIntervalMs: 3_600_000,
      jitter: 0,
      backoff: { initialMs: 5000, maxMs: 600_000 },
      secretReadIntervalMs: 86_400_000,
    },
    leases: {} as never,
    random: () => 0.5,
    mappingExists: async () => exists,
    retireLease: async () => undefined,
    cluster: () => undefined,
    requestSync: async () => true,
    logger: mockServices.logger.mock(),
  };
  const run = (m: Mapping, c: SyncClaim, on = cluster) =>
    reconcileMapping(
      deps,
      m,
      { name: 'local', gateway: on },
      c,
      new CycleReadCache(() => gateway),
      now,
    );
  return { vault, cluster, deps, run, deleted: () => (exists = false) };
}

describe('reconcileMapping', () => {
  it('creates the Secret, then finds it unchanged without writing', async () => {
    const { cluster, run } = setup();
    const first = await run(mapping(), claim());
    expect(first.result).toBe('created');
    expect(first.outcome).toMatchObject({
      status: 'Synced',
      reason: 'Created',
      consecutiveFailures: 0,
      syncedVersions: [{ key: KEY, version: 1 }],
    });
    expect(first.outcome.nextDueAt).toEqual(
      new Date(now.getTime() + 3_600_000),
    );
    expect(first.events).toEqual([
      { type: 'Synced', reason: 'created', message: 'Secret created' },
    ]);
    expect(cluster.text('payments', 'payments-db')).toEqual({ password: 'v1' });
    const version = cluster.secrets.get(
      'payments/payments-db',
    )!.resourceVersion;

    const again = await run(
      mapping(),
      claim({
        status: 'Synced',
        lastSyncedAt: now.toISOString(),
        dataHmac: first.outcome.dataHmac,
      }),
    );
    expect(again.result).toBe('unchanged');
    expect(again.events).toEqual([]);
    expect(again.ifLost).toBeUndefined();
    expect(cluster.secrets.get('payments/payments-db')!.resourceVersion).toBe(
      version,
    );
  });

  it('never updates a CreatedOnce Secret it wrote, and writes it again once it is gone', async () => {
    const { vault, cluster, run } = setup();
    const m: Mapping = {
      ...mapping(),
      spec: { ...mapping().spec, refreshPolicy: 'CreatedOnce' },
    };
    const first = await run(m, claim());
    expect(first.result).toBe('created');
    // Looked at again on the timer, only to notice a deleted Secret.
    expect(first.outcome.nextDueAt).toEqual(
      new Date(now.getTime() + 3_600_000),
    );
    const synced = claim({
      status: 'Synced',
      lastSyncedAt: now.toISOString(),
      dataHmac: first.outcome.dataHmac,
      syncedVersions: [{ key: KEY, version: 1 }],
    });

    vault.seed(KEY, { password: 'v2' });
    const read = jest.spyOn(vault, 'read');
    const kept = await run(m, synced);
    expect(kept.result).toBe('unchanged');
    expect(kept.outcome).toMatchObject({
      status: 'Synced',
      reason: 'CreatedOnce',
      syncedVersions: [{ key: KEY, version: 1 }],
      dataHmac: first.outcome.dataHmac,
    });
    expect(read).not.toHaveBeenCalled();
    expect(cluster.text('payments', 'payments-db')).toEqual({ password: 'v1' });

    cluster.secrets.delete('payments/payments-db');
    const again = await run(m, synced);
    expect(again.result).toBe('created');
    expect(cluster.text('payments', 'payments-db')).toEqual({ password: 'v2' });
  });

  it('repairs a hand edit and restarts the consumers it names', async () => {
    const { cluster, run } = setup();
    const m = mapping({
      rolloutRestartTargets: [{ kind: 'Deployment', name: 'payments-api' }],
    });
    const first = await run(m, claim());
    cluster.secrets.get('payments/payments-db')!.data.password =
      Buffer.from('edited');
    const repaired = await run(
      m,
      claim({
        lastSyncedAt: now.toISOString(),
        dataHmac: first.outcome.dataHmac,
      }),
    );
    expect(repaired.result).toBe('driftRepaired');
    expect(repaired.events.map(e => e.type)).toEqual([
      'DriftRepaired',
      'Restarted',
    ]);
    expect(cluster.text('payments', 'payments-db')).toEqual({ password: 'v1' });
    expect(cluster.restarted).toEqual([
      'payments/Deployment/payments-api',
      'payments/Deployment/payments-api',
    ]);
  });

  it('stamps its status on each write, and clears a failure mark without restarting consumers', async () => {
    const { cluster, run } = setup();
    const m = mapping({
      rolloutRestartTargets: [{ kind: 'Deployment', name: 'payments-api' }],
    });
    const first = await run(m, claim());
    const live = () => cluster.secrets.get('payments/payments-db')!;
    expect(live().annotations).toMatchObject({
      [LAST_SYNC_ANNOTATION]: now.toISOString(),
      [SYNC_STATUS_ANNOTATION]: 'Synced',
      [SYNC_REASON_ANNOTATION]: 'Created',
    });
    const synced = claim({
      status: 'Synced',
      lastSyncedAt: now.toISOString(),
      dataHmac: first.outcome.dataHmac,
    });
    // The time is never a reason to write.
    const version = live().resourceVersion;
    expect((await run(m, synced)).result).toBe('unchanged');
    expect(live().resourceVersion).toBe(version);

    // A failure marked the Secret (SecretEventRecorder); the next good sync clears the mark.
    live().annotations[SYNC_STATUS_ANNOTATION] = 'SyncedError';
    live().annotations[SYNC_REASON_ANNOTATION] = 'VaultSealed';
    const recovered = await run(m, synced);
    expect(recovered.result).toBe('metadataUpdated');
    expect(recovered.events.map(e => e.type)).toEqual(['Changed']);
    expect(live().annotations).toMatchObject({
      [SYNC_STATUS_ANNOTATION]: 'Synced',
      [SYNC_REASON_ANNOTATION]: 'MetadataUpdated',
    });
    expect(cluster.restarted).toEqual(['payments/Deployment/payments-api']);
  });

  it('keeps the live Secret on a failure, records a new reason once, and backs off', async () => {
    const { cluster, vault, run } = setup();
    await run(mapping(), claim());
    vault.secrets.delete(KEY);
    const first = await run(mapping(), claim({ status: 'Synced' }));
    expect(first.result).toBe('failed');
    expect(first.failure?.reason).toBe('VaultSecretNotFound');
    expect(first.outcome).toMatchObject({
      status: 'SyncedError',
      reason: 'VaultSecretNotFound',
      consecutiveFailures: 1,
    });
    expect(first.events.map(e => e.reason)).toEqual(['VaultSecretNotFound']);
    expect(cluster.text('payments', 'payments-db')).toEqual({ password: 'v1' });

    const second = await run(
      mapping(),
      claim({
        status: 'SyncedError',
        reason: 'VaultSecretNotFound',
        consecutiveFailures: 1,
      }),
    );
    expect(second.events).toEqual([]);
    expect(second.outcome.consecutiveFailures).toBe(2);
    expect(second.outcome.nextDueAt.getTime()).toBeGreaterThan(
      first.outcome.nextDueAt.getTime(),
    );
  });

  it('removes the Secret when the Vault secret is gone under deletionPolicy Delete, but never on an outage', async () => {
    const { cluster, vault, run } = setup();
    const m = mapping({ deletionPolicy: 'Delete' });
    await run(m, claim());
    // An outage is not "gone": the Secret stays.
    jest.spyOn(vault, 'read').mockRejectedValueOnce(
      new VaultError({
        kind: 'unreachable',
        store: 'kv2',
        verb: 'read',
        path: KEY,
        detail: 'connection refused',
      }),
    );
    const outage = await run(m, claim({ status: 'Synced' }));
    expect(outage.failure?.reason).toBe('VaultUnreachable');
    expect(cluster.secrets.has('payments/payments-db')).toBe(true);

    vault.secrets.delete(KEY);
    const gone = await run(m, claim({ status: 'Synced' }));
    expect(gone.result).toBe('deleted');
    expect(gone.outcome.reason).toBe('VaultSecretDeleted');
    expect(cluster.secrets.has('payments/payments-db')).toBe(false);
  });

  it('deletionPolicy Merge keeps the Secret without its vanished keys', async () => {
    const { cluster, vault, run } = setup();
    vault.seed('payments/extra', { token: 't1' });
    const m = mapping({ deletionPolicy: 'Merge' });
    m.spec.data!.push({
      secretKey: 'token',
      remoteRef: { key: 'payments/extra', property: 'token' },
    });
    await run(m, claim());
    vault.secrets.delete('payments/extra');
    const partly = await run(m, claim({ status: 'Synced' }));
    expect(partly.result).toBe('updated');
    expect(cluster.text('payments', 'payments-db')).toEqual({ password: 'v1' });

    vault.secrets.delete(KEY);
    const gone = await run(m, claim({ status: 'Synced' }));
    expect(gone.result).toBe('deleted');
    expect(gone.outcome).toMatchObject({
      status: 'Synced',
      reason: 'VaultSecretDeleted',
      message:
        'Vault secret is gone and deletionPolicy is Merge: the Secret is kept without its keys',
    });
    expect(cluster.text('payments', 'payments-db')).toEqual({});
    expect((await run(m, claim({ status: 'Synced' }))).result).toBe(
      'unchanged',
    );

    // Merged into a foreign Secret: only the mapping's keys leave it.
    await cluster.createSecret({
      namespace: 'payments',
      name: 'shared',
      data: { theirs: Buffer.from('x'), password: Buffer.from('v1') },
    });
    const merged = mapping({
      name: 'shared',
      creationPolicy: 'Merge',
      deletionPolicy: 'Merge',
    });
    expect((await run(merged, claim({ status: 'Synced' }))).result).toBe(
      'deleted',
    );
    expect(cluster.text('payments', 'shared')).toEqual({ theirs: 'x' });
  });

  it('creationPolicy None reads Vault and writes nothing', async () => {
    const { cluster, vault, run } = setup();
    const m = mapping({ creationPolicy: 'None' });
    const done = await run(m, claim());
    expect(done.result).toBe('unchanged');
    expect(done.outcome).toMatchObject({
      status: 'Synced',
      reason: 'CreationPolicyNone',
      syncedVersions: [{ key: KEY, version: 1 }],
    });
    expect(cluster.secrets.size).toBe(0);
    vault.secrets.delete(KEY);
    const missing = await run(m, claim({ status: 'Synced' }));
    expect(missing.failure?.reason).toBe('VaultSecretNotFound');
    expect(cluster.secrets.size).toBe(0);
  });

  it('writes an immutable Secret once, keeps it while Vault changes, and writes it anew once deleted', async () => {
    const { cluster, vault, run } = setup();
    const m = mapping({ immutable: true });
    const first = await run(m, claim());
    expect(first.result).toBe('created');
    expect(cluster.secrets.get('payments/payments-db')!.immutable).toBe(true);
    const synced = claim({
      status: 'Synced',
      lastSyncedAt: now.toISOString(),
      dataHmac: first.outcome.dataHmac,
      syncedVersions: first.outcome.syncedVersions,
    });

    vault.seed(KEY, { password: 'v2' });
    const kept = await run(m, synced);
    expect(kept.result).toBe('kept');
    expect(kept.outcome).toMatchObject({
      status: 'Synced',
      reason: 'Immutable',
      dataHmac: first.outcome.dataHmac,
      syncedVersions: [{ key: KEY, version: 1 }],
    });
    expect(kept.events).toEqual([
      expect.objectContaining({ type: 'Synced', reason: 'Immutable' }),
    ]);
    expect(cluster.text('payments', 'payments-db')).toEqual({ password: 'v1' });
    // The history notes it once; the labels still follow the mapping.
    const relabelled = mapping({ immutable: true, labels: { team: 'pay' } });
    const again = await run(relabelled, {
      ...synced,
      state: { ...synced.state, reason: 'Immutable' },
    });
    expect(again.events).toEqual([]);
    const live = cluster.secrets.get('payments/payments-db')!;
    expect(live.labels.team).toBe('pay');
    expect(live.data.password.toString()).toBe('v1');

    await cluster.deleteSecret('payments', 'payments-db', { uid: live.uid });
    expect((await run(m, synced)).result).toBe('created');
    expect(cluster.text('payments', 'payments-db')).toEqual({ password: 'v2' });

    // No longer immutable: Kubernetes cannot unfreeze it, so it is written anew.
    vault.seed(KEY, { password: 'v3' });
    const thawed = await run(mapping(), synced);
    expect(thawed.result).toBe('updated');
    const after = cluster.secrets.get('payments/payments-db')!;
    expect(after.immutable).toBeUndefined();
    expect(after.data.password.toString()).toBe('v3');
  });

  it('names a cluster or store the configuration lacks, and a refused write', async () => {
    const { cluster, run, deps } = setup();
    const missing = await reconcileMapping(
      deps,
      mapping(),
      { name: 'elsewhere' },
      claim(),
      new CycleReadCache(() => ({} as VaultGateway)),
      now,
    );
    expect(missing.failure?.reason).toBe('ClusterNotConfigured');
    const noStore = await run(
      { ...mapping(), spec: { ...mapping().spec, store: 'gone' } },
      claim(),
    );
    expect(noStore.failure?.reason).toBe('StoreNotConfigured');
    cluster.failWith = new ClusterError(
      'forbidden',
      { cluster: 'local', verb: 'create Secret' },
      'API server answered 403 Forbidden',
    );
    const refused = await run(mapping(), claim());
    expect(refused.failure).toMatchObject({ reason: 'KubernetesForbidden' });
  });

  it('undoes its write when the mapping was deleted while it synced', async () => {
    const { cluster, run, deleted } = setup();
    const done = await run(mapping(), claim());
    expect(cluster.secrets.has('payments/payments-db')).toBe(true);
    deleted();
    await done.ifLost!();
    expect(cluster.secrets.has('payments/payments-db')).toBe(false);
  });
});
