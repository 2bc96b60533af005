import { mockServices } from '@backstage/backend-test-utils';
import { FakeCluster } from '../../__testUtils__/fakes';
import {
  ClusterError,
  DATA_HMAC_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  MAPPING_ID_LABEL,
} from '../../kubernetes';
import { dataHmac } from '../desired';
import {
  ManagedSecretWatchers,
  type SecretChange,
} from './ManagedSecretWatchers';

const key = Buffer.alloc(32, 3);
const hmacOf = (s: { type: string; data: Record<string, Buffer> }) =>
  dataHmac(key, s);
const settle = () => new Promise(resolve => setTimeout(resolve, 20));

/** A Secret as the engine writes it: labelled, with the HMAC of its data. */
function managed(name: string, mappingId: string, value: string) {
  const data = { password: Buffer.from(value) };
  return {
    namespace: 'payments',
    name,
    type: 'Opaque',
    data,
    labels: {
      [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
      [MAPPING_ID_LABEL]: mappingId,
    },
    annotations: { [DATA_HMAC_ANNOTATION]: hmacOf({ type: 'Opaque', data }) },
  };
}

function setup(cluster = new FakeCluster()) {
  const changes: SecretChange[] = [];
  let targets = [{ cluster: 'local', namespace: 'payments' }];
  const watchers = new ManagedSecretWatchers({
    cluster: name => (name === 'local' ? cluster : undefined),
    targets: async () => targets,
    hmacOf,
    onChange: async c => void changes.push(c),
    logger: mockServices.logger.mock(),
    backoff: { initialMs: 10, maxMs: 20 },
  });
  return {
    cluster,
    changes,
    watchers,
    setTargets: (t: typeof targets) => (targets = t),
  };
}

describe('ManagedSecretWatchers', () => {
  it('reports a managed Secret edited or deleted by hand, never the engine’s own writes', async () => {
    const { cluster, changes, watchers } = setup();
    await watchers.refresh();
    expect(watchers.watched).toEqual(['local/payments']);
    await settle();
    const live = await cluster.createSecret(managed('db', 'm-1', 'v1'));
    // The engine's write: new data with its new HMAC.
    await cluster.replaceSecret({
      ...managed('db', 'm-1', 'v2'),
      resourceVersion: live.resourceVersion,
    });
    await settle();
    expect(changes).toEqual([]);

    const current = cluster.secrets.get('payments/db')!;
    await cluster.replaceSecret({
      ...current,
      data: { password: Buffer.from('typed by hand') },
    });
    await cluster.deleteSecret('payments', 'db', {
      uid: cluster.secrets.get('payments/db')!.uid,
    });
    // Not ours: no mapping-id label.
    await cluster.createSecret({
      namespace: 'payments',
      name: 'other',
      data: {},
    });
    await settle();
    expect(changes).toEqual([
      { mappingId: 'm-1', cluster: 'local', change: 'edited' },
      { mappingId: 'm-1', cluster: 'local', change: 'deleted' },
    ]);
    await watchers.stop();
  });

  it('finds what changed while nothing watched when it lists again, and stops watches no mapping needs', async () => {
    const cluster = new FakeCluster();
    const { changes, watchers, setTargets } = setup(cluster);
    await cluster.createSecret({
      ...managed('db', 'm-2', 'v1'),
      data: { password: Buffer.from('edited while down') },
    });
    const watch = jest.spyOn(cluster, 'watchManagedSecrets');
    watch.mockRejectedValueOnce(
      new ClusterError(
        'unreachable',
        { cluster: 'local', verb: 'watch' },
        'connection refused',
      ),
    );
    await watchers.refresh();
    await settle();
    // Listed before the watch failed, and again after the backoff.
    expect(changes.length).toBeGreaterThanOrEqual(2);
    expect(changes[0]).toEqual({
      mappingId: 'm-2',
      cluster: 'local',
      change: 'edited',
    });
    expect(watch.mock.calls.length).toBeGreaterThanOrEqual(2);

    setTargets([]);
    await watchers.refresh();
    expect(watchers.watched).toEqual([]);
  });

  it('tells each watch’s state, with since when it fails', async () => {
    const cluster = new FakeCluster();
    const { watchers, setTargets } = setup(cluster);
    setTargets([
      { cluster: 'local', namespace: 'payments' },
      { cluster: 'local', namespace: 'search' },
    ]);
    jest
      .spyOn(cluster, 'watchManagedSecrets')
      .mockImplementation(async (namespace, _v, _e, signal) => {
        if (namespace === 'search')
          throw new ClusterError(
            'unreachable',
            { cluster: 'local', verb: 'watch' },
            'stream cut',
          );
        await new Promise(r => signal.addEventListener('abort', r));
        return { resourceVersion: '1', gone: false };
      });
    await watchers.refresh();
    await settle();
    expect(watchers.states()).toEqual([
      { cluster: 'local', namespace: 'payments' },
      {
        cluster: 'local',
        namespace: 'search',
        failure: {
          since: expect.any(Date),
          message: expect.stringContaining('stream cut'),
        },
      },
    ]);
    await watchers.stop();
    expect(watchers.states()).toEqual([]);
  });

  it('runs one refresh at a time: calls meanwhile run it once more, never two watches of a namespace', async () => {
    const cluster = new FakeCluster();
    const { watchers, setTargets } = setup(cluster);
    const watch = jest.spyOn(cluster, 'watchManagedSecrets');
    await Promise.all([
      watchers.refresh(),
      watchers.refresh(),
      watchers.refresh(),
    ]);
    expect(watchers.watched).toEqual(['local/payments']);
    expect(watch).toHaveBeenCalledTimes(1);

    // A mapping saved into a new namespace: watched without waiting for the schedule.
    setTargets([
      { cluster: 'local', namespace: 'payments' },
      { cluster: 'local', namespace: 'search' },
    ]);
    watchers.refreshSoon();
    await settle();
    expect(watchers.watched).toEqual(['local/payments', 'local/search']);
    expect(watch).toHaveBeenCalledTimes(2);
    await watchers.stop();
  });

  it('knows each managed Secret’s version while its watch is up with a complete list, and nothing otherwise', async () => {
    const cluster = new FakeCluster();
    const before = await cluster.createSecret(managed('db', 'm-1', 'v1'));
    const { watchers } = setup(cluster);
    // The list hands the Secret on, then the watch fails each time: not up, nothing known.
    const watch = jest
      .spyOn(cluster, 'watchManagedSecrets')
      .mockRejectedValue(
        new ClusterError(
          'unreachable',
          { cluster: 'local', verb: 'watch' },
          'stream cut',
        ),
      );
    await watchers.refresh();
    await settle();
    expect(watch).toHaveBeenCalled();
    expect(watchers.versionOf('local', 'payments', 'db')).toBeUndefined();

    watch.mockRestore();
    await settle(); // the backoff (10–20 ms), then a list and a watch that stays up
    await settle();
    expect(watchers.versionOf('local', 'payments', 'db')).toBe(
      before.resourceVersion,
    );
    const after = await cluster.replaceSecret({
      ...managed('db', 'm-1', 'v2'),
      resourceVersion: before.resourceVersion,
    });
    await settle();
    expect(watchers.versionOf('local', 'payments', 'db')).toBe(
      after.resourceVersion,
    );
    expect(watchers.versionOf('local', 'search', 'db')).toBeUndefined();
    expect(watchers.versionOf('local', 'payments', 'other')).toBeUndefined();

    await cluster.deleteSecret('payments', 'db', { uid: after.uid });
    await settle();
    expect(watchers.versionOf('local', 'payments', 'db')).toBeUndefined();
    await watchers.stop();
    await cluster.createSecret(managed('db', 'm-1', 'v3'));
    expect(watchers.versionOf('local', 'payments', 'db')).toBeUndefined();
  });
});
