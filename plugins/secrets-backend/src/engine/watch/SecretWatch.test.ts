import { mockServices } from '@backstage/backend-test-utils';
import { FakeCluster } from '../../__testUtils__/fakes';
import { ClusterError } from '../../kubernetes';
import { SecretWatch } from './SecretWatch';

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end)
    await new Promise(resolve => setTimeout(resolve, 5));
};

const cut = () =>
  new ClusterError(
    'unreachable',
    { cluster: 'local', verb: 'watch' },
    'connection reset by a proxy',
  );

function setup(cluster = new FakeCluster()) {
  const logger = mockServices.logger.mock();
  let t = 0;
  const watch = new SecretWatch({
    gateway: cluster,
    namespace: 'payments',
    onEvent: async () => undefined,
    logger,
    backoff: { initialMs: 5, maxMs: 10 },
    healthyAfterMs: 50,
    // A later read gives a later time: an outage started again would move `since`.
    clock: () => new Date(Date.UTC(2026, 0, 1, 0, 0, t++)),
  });
  return { cluster, logger, watch };
}

describe('SecretWatch', () => {
  it('keeps failing, from its first failure on, while each watch fails after a good list', async () => {
    const { cluster, logger, watch } = setup();
    const watchCalls = jest
      .spyOn(cluster, 'watchManagedSecrets')
      .mockRejectedValue(cut());
    const lists = jest.spyOn(cluster, 'listManagedSecretsAt');
    expect(watch.failure).toBeUndefined();
    watch.start();
    await until(() => watchCalls.mock.calls.length >= 4);
    expect(lists.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(watch.failure).toEqual({
      since: new Date('2026-01-01T00:00:00.000Z'),
      message: expect.stringContaining('connection reset by a proxy'),
    });
    // One warning per outage, not one per try; no "again" between tries.
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.info).not.toHaveBeenCalled();
    await watch.stop();
  });

  it('has recovered once a watch stays open, and says so once', async () => {
    const { cluster, logger, watch } = setup();
    const watchCalls = jest
      .spyOn(cluster, 'watchManagedSecrets')
      .mockRejectedValueOnce(cut())
      .mockRejectedValueOnce(cut());
    watch.start();
    await until(() => watchCalls.mock.calls.length >= 3);
    expect(watch.failure).toBeDefined();
    // The third watch stays open (the fake's own); after healthyAfterMs it counts.
    await until(() => watch.failure === undefined);
    expect(watch.failure).toBeUndefined();
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Watching Secrets in local/payments again',
      { cluster: 'local', namespace: 'payments' },
    );
    await watch.stop();
  });
});
