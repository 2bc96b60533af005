import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseMappingStore } from './DatabaseMappingStore';

jest.setTimeout(60_000);

const { databases, ids } = createTestDatabases();
/** Ids in JavaScript's order: the database's collation may order them otherwise. */
const sortedIds = async (found: Promise<string[]>) => [...(await found)].sort();

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
  it('finds the readers of a Vault path, exact and by find path, after updates and deletes', async () => {
    const { store } = await createStore(databaseId);
    const create = (name: string, change: Partial<MappingSpec>) =>
      store.create('component:default/payments-api', {
        spec: { ...spec(name), ...change },
        actor: 'user:default/alice',
      });
    const exact = await create('exact', {});
    const below = await create('below', {
      data: undefined,
      dataFrom: [{ find: { path: 'payments', name: { regexp: '.*' } } }],
    });
    const everything = await create('everything', {
      data: undefined,
      dataFrom: [{ find: { tags: { team: 'payments' } } }],
    });
    const otherStore = await create('other-store', { store: 'other-kv' });
    await create('extract', {
      data: undefined,
      dataFrom: [{ extract: { key: 'payments/other' } }],
    });
    const readers = (store_: string, key: string) =>
      sortedIds(store.readersOf(store_, key));
    const sorted = (...ids_: string[]) => [...ids_].sort();

    expect(await readers('local-kv2', 'payments/payments-api')).toEqual(
      sorted(exact.id, below.id, everything.id),
    );
    // `payments` covers `payments/…`, not `paymentsx/…`.
    expect(await readers('local-kv2', 'paymentsx/a')).toEqual([everything.id]);
    expect(await readers('other-kv', 'payments/payments-api')).toEqual([
      otherStore.id,
    ]);

    await store.update(exact.id, {
      spec: {
        ...spec('exact'),
        data: [{ secretKey: 'k', remoteRef: { key: 'search/api' } }],
      },
      actor: 'user:default/alice',
    });
    await store.delete(below.id);
    expect(await readers('local-kv2', 'payments/payments-api')).toEqual([
      everything.id,
    ]);
    expect(await readers('local-kv2', 'search/api')).toEqual(
      sorted(exact.id, everything.id),
    );
  });

  it('fills the reads index for mappings stored before it existed', async () => {
    const knex = await databases.init(databaseId);
    const directory = resolvePackagePath(
      '@backstage-secrets/plugin-secrets-backend',
      'migrations',
    );
    for (;;) {
      const [, pending] = await knex.migrate.list({ directory });
      if (pending[0].file === '20261213000000_mapping_reads.js') break;
      await knex.migrate.up({ directory });
    }
    const older = spec('older');
    older.dataFrom = [
      { extract: { key: 'payments/payments-api' } },
      { find: { path: 'search', name: { regexp: 'api' } } },
    ];
    await knex('secrets_mappings').insert({
      id: 'older-mapping',
      entity_ref: 'component:default/payments-api',
      spec: JSON.stringify(older),
      revision: 1,
      created_by: 'user:default/alice',
      updated_by: 'user:default/alice',
      created_at: new Date(),
      updated_at: new Date(),
    });
    const store = await DatabaseMappingStore.create(
      mockServices.database.mock({ getClient: async () => knex }),
    );
    expect(
      await knex('secrets_mapping_reads')
        .select('store', 'key', 'match')
        .orderBy(['key', 'match']),
    ).toEqual([
      { store: 'local-kv2', key: 'payments/payments-api', match: 'exact' },
      { store: 'local-kv2', key: 'search', match: 'below' },
    ]);
    expect(await sortedIds(store.readersOf('local-kv2', 'search/api'))).toEqual(
      ['older-mapping'],
    );
    expect(await store.reindexReads()).toBe(0);
  });

  it('indexes the reads of mappings a replica of an earlier version wrote during an upgrade', async () => {
    const { knex, store } = await createStore(databaseId);
    const kept = await store.create('component:default/payments-api', {
      spec: spec('kept'),
      actor: 'user:default/alice',
    });
    const changed = await store.create('component:default/payments-api', {
      spec: spec('changed'),
      actor: 'user:default/alice',
    });
    // What the earlier version writes: mappings and their revisions, no reads index.
    const moved = spec('changed');
    moved.data![0].remoteRef.key = 'search/moved';
    await knex('secrets_mappings')
      .where({ id: changed.id })
      .update({ spec: JSON.stringify(moved), revision: 2 });
    await knex('secrets_mappings').insert({
      id: 'from-the-earlier-version',
      entity_ref: 'component:default/payments-api',
      spec: JSON.stringify(spec('new')),
      revision: 1,
      created_by: 'user:default/alice',
      updated_by: 'user:default/alice',
      created_at: new Date(),
      updated_at: new Date(),
    });
    expect(
      await sortedIds(store.readersOf('local-kv2', 'payments/payments-api')),
    ).toEqual([kept.id, changed.id].sort());

    expect(await store.reindexReads()).toBe(2);
    expect(
      await sortedIds(store.readersOf('local-kv2', 'payments/payments-api')),
    ).toEqual([kept.id, 'from-the-earlier-version'].sort());
    expect(
      await sortedIds(store.readersOf('local-kv2', 'search/moved')),
    ).toEqual([changed.id]);
    expect(await store.reindexReads()).toBe(0);
  });

  it('finds the mapping writing each Secret asked about, by cluster, and nothing for none', async () => {
    const { store } = await createStore(databaseId);
    const twoClusters = spec('shared');
    twoClusters.target.clusters = ['local', 'second'];
    const a = await store.create('component:default/payments-api', {
      spec: twoClusters,
      actor: 'user:default/alice',
    });
    const b = await store.create('component:default/search-api', {
      spec: spec('b'),
      actor: 'user:default/carol',
    });
    const writers = await store.writersOf([
      { cluster: 'second', namespace: 'payments', name: 'shared' },
      { cluster: 'local', namespace: 'payments', name: 'b' },
      { cluster: 'second', namespace: 'payments', name: 'b' },
      { cluster: 'local', namespace: 'other', name: 'shared' },
    ]);
    expect(Object.fromEntries(writers)).toEqual({
      'second/payments/shared': {
        mappingId: a.id,
        entityRef: 'component:default/payments-api',
      },
      'local/payments/b': {
        mappingId: b.id,
        entityRef: 'component:default/search-api',
      },
    });
    // No targets asked about is no condition at all: it must not match every row.
    expect((await store.writersOf([])).size).toBe(0);
    // More than one statement's worth.
    const many = Array.from({ length: 250 }, (_, i) => ({
      cluster: 'local',
      namespace: 'payments',
      name: i === 249 ? 'b' : `none-${i}`,
    }));
    expect([...(await store.writersOf(many)).keys()]).toEqual([
      'local/payments/b',
    ]);
  });

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
