import { mockServices } from '@backstage/backend-test-utils';
import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import { FakeCluster } from '../__testUtils__/fakes';
import {
  ClusterError,
  SYNC_REASON_ANNOTATION,
  SYNC_STATUS_ANNOTATION,
} from '../kubernetes';
import { SecretEventRecorder } from './SecretEventRecorder';

const mapping = (creationPolicy?: 'Merge'): Mapping => ({
  id: 'm-1',
  entityRef: 'component:default/payments-api',
  spec: {
    store: 'kv2',
    data: [{ secretKey: 'a', remoteRef: { key: 'payments/app' } }],
    target: {
      clusters: ['local'],
      namespace: 'payments',
      name: 'payments-db',
      ...(creationPolicy ? { creationPolicy } : {}),
    },
  },
  revision: 1,
  createdAt: '',
  updatedAt: '',
  createdBy: '',
  updatedBy: '',
});

async function setup() {
  const cluster = new FakeCluster();
  const live = await cluster.createSecret({
    namespace: 'payments',
    name: 'payments-db',
    data: { a: Buffer.from('1') },
    labels: {
      'app.kubernetes.io/managed-by': 'backstage-secrets',
      'secrets.backstage.io/mapping-id': 'm-1',
    },
  });
  let now = 0;
  const recorder = new SecretEventRecorder(
    mockServices.logger.mock(),
    60_000,
    () => now,
  );
  return { cluster, live, recorder, later: (ms: number) => (now += ms) };
}

describe('SecretEventRecorder', () => {
  it('turns changes into Kubernetes Events on the Secret, at most one per reason and minute', async () => {
    const { cluster, live, recorder, later } = await setup();
    const created = {
      type: 'Synced' as const,
      reason: 'created',
      message: 'Secret created',
    };
    await recorder.record(cluster, mapping(), [created]);
    await recorder.record(cluster, mapping(), [created]);
    expect(cluster.events).toEqual([
      {
        namespace: 'payments',
        secretName: 'payments-db',
        uid: live.uid,
        type: 'Normal',
        reason: 'Synced',
        message: 'Secret created',
      },
    ]);
    later(60_000);
    await recorder.record(cluster, mapping(), [
      created,
      { type: 'Renewed', reason: 'LeaseRenewed', message: 'renewed' },
      {
        type: 'DriftRepaired',
        reason: 'driftRepaired',
        message: 'Secret was edited in the cluster; restored from Vault',
      },
    ]);
    expect(cluster.events.map(e => `${e.type} ${e.reason}`)).toEqual([
      'Normal Synced',
      'Normal Synced',
      'Warning DriftRepaired',
    ]);
  });

  it('keeps to a budget of Events per cluster: a burst, then five a second', async () => {
    const { cluster, recorder, later } = await setup();
    const many = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        ...mapping(),
        id: `m-${from + i}`,
        spec: {
          ...mapping().spec,
          target: { ...mapping().spec.target, name: `s-${from + i}` },
        },
      }));
    const created = {
      type: 'Synced' as const,
      reason: 'created',
      message: 'Secret created',
    };
    // A cold start: 100 Secrets written at once, 25 Events go out.
    for (const m of many(100, 0))
      await recorder.record(cluster, m, [created], 'uid');
    expect(cluster.events).toHaveLength(25);
    // A second later, five more; the rest of the burst comes back with time.
    later(1000);
    for (const m of many(100, 100))
      await recorder.record(cluster, m, [created], 'uid');
    expect(cluster.events).toHaveLength(30);
    // Another cluster has a budget of its own.
    const other = new FakeCluster('other');
    await recorder.record(other, mapping(), [created], 'uid');
    expect(other.events).toHaveLength(1);
  });

  it('marks a failing Secret it owns with the reason, never a Secret it only merges into', async () => {
    const { cluster, recorder } = await setup();
    const failed = {
      type: 'Failed' as const,
      reason: 'VaultSealed',
      message: 'Vault store "kv2" is sealed',
    };
    await recorder.record(cluster, mapping(), [failed]);
    const secret = cluster.secrets.get('payments/payments-db')!;
    expect(secret.annotations).toMatchObject({
      [SYNC_STATUS_ANNOTATION]: 'SyncedError',
      [SYNC_REASON_ANNOTATION]: 'VaultSealed',
    });
    expect(secret.data.a.toString()).toBe('1');
    expect(cluster.events.at(-1)).toMatchObject({
      type: 'Warning',
      reason: 'SyncFailed',
      message: 'VaultSealed: Vault store "kv2" is sealed',
    });

    const foreign = new FakeCluster('other');
    await foreign.createSecret({
      namespace: 'payments',
      name: 'payments-db',
      data: { theirs: Buffer.from('x') },
    });
    await recorder.record(foreign, mapping('Merge'), [failed]);
    expect(foreign.secrets.get('payments/payments-db')!.annotations).toEqual(
      {},
    );
    expect(foreign.events).toHaveLength(1);
  });

  it('never fails the sync when the cluster refuses', async () => {
    const { cluster, recorder } = await setup();
    cluster.failWith = new ClusterError(
      'forbidden',
      { cluster: 'local', verb: 'create Event' },
      'forbidden',
    );
    await expect(
      recorder.record(cluster, mapping(), [
        { type: 'Failed', reason: 'VaultSealed', message: 'sealed' },
      ]),
    ).resolves.toBeUndefined();
  });
});
