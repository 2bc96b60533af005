import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseHmacKeyStore } from './DatabaseHmacKeyStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('DatabaseHmacKeyStore on %s', databaseId => {
  it('creates one 32-byte key and returns it to every caller, also when they race', async () => {
    const db = await databases.init(databaseId);
    const database = mockServices.database.mock({ getClient: async () => db });
    // Eight stores asking at once, as replicas starting together do.
    const stores = await Promise.all(
      Array.from({ length: 8 }, () => DatabaseHmacKeyStore.create(database)),
    );
    const keys = await Promise.all(stores.map(s => s.dataHmacKey()));
    expect(keys[0]).toHaveLength(32);
    for (const key of keys) expect(key.equals(keys[0])).toBe(true);
    expect((await stores[0].dataHmacKey()).equals(keys[0])).toBe(true);
    expect(
      Number((await db('secrets_engine_keys').count({ n: '*' }))[0].n),
    ).toBe(1);
  });
});
