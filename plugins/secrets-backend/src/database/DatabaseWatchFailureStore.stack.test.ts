import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseWatchFailureStore } from './DatabaseWatchFailureStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
const t0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const failure = (namespace: string, since: Date, message = 'forbidden') => ({
  cluster: 'local',
  namespace,
  since,
  message,
});

describe.each(ids)('DatabaseWatchFailureStore on %s', databaseId => {
  async function setup() {
    const knex = await databases.init(databaseId);
    const store = await DatabaseWatchFailureStore.create(
      mockServices.database.mock({ getClient: async () => knex }),
    );
    return { knex, store };
  }

  it('shares each replica’s failing watches, earliest first per namespace, and replaces them on each publish', async () => {
    const { store } = await setup();
    await store.publish(
      'engine-a',
      [failure('payments', at(10), 'a: 403'), failure('search', at(5))],
      at(60),
    );
    await store.publish(
      'engine-b',
      [failure('payments', at(0), 'b: EOF')],
      at(60),
    );
    expect(await store.current(at(0))).toEqual([
      failure('payments', at(0), 'b: EOF'),
      failure('search', at(5)),
    ]);

    // engine-b's watch recovered: it publishes none, and engine-a's failure is the one left.
    await store.publish('engine-b', [], at(120));
    expect(await store.current(at(0))).toEqual([
      failure('payments', at(10), 'a: 403'),
      failure('search', at(5)),
    ]);
  });

  it('leaves out what a replica has not refreshed since, and what a stopping replica forgets', async () => {
    const { store } = await setup();
    await store.publish('engine-gone', [failure('payments', at(0))], at(60));
    await store.publish('engine-live', [failure('search', at(0))], at(240));
    expect(await store.current(at(100))).toEqual([failure('search', at(0))]);
    await store.forget('engine-live');
    expect(await store.current(at(0))).toEqual([failure('payments', at(0))]);
  });

  it('cuts a long message short instead of refusing it', async () => {
    const { store } = await setup();
    await store.publish(
      'engine-a',
      [failure('payments', at(0), 'x'.repeat(5000))],
      at(0),
    );
    const [row] = await store.current(at(0));
    expect(row.message).toHaveLength(1000);
  });
});
