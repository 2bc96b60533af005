import { mockServices } from '@backstage/backend-test-utils';
import { adminCoreApi } from '../__testUtils__/stackAdmin';
import type { Knex } from 'knex';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseMappingStore } from '../database';
import { callers, startApiBackend } from './__testUtils__/apiBackend';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const mappingsOf = (name: string) =>
  `${BASE}/entities/component/default/${name}/mappings`;

describe.each(ids)('platform audit on %s', databaseId => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  const tag = `${databaseId
    .toLowerCase()
    .replace(/_/g, '-')}-${Date.now().toString(36)}`;
  const ids_: Record<string, string> = {};
  const s = () => request(backend.server);
  const create = async (
    entity: string,
    who: keyof typeof callers,
    name: string,
    key: string,
    namespace: string,
  ) => {
    const res = await s()
      .post(mappingsOf(entity))
      .set('authorization', callers[who])
      .send({
        spec: {
          store: 'local-kv2',
          data: [
            { secretKey: 'k', remoteRef: { key, property: 'db_username' } },
          ],
          target: { clusters: ['local'], namespace, name },
        },
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await startApiBackend({ knex });
    ids_.payments = await create(
      'payments-api',
      'member',
      `audit-pay-${tag}`,
      'payments/payments-api',
      'payments',
    );
    ids_.broken = await create(
      'payments-api',
      'member',
      `audit-broken-${tag}`,
      'payments/does-not-exist',
      'payments',
    );
    ids_.search = await create(
      'search-api',
      'nonOwner',
      `audit-search-${tag}`,
      'search/search-api',
      'search',
    );
    ids_.legacy = await create(
      'legacy-api',
      'admin',
      `audit-legacy-${tag}`,
      'payments/payments-api',
      'payments',
    );
    // A mapping whose entity has left the catalog since.
    const store = await DatabaseMappingStore.create(
      mockServices.database.mock({ getClient: async () => knex }),
    );
    ids_.gone = (
      await store.create('component:default/decommissioned', {
        actor: 'user:default/alice',
        spec: {
          store: 'local-kv2',
          data: [
            { secretKey: 'k', remoteRef: { key: 'payments/payments-api' } },
          ],
          target: {
            clusters: ['local'],
            namespace: 'payments',
            name: `audit-gone-${tag}`,
          },
        },
      })
    ).id;
    for (const id of [ids_.payments, ids_.broken]) {
      await s()
        .post(`${BASE}/mappings/${id}/sync`)
        .set('authorization', callers.member);
    }
  });

  it('is for admins only', async () => {
    for (const path of [
      'mappings',
      'orphans',
      'unmanaged',
      'failing',
      'paths?store=local-kv2&key=x',
    ]) {
      for (const who of [
        'member',
        'nonOwner',
        'service',
        'grantedService',
      ] as const) {
        const res = await s()
          .get(`${BASE}/audit/${path}`)
          .set('authorization', callers[who]);
        expect({ path, who, status: res.status }).toEqual({
          path,
          who,
          status: 403,
        });
      }
      const anonymous = await s()
        .get(`${BASE}/audit/${path}`)
        .set('authorization', callers.unauthenticated);
      expect(anonymous.status).toBe(401);
    }
  });

  it('lists every mapping with its owners, filterable, as JSON and CSV', async () => {
    const all = await s()
      .get(`${BASE}/audit/mappings`)
      .set('authorization', callers.admin);
    expect(all.status).toBe(200);
    const mine = all.body.items.filter((m: { id: string }) =>
      Object.values(ids_).includes(m.id),
    );
    expect(
      mine.map((m: { id: string; owners: string[]; entityExists: boolean }) => [
        m.id,
        m.owners,
        m.entityExists,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [
          ids_.payments,
          ['group:default/team-payments', 'user:default/erin'],
          true,
        ],
        [ids_.search, ['group:default/team-search'], true],
        [ids_.gone, [], false],
      ]),
    );
    const search = await s()
      .get(`${BASE}/audit/mappings?owner=group:default/team-search`)
      .set('authorization', callers.admin);
    expect(
      search.body.items.every((m: { owners: string[] }) =>
        m.owners.includes('group:default/team-search'),
      ),
    ).toBe(true);
    expect(search.body.items.map((m: { id: string }) => m.id)).toContain(
      ids_.search,
    );
    const failing = await s()
      .get(`${BASE}/audit/mappings?status=SyncedError`)
      .set('authorization', callers.admin);
    expect(failing.body.items.map((m: { id: string }) => m.id)).toContain(
      ids_.broken,
    );
    expect(failing.body.items.map((m: { id: string }) => m.id)).not.toContain(
      ids_.payments,
    );

    const csv = await s()
      .get(`${BASE}/audit/mappings?format=csv`)
      .set('authorization', callers.admin);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'mapping_id,entity_ref,owners,entity_exists,store,vault_paths,clusters,namespace,secret,status,reasons,last_synced,updated_by,updated_at',
    );
    const row = lines.find(l => l.startsWith(ids_.payments))!;
    expect(row).toContain(
      `,component:default/payments-api,group:default/team-payments; user:default/erin,true,local-kv2,payments/payments-api,local,payments,audit-pay-${tag},local:Synced,`,
    );
    const yaml = await s()
      .get(
        `${BASE}/audit/mappings?format=yaml&owner=group:default/team-payments`,
      )
      .set('authorization', callers.admin);
    expect(yaml.status).toBe(200);
    expect(yaml.headers['content-type']).toMatch(/^text\/yaml/);
    const docs = parseAllDocuments(yaml.text).map(d => d.toJS());
    expect(docs.map(d => d?.kind)).not.toContain(undefined);
    expect(docs.map(d => d.metadata.name)).toContain(`audit-pay-${tag}`);
    expect(
      (
        await s()
          .get(`${BASE}/audit/mappings?format=yaml`)
          .set('authorization', callers.member)
      ).status,
    ).toBe(403);
    const bad = await s()
      .get(`${BASE}/audit/mappings?format=xml`)
      .set('authorization', callers.admin);
    expect(bad.status).toBe(400);
  });

  it('finds orphans: entity gone, or no owner left in the catalog', async () => {
    const res = await s()
      .get(`${BASE}/audit/orphans`)
      .set('authorization', callers.admin);
    const byId = Object.fromEntries(
      res.body.items.map((o: { mapping: { id: string }; reason: string }) => [
        o.mapping.id,
        o.reason,
      ]),
    );
    expect(byId[ids_.gone]).toBe('EntityMissing');
    expect(byId[ids_.legacy]).toBe('OwnerMissing');
    expect(byId[ids_.payments]).toBeUndefined();
  });

  it('finds Secrets labelled as ours whose mapping is gone, by name only', async () => {
    const name = `audit-stray-${tag}`;
    await adminCoreApi(backend.info).createNamespacedSecret({
      namespace: 'payments',
      body: {
        metadata: {
          name,
          labels: {
            'app.kubernetes.io/managed-by': 'backstage-secrets',
            'secrets.backstage.io/mapping-id': 'deleted-mapping',
          },
          annotations: {
            'secrets.backstage.io/entity-ref': 'component:default/payments-api',
          },
        },
        stringData: { token: 'canary-stray-value' },
      },
    });
    const res = await s()
      .get(`${BASE}/audit/unmanaged`)
      .set('authorization', callers.admin);
    expect(res.body.items).toContainEqual({
      cluster: 'local',
      namespace: 'payments',
      name,
      mappingId: 'deleted-mapping',
      entityRef: 'component:default/payments-api',
    });
    expect(
      res.body.items.map((i: { mappingId: string }) => i.mappingId),
    ).not.toContain(ids_.payments);
    expect(res.text).not.toContain('canary-stray-value');
  });

  it('lists failing and stale mappings', async () => {
    const res = await s()
      .get(`${BASE}/audit/failing`)
      .set('authorization', callers.admin);
    const broken = res.body.items.find(
      (i: { mapping: { id: string } }) => i.mapping.id === ids_.broken,
    );
    expect(broken).toMatchObject({
      cluster: 'local',
      status: 'SyncedError',
      reason: 'VaultSecretNotFound',
      stale: false,
    });
    expect(
      res.body.items.map((i: { mapping: { id: string } }) => i.mapping.id),
    ).not.toContain(ids_.payments);
    // With a zero threshold everything never synced or synced before now is stale.
    const stale = await s()
      .get(`${BASE}/audit/failing?staleAfter=0s`)
      .set('authorization', callers.admin);
    expect(
      stale.body.items.find(
        (i: { mapping: { id: string } }) => i.mapping.id === ids_.search,
      ),
    ).toMatchObject({ stale: true });
    expect(
      (
        await s()
          .get(`${BASE}/audit/failing?staleAfter=soon`)
          .set('authorization', callers.admin)
      ).status,
    ).toBe(400);
  });

  it('answers "who consumes this Vault path?"', async () => {
    const res = await s()
      .get(`${BASE}/audit/paths?store=local-kv2&key=payments/payments-api`)
      .set('authorization', callers.admin);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        {
          mappingId: ids_.payments,
          entityRef: 'component:default/payments-api',
          cluster: 'local',
          namespace: 'payments',
          secretName: `audit-pay-${tag}`,
          field: 'data[0].remoteRef.key',
        },
        expect.objectContaining({
          mappingId: ids_.legacy,
          entityRef: 'component:default/legacy-api',
        }),
      ]),
    );
    expect(
      (
        await s()
          .get(`${BASE}/audit/paths?store=local-kv2`)
          .set('authorization', callers.admin)
      ).status,
    ).toBe(400);
  });
});
