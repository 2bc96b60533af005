import { createTestDatabases } from '../__testUtils__/testDatabases';
import { loadHmacKey } from './hmacKey';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

describe.each(ids)('loadHmacKey on %s', databaseId => {
  it('creates one 32-byte key and returns it to every caller, also when they race', async () => {
    const db = await databases.init(databaseId);
    await db.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-secrets-backend',
        'migrations',
      ),
    });
    const keys = await Promise.all(
      Array.from({ length: 8 }, () => loadHmacKey(db)),
    );
    expect(keys[0]).toHaveLength(32);
    for (const key of keys) expect(key.equals(keys[0])).toBe(true);
    expect((await loadHmacKey(db)).equals(keys[0])).toBe(true);
    expect(await db('secrets_engine_keys').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
    expect(
      Number((await db('secrets_engine_keys').count({ n: '*' }))[0].n),
    ).toBe(1);
  });
});
