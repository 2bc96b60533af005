import { mockServices } from '@backstage/backend-test-utils';
import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseMappingStore } from './DatabaseMappingStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();

const spec = (name: string): MappingSpec => ({
  store: 'local-kv2',
  data: [
    {
      secretKey: 'api-key',
      remoteRef: { key: 'payments/payments-api', property: 'api_key' },
    },
  ],
  target: { clusters: ['local'], namespace: 'payments', name },
});

async function createStore(id: (typeof ids)[number]) {
  const knex = await databases.init(id);
  const store = await DatabaseMappingStore.create(
    mockServices.database.mock({ getClient: async () => knex }),
  );
  return { knex, store };
}

describe.each(ids)('DatabaseMappingStore on %s', databaseId => {
  it('creates, reads, lists by entity, updates and deletes', async () => {
    const { store } = await createStore(databaseId);
    const a = await store.create('component:default/payments-api', {
      spec: spec('a'),
      actor: 'user:default/alice',
    });
    await store.create('component:default/search-api', {
      spec: spec('b'),
      actor: 'user:default/carol',
    });

    expect(a).toMatchObject({
      entityRef: 'component:default/payments-api',
      revision: 1,
      createdBy: 'user:default/alice',
    });
    expect(await store.get(a.id)).toEqual(a);
    expect(
      (await store.list({ entityRef: 'component:default/payments-api' })).map(
        m => m.id,
      ),
    ).toEqual([a.id]);
    expect(await store.list()).toHaveLength(2);

    const updated = await store.update(a.id, {
      spec: spec('a2'),
      actor: 'user:default/bob',
      expectedRevision: 1,
    });
    expect(updated).toMatchObject({
      revision: 2,
      createdBy: 'user:default/alice',
      updatedBy: 'user:default/bob',
    });
    expect(updated.spec.target.name).toBe('a2');
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(
      Date.parse(a.updatedAt),
    );

    expect(await store.delete(a.id)).toEqual(updated);
    expect(await store.get(a.id)).toBeUndefined();
    expect(await store.delete(a.id)).toBeUndefined();
  });

  it('refuses an update based on a stale revision, and keeps the newer write', async () => {
    const { store } = await createStore(databaseId);
    const m = await store.create('component:default/payments-api', {
      spec: spec('a'),
      actor: 'user:default/alice',
    });
    await store.update(m.id, {
      spec: spec('by-bob'),
      actor: 'user:default/bob',
      expectedRevision: 1,
    });
    await expect(
      store.update(m.id, {
        spec: spec('by-alice'),
        actor: 'user:default/alice',
        expectedRevision: 1,
      }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect((await store.get(m.id))?.spec.target.name).toBe('by-bob');
  });

  it('reads a batch of mappings at once, leaving out the ones that are gone', async () => {
    const { store } = await createStore(databaseId);
    const created = [];
    for (let i = 0; i < 3; i++)
      created.push(
        await store.create('component:default/payments-api', {
          spec: spec(`batch-${i}`),
          actor: 'user:default/alice',
        }),
      );
    await store.delete(created[1].id);
    const found = await store.getMany([
      created[0].id,
      created[1].id,
      created[2].id,
      '00000000-0000-0000-0000-000000000000',
    ]);
    expect([...found.keys()].sort()).toEqual(
      [created[0].id, created[2].id].sort(),
    );
    expect(found.get(created[2].id)).toEqual(created[2]);
    expect(await store.getMany([])).toEqual(new Map());
  });

  it('hands on every mapping once, a page at a time in id order', async () => {
    const { store } = await createStore(databaseId);
    const made: string[] = [];
    for (let i = 0; i < 7; i++)
      made.push(
        (
          await store.create('component:default/payments-api', {
            spec: spec(`paged-${i}`),
            actor: 'user:default/alice',
          })
        ).id,
      );
    const pages: string[][] = [];
    await store.forEachPage(page => {
      pages.push(page.map(m => m.id));
    }, 3);
    expect(pages.map(p => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual([...made].sort());
    // A last full page is not followed by an empty one.
    await store.delete(made[0]);
    const sizes: number[] = [];
    await store.forEachPage(page => {
      sizes.push(page.length);
    }, 3);
    expect(sizes).toEqual([3, 3]);
    const mapping = (await store.get(made[1]))!;
    let seen;
    await store.forEachPage(page => {
      seen ??= page.find(m => m.id === made[1]);
    });
    expect(seen).toEqual(mapping);
  });

  it('reports a missing mapping as not found', async () => {
    const { store } = await createStore(databaseId);
    await expect(
      store.update('00000000-0000-0000-0000-000000000000', {
        spec: spec('x'),
        actor: 'user:default/a',
      }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('runs its migrations once, and not at all when told to skip them', async () => {
    const knex = await databases.init(databaseId);
    await DatabaseMappingStore.create(
      mockServices.database.mock({ getClient: async () => knex }),
    );
    await DatabaseMappingStore.create(
      mockServices.database.mock({ getClient: async () => knex }),
    );
    expect(await knex.schema.hasTable('secrets_mappings')).toBe(true);

    const fresh = await databases.init(databaseId);
    await DatabaseMappingStore.create(
      mockServices.database.mock({
        getClient: async () => fresh,
        migrations: { skip: true },
      }),
    );
    expect(await fresh.schema.hasTable('secrets_mappings')).toBe(false);
  });
});
