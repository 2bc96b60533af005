import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import * as k8s from '@kubernetes/client-node';
import { adminCoreApi } from '../__testUtils__/stackAdmin';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  snapshotTables,
  startApiBackend,
} from './__testUtils__/apiBackend';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const mappingsOf = (name: string) =>
  `${BASE}/entities/component/default/${name}/mappings`;
let counter = 0;
const uniqueName = (label: string) =>
  `${label}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

const spec = (overrides: {
  key?: string;
  namespace?: string;
  name?: string;
  store?: string;
  clusters?: string[];
  creationPolicy?: 'Owner' | 'Orphan';
}): MappingSpec => ({
  store: overrides.store ?? 'local-kv2',
  data: [
    {
      secretKey: 'db-user',
      remoteRef: {
        key: overrides.key ?? 'payments/payments-api',
        property: 'db_username',
      },
    },
  ],
  target: {
    clusters: overrides.clusters ?? ['local'],
    namespace: overrides.namespace ?? 'payments',
    name: overrides.name ?? uniqueName('guard'),
    creationPolicy: overrides.creationPolicy,
  },
});

describe.each(ids)('mapping API guardrails on %s', databaseId => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await startApiBackend({ knex });
    core = adminCoreApi(backend.info);
  });

  /** Posts as the payments team and checks nothing was written when refused. */
  async function refused(
    entity: string,
    body: unknown,
    who: keyof typeof callers = 'member',
  ) {
    const before = await snapshotTables(knex);
    const res = await request(backend.server)
      .post(mappingsOf(entity))
      .set('authorization', callers[who])
      .send(body as object);
    expect(await snapshotTables(knex)).toBe(before);
    return res;
  }

  it('refuses a Vault path outside the prefixes the store allows, naming field and rule', async () => {
    const res = await refused('payments-api', {
      spec: spec({ key: 'search/search-api' }),
    });
    expect(res.status).toBe(403);
    expect(res.body.issues).toEqual([
      {
        path: 'spec.data[0].remoteRef.key',
        message:
          '"search/search-api" is outside the Vault paths store "local-kv2" allows for this entity (allowed prefixes: "payments/", "shared/payments/"; secrets.stores.local-kv2.allowedPaths)',
      },
    ]);
  });

  it('matches prefixes by whole segments, so payments does not allow payments-evil', async () => {
    const res = await refused('payments-api', {
      spec: spec({ key: 'payments-evil/x' }),
    });
    expect(res.status).toBe(403);
    expect(res.body.issues[0].path).toBe('spec.data[0].remoteRef.key');
  });

  it('refuses an allowed prefix itself as a secret, and lets a find start there', async () => {
    const bare = await refused('payments-api', {
      spec: spec({ key: 'payments' }),
    });
    expect(bare.status).toBe(403);
    expect(bare.body.issues).toEqual([
      {
        path: 'spec.data[0].remoteRef.key',
        message:
          '"payments" is an allowed prefix itself, not a secret: name a secret below it ("payments/…"; secrets.stores.local-kv2.allowedPaths)',
      },
    ]);
    const find = spec({});
    find.data = undefined;
    // Only the demo secret: other tests leave secrets below payments/ (one over 1 MiB).
    find.dataFrom = [
      { find: { path: 'payments', name: { regexp: 'payments-api$' } } },
    ];
    const preview = await request(backend.server)
      .post(`${BASE}/mappings/preview`)
      .set('authorization', callers.member)
      .send({ entityRef: 'component:default/payments-api', spec: find });
    expect(preview.status).toBe(200);
    expect(preview.body.secretKeys.length).toBeGreaterThan(0);
  });

  it("answers Vault refusing the engine in a preview as Vault's refusal, not as the caller's 403", async () => {
    // shared/payments is allowed to the team by config, but the engine's Vault policy does
    // not cover it: Vault denies the read.
    const res = await request(backend.server)
      .post(`${BASE}/mappings/preview`)
      .set('authorization', callers.member)
      .send({
        entityRef: 'component:default/payments-api',
        spec: spec({ key: 'shared/payments/db', namespace: 'shared' }),
      });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      {
        path: 'spec',
        message: expect.stringMatching(
          /^Vault refused the engine's read \(.*shared\/payments\/db.*denied.*\): the store's Vault policy does not cover this path/,
        ),
      },
    ]);
  });

  it('says in the preview that a Secret would pass the 1 MiB Kubernetes allows', async () => {
    const key = `payments/too-big-${databaseId.toLowerCase()}`;
    const put = await fetch(
      `${backend.info.vault.addr}/v1/secret/data/${key}`,
      {
        method: 'POST',
        headers: { 'x-vault-token': backend.info.vault.rootToken },
        // Two halves: Vault itself refuses a single JSON string over its own limit.
        body: JSON.stringify({
          data: { a: 'x'.repeat(600_000), b: 'y'.repeat(600_000) },
        }),
      },
    );
    expect(put.ok).toBe(true);
    const body = spec({});
    body.data = undefined;
    body.dataFrom = [{ extract: { key } }];
    const res = await request(backend.server)
      .post(`${BASE}/mappings/preview`)
      .set('authorization', callers.member)
      .send({ entityRef: 'component:default/payments-api', spec: body });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      {
        path: 'spec.data',
        message:
          'data: the Secret would hold 1200002 bytes of keys and values; Kubernetes allows 1 MiB (1048576 bytes)',
      },
    ]);
  });

  it('refuses the same even to admins: guardrails bind the entity, not the caller', async () => {
    const res = await refused(
      'payments-api',
      { spec: spec({ key: 'search/search-api' }) },
      'admin',
    );
    expect(res.status).toBe(403);
  });

  it('refuses a dataFrom.find without a path (the whole mount)', async () => {
    const body = spec({});
    body.data = undefined;
    body.dataFrom = [{ find: { name: { regexp: '.*' } } }];
    const res = await refused('payments-api', { spec: body });
    expect(res.status).toBe(403);
    expect(res.body.issues[0].path).toBe('spec.dataFrom[0].find.path');
  });

  it('refuses a namespace not bound to the entity', async () => {
    const res = await refused('payments-api', {
      spec: spec({ namespace: 'search' }),
    });
    expect(res.status).toBe(403);
    expect(res.body.issues).toEqual([
      {
        path: 'spec.target.namespace',
        message:
          '"search" is not bound to this entity (bound: payments, shared; from its backstage.io/kubernetes-namespace annotation and secrets.allowedNamespaces)',
      },
    ]);
  });

  it('refuses every namespace for an entity without one, unless config grants it', async () => {
    const res = await refused('payments-batch', {
      spec: spec({ namespace: 'payments' }),
    });
    expect(res.status).toBe(403);
    expect(res.body.issues[0].message).toMatch(
      /^"payments" is not bound to this entity \(bound: shared;/,
    );
    const granted = await request(backend.server)
      .post(mappingsOf('payments-batch'))
      .set('authorization', callers.member)
      .send({ spec: spec({ namespace: 'shared' }) });
    expect(granted.status).toBe(201);
  });

  it('refuses a second claim on one Secret with 409, also across entities', async () => {
    const name = uniqueName('shared-secret');
    const first = await request(backend.server)
      .post(mappingsOf('payments-api'))
      .set('authorization', callers.member)
      .send({ spec: spec({ namespace: 'shared', name }) });
    expect(first.status).toBe(201);
    const same = await refused('payments-api', {
      spec: spec({ namespace: 'shared', name }),
    });
    expect(same.status).toBe(409);
    const other = await refused(
      'search-api',
      {
        spec: {
          ...spec({ namespace: 'shared', name }),
          data: [
            {
              secretKey: 'k',
              remoteRef: { key: 'search/search-api', property: 'x' },
            },
          ],
        },
      },
      'nonOwner',
    );
    expect(other.status).toBe(409);
    expect(other.body.error.message).toBe(
      `target: Secret shared/${name} in cluster local is already written by mapping ${first.body.id} of component:default/payments-api; a Secret belongs to one mapping`,
    );
  });

  it('lets only one of two racing claims on one Secret win', async () => {
    const name = uniqueName('race');
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        request(backend.server)
          .post(mappingsOf('payments-api'))
          .set('authorization', callers.member)
          .send({ spec: spec({ name }) }),
      ),
    );
    expect(results.map(r => r.status).sort()).toEqual([
      201, 409, 409, 409, 409, 409,
    ]);
  });

  it('names unknown stores and clusters as 400s', async () => {
    const res = await refused('payments-api', {
      spec: spec({ store: 'nope', clusters: ['local', 'elsewhere'] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      {
        path: 'spec.store',
        message:
          '"nope" is not a configured store (known: local-kv2, local-kv1)',
      },
      {
        path: 'spec.target.clusters[1]',
        message: '"elsewhere" is not a configured cluster (known: local)',
      },
    ]);
  });

  it('refuses an update based on a stale revision with 409, and writes nothing', async () => {
    const created = await request(backend.server)
      .post(mappingsOf('payments-api'))
      .set('authorization', callers.member)
      .send({ spec: spec({}) });
    const put = (revision: number) =>
      request(backend.server)
        .put(`${BASE}/mappings/${created.body.id}`)
        .set('authorization', callers.member)
        .send({
          spec: spec({ name: created.body.spec.target.name }),
          revision,
        });
    expect((await put(1)).status).toBe(200);
    const before = await snapshotTables(knex);
    const stale = await put(1);
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(
      /was changed by someone else \(revision 2, expected 1\)/,
    );
    expect(await snapshotTables(knex)).toBe(before);
  });

  it('deletes the Secret of an Owner mapping, keeps an Orphan one, and says which', async () => {
    const sync = (id: string) =>
      request(backend.server)
        .post(`${BASE}/mappings/${id}/sync`)
        .set('authorization', callers.member);
    const make = async (creationPolicy: 'Owner' | 'Orphan') => {
      const res = await request(backend.server)
        .post(mappingsOf('payments-api'))
        .set('authorization', callers.member)
        .send({ spec: spec({ creationPolicy }) });
      expect((await sync(res.body.id)).body.status[0].status).toBe('Synced');
      return res.body as { id: string; spec: MappingSpec };
    };
    const owned = await make('Owner');
    const orphan = await make('Orphan');
    const del = (id: string) =>
      request(backend.server)
        .delete(`${BASE}/mappings/${id}`)
        .set('authorization', callers.member);
    expect((await del(owned.id)).body).toEqual({
      id: owned.id,
      secrets: [{ cluster: 'local', outcome: 'deleted' }],
    });
    expect((await del(orphan.id)).body).toEqual({
      id: orphan.id,
      secrets: [
        {
          cluster: 'local',
          outcome: 'kept',
          message: 'creationPolicy Orphan: the Secret stays',
        },
      ],
    });
    const exists = async (name: string) =>
      core.readNamespacedSecret({ name, namespace: 'payments' }).then(
        () => true,
        () => false,
      );
    expect(await exists(owned.spec.target.name)).toBe(false);
    expect(await exists(orphan.spec.target.name)).toBe(true);
    // The Secret is free for a new mapping once its mapping is gone.
    const again = await request(backend.server)
      .post(mappingsOf('payments-api'))
      .set('authorization', callers.member)
      .send({ spec: spec({ name: owned.spec.target.name }) });
    expect(again.status).toBe(201);
    expect(
      (
        await request(backend.server)
          .get(`${BASE}/mappings/${owned.id}`)
          .set('authorization', callers.member)
      ).status,
    ).toBe(404);
  });

  it('keeps a history with actors', async () => {
    const created = await request(backend.server)
      .post(mappingsOf('payments-api'))
      .set('authorization', callers.member)
      .send({ spec: spec({}) });
    await request(backend.server)
      .post(`${BASE}/mappings/${created.body.id}/sync`)
      .set('authorization', callers.owner);
    const res = await request(backend.server)
      .get(`${BASE}/mappings/${created.body.id}/events?limit=10`)
      .set('authorization', callers.nonOwner);
    expect(res.status).toBe(200);
    expect(
      res.body.items.map((e: { type: string; actor: string }) => [
        e.type,
        e.actor,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['SyncRequested', 'user:default/erin'],
        ['Synced', 'engine'],
      ]),
    );
    const bad = await request(backend.server)
      .get(`${BASE}/mappings/${created.body.id}/events?limit=0`)
      .set('authorization', callers.member);
    expect(bad.status).toBe(400);
  });
});
