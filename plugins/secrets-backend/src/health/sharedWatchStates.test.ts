import { mockServices } from '@backstage/backend-test-utils';
import type { WatchFailureRecord, WatchFailureStore } from '../database';
import { sharedWatchStates } from './sharedWatchStates';

/** The store in memory, keyed by replica, with when each published. */
class FakeWatchFailures implements WatchFailureStore {
  readonly rows = new Map<
    string,
    { failures: WatchFailureRecord[]; at: Date }
  >();
  failing = false;

  async publish(replica: string, failures: WatchFailureRecord[], now: Date) {
    if (this.failing) throw new Error('database gone');
    this.rows.set(replica, { failures, at: now });
  }

  async current(seenSince: Date) {
    if (this.failing) throw new Error('database gone');
    return [...this.rows.values()]
      .filter(r => r.at >= seenSince)
      .flatMap(r => r.failures);
  }

  async forget(replica: string) {
    this.rows.delete(replica);
  }
}

const now = new Date('2026-01-01T01:00:00.000Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const failing = (namespace: string, since: Date, message = 'forbidden') => ({
  cluster: 'local',
  namespace,
  failure: { since, message },
});

describe('sharedWatchStates', () => {
  it('publishes this replica’s failing watches and reports every replica’s, the earliest failure first', async () => {
    const store = new FakeWatchFailures();
    store.rows.set('engine-b', {
      failures: [
        {
          cluster: 'local',
          namespace: 'payments',
          since: ago(600),
          message: 'b: EOF',
        },
        {
          cluster: 'local',
          namespace: 'search',
          since: ago(60),
          message: 'b: 403',
        },
      ],
      at: ago(30),
    });
    const watches = sharedWatchStates({
      replica: 'engine-a',
      local: () => [
        { cluster: 'local', namespace: 'payments' },
        failing('search', ago(120), 'a: 403'),
      ],
      store,
      staleAfterMs: 180_000,
      logger: mockServices.logger.mock(),
      clock: () => now,
    });
    expect(await watches()).toEqual([
      failing('payments', ago(600), 'b: EOF'),
      failing('search', ago(120), 'a: 403'),
    ]);
    expect(store.rows.get('engine-a')).toEqual({
      failures: [
        {
          cluster: 'local',
          namespace: 'search',
          since: ago(120),
          message: 'a: 403',
        },
      ],
      at: now,
    });
  });

  it('on a replica that watches nothing, publishes nothing and reports the fresh failures of others', async () => {
    const store = new FakeWatchFailures();
    store.rows.set('engine-gone', {
      failures: [
        { cluster: 'local', namespace: 'old', since: ago(900), message: 'x' },
      ],
      at: ago(600),
    });
    store.rows.set('engine-b', {
      failures: [
        {
          cluster: 'local',
          namespace: 'payments',
          since: ago(90),
          message: 'EOF',
        },
      ],
      at: ago(20),
    });
    const watches = sharedWatchStates({
      replica: 'api-only',
      store,
      staleAfterMs: 180_000,
      logger: mockServices.logger.mock(),
      clock: () => now,
    });
    expect(await watches()).toEqual([failing('payments', ago(90), 'EOF')]);
    expect(store.rows.has('api-only')).toBe(false);
  });

  it('without the database, reports this replica’s own watches and warns once', async () => {
    const store = new FakeWatchFailures();
    store.failing = true;
    const logger = mockServices.logger.mock();
    const own = [failing('payments', ago(60))];
    const watches = sharedWatchStates({
      replica: 'engine-a',
      local: () => own,
      store,
      staleAfterMs: 180_000,
      logger,
      clock: () => now,
    });
    expect(await watches()).toEqual(own);
    expect(await watches()).toEqual(own);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toContain('database gone');
  });
});
