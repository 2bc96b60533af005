import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  paymentsKvSpec,
  startApiBackend,
  testEntities,
} from '../service/__testUtils__/apiBackend';
import { adminCoreApi, vaultData } from '../__testUtils__/stackAdmin';

jest.setTimeout(180_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const ENTITY = `${BASE}/entities/component/default/payments-gitops`;

/** An ExternalSecret as a team keeps it next to its Deployment: no namespace, CRD defaults written in. */
function externalSecret(
  name: string,
  options: {
    key?: string;
    property?: string;
    namespace?: string;
    extra?: string;
  } = {},
) {
  return `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: ${name}
${options.namespace ? `  namespace: ${options.namespace}\n` : ''}spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: local-kv2
  target:
    name: ${name}
  data:
    - secretKey: user
      remoteRef:
        key: ${options.key ?? 'payments/payments-api'}
        property: ${options.property ?? 'db_username'}
        conversionStrategy: Default
        decodingStrategy: None
        metadataPolicy: None
        nullBytePolicy: Ignore
${options.extra ?? ''}`;
}

/** A Component of team-payments whose catalog file lives in `dir`, declaring `pattern`. */
function gitopsEntity(location: string, pattern: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-gitops',
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-namespace': 'payments',
        'backstage.io/managed-by-location': location,
        'secrets.backstage.io/external-secrets': pattern,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-payments',
      system: 'payments',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-payments' }],
  };
}

describe.each(ids)('Mappings declared in Git on %s', databaseId => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  let dir: string;
  let entity: Entity;
  const suffix = `${databaseId
    .toLowerCase()
    .replace(/_/g, '-')}-${Date.now().toString(36)}`;
  const first = `declared-a-${suffix}`;
  const second = `declared-b-${suffix}`;
  const s = () => request(backend.server);
  const write = (file: string, ...docs: string[]) =>
    fs.writeFile(path.join(dir, 'deploy', file), docs.join('---\n'));
  const refresh = async (caller = callers.member) => {
    const res = await s()
      .post(`${ENTITY}/declared:refresh`)
      .set('authorization', caller);
    return res;
  };
  const list = async () =>
    (await s().get(`${ENTITY}/mappings`).set('authorization', callers.member))
      .body.items as any[];
  const core = () => adminCoreApi(backend.info);

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'declared-'));
    await fs.mkdir(path.join(dir, 'deploy'));
    entity = gitopsEntity(
      `file:${path.join(dir, 'catalog-info.yaml')}`,
      './deploy/*.yaml',
    );
    await write(
      'secrets.yaml',
      externalSecret(first),
      externalSecret(second, { property: 'api_key' }),
    );
    // The Deployment kept in the same folder is not an ExternalSecret: skipped.
    await write(
      'deployment.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    );
    backend = await startApiBackend({
      knex,
      entities: [...testEntities(), entity],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('creates a mapping per document, read-only in the API, that syncs like any other', async () => {
    const res = await refresh();
    expect(res.status).toBe(200);
    const file = `file:${path.join(
      await fs.realpath(dir),
      'deploy',
      'secrets.yaml',
    )}`;
    expect(res.body).toMatchObject({
      declared: true,
      pattern: './deploy/*.yaml',
    });
    expect(res.body.error).toBeUndefined();
    expect(
      res.body.documents.map((d: any) => [d.file, d.name, d.outcome]),
    ).toEqual([
      [file, first, expect.stringMatching(/created|unchanged/)],
      [file, second, expect.stringMatching(/created|unchanged/)],
    ]);
    const items = await list();
    expect(items.map(m => m.source)).toEqual([
      { type: 'git', url: file, document: first },
      { type: 'git', url: file, document: second },
    ]);
    const [a] = items;
    expect(a.createdBy).toBe('git');
    expect(a.spec.target).toMatchObject({
      namespace: 'payments',
      name: first,
      clusters: ['local'],
    });

    const put = await s()
      .put(`${BASE}/mappings/${a.id}`)
      .set('authorization', callers.member)
      .send({ spec: paymentsKvSpec(first) });
    expect(put.status).toBe(409);
    expect(put.body.error.message).toContain('declared in Git');
    const del = await s()
      .delete(`${BASE}/mappings/${a.id}`)
      .set('authorization', callers.member);
    expect(del.status).toBe(409);

    const sync = await s()
      .post(`${BASE}/mappings/${a.id}/sync`)
      .set('authorization', callers.member);
    expect(sync.body.status[0]).toMatchObject({ status: 'Synced' });
    const secret = await core().readNamespacedSecret({
      name: first,
      namespace: 'payments',
    });
    const vault = await vaultData(backend.info, 'payments/payments-api');
    expect(Buffer.from(secret.data!.user, 'base64').toString()).toBe(
      vault.db_username,
    );

    // Anyone who may read the entity sees the outcome; refreshing it needs sync permission.
    const seen = await s()
      .get(`${ENTITY}/declared`)
      .set('authorization', callers.nonOwner);
    expect(seen.status).toBe(200);
    expect(seen.body.documents).toHaveLength(2);
    expect((await refresh(callers.nonOwner)).status).toBe(403);
  });

  it('updates a changed document and leaves the others as they are', async () => {
    const before = await list();
    await write(
      'secrets.yaml',
      externalSecret(first, { property: 'db_password' }),
      externalSecret(second, { property: 'api_key' }),
    );
    const res = await refresh();
    // The schedule may have read the file first: the revision says it was applied once.
    expect(res.body.documents.map((d: any) => d.outcome)).toEqual([
      expect.stringMatching(/updated|unchanged/),
      'unchanged',
    ]);
    const after = await list();
    expect(after.map(m => m.id)).toEqual(before.map(m => m.id));
    expect(after[0].revision).toBe(before[0].revision + 1);
    expect(after[0].spec.data[0].remoteRef.property).toBe('db_password');
    expect(after[1].revision).toBe(before[1].revision);
  });

  it('refuses a path outside the prefixes, a foreign namespace and a claimed Secret, naming why, and writes none of them', async () => {
    const claimed = `declared-ui-${suffix}`;
    const ui = await s()
      .post(`${BASE}/entities/component/default/payments-api/mappings`)
      .set('authorization', callers.member)
      .send({ spec: paymentsKvSpec(claimed) });
    expect(ui.status).toBe(201);
    await write(
      'more.yaml',
      externalSecret(`declared-c-${suffix}`, {
        key: 'search/search-api',
        property: 'api_key',
      }),
      externalSecret(`declared-d-${suffix}`, { namespace: 'search' }),
      externalSecret(claimed),
    );
    const before = await list();
    const res = await refresh();
    const refused = res.body.documents.filter(
      (d: any) => d.outcome === 'refused',
    );
    expect(refused.map((d: any) => [d.name, d.issues[0].path])).toEqual([
      [`declared-c-${suffix}`, 'spec.data[0].remoteRef.key'],
      [`declared-d-${suffix}`, 'spec.target.namespace'],
      [claimed, 'spec.target'],
    ]);
    expect(refused[0].issues[0].message).toContain('outside the Vault paths');
    expect(refused[1].issues[0].message).toContain('not bound to this entity');
    expect(refused[2].issues[0].message).toContain('first is kept');
    expect(refused[2].issues[0].message).toContain(
      'component:default/payments-api',
    );
    expect((await list()).map(m => m.id)).toEqual(before.map(m => m.id));
    // The UI mapping that claimed the Secret first is untouched.
    const kept = await s()
      .get(`${BASE}/mappings/${ui.body.id}`)
      .set('authorization', callers.member);
    expect(kept.body.revision).toBe(1);
    await fs.rm(path.join(dir, 'deploy', 'more.yaml'));
  });

  it('keeps every mapping when a file cannot be parsed or the pattern finds nothing', async () => {
    const before = await list();
    await write('secrets.yaml', 'kind: ExternalSecret\n  bad: [indent');
    const broken = await refresh();
    expect(broken.body.documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: '(file)', outcome: 'refused' }),
        expect.objectContaining({ name: first, outcome: 'unchanged' }),
        expect.objectContaining({ name: second, outcome: 'unchanged' }),
      ]),
    );
    await fs.rename(path.join(dir, 'deploy'), path.join(dir, 'moved'));
    const none = await refresh();
    expect(none.body.error).toContain('matches no file');
    await fs.rename(path.join(dir, 'moved'), path.join(dir, 'deploy'));
    expect((await list()).map(m => [m.id, m.revision])).toEqual(
      before.map(m => [m.id, m.revision]),
    );
  });

  it('retires the mapping of a removed document, and all of them when the annotation goes', async () => {
    await write(
      'secrets.yaml',
      externalSecret(first, { property: 'db_password' }),
    );
    const res = await refresh();
    expect(res.body.documents.map((d: any) => [d.name, d.outcome])).toEqual([
      [first, 'unchanged'],
    ]);
    expect((await list()).map(m => m.source.document)).toEqual([first]);
    // creationPolicy Owner (the default): the Secret the mapping created goes with it.
    await expect(
      core().readNamespacedSecret({ name: second, namespace: 'payments' }),
    ).rejects.toMatchObject({ code: 404 });

    delete entity.metadata.annotations![
      'secrets.backstage.io/external-secrets'
    ];
    const gone = await refresh();
    expect(gone.body).toEqual({ declared: false, documents: [] });
    expect(await list()).toEqual([]);
    await expect(
      core().readNamespacedSecret({ name: first, namespace: 'payments' }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('reads declared files from a url location through the UrlReaderService', async () => {
    const docs = externalSecret(`declared-url-${suffix}`);
    const server = http.createServer((req, res) => {
      if (req.url === '/repo/deploy/external-secrets.yaml') res.end(docs);
      else res.writeHead(404).end();
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const urlEntity = gitopsEntity(
      `url:http://127.0.0.1:${port}/repo/catalog-info.yaml`,
      './deploy/external-secrets.yaml',
    );
    urlEntity.metadata.name = 'payments-gitops-url';
    const other = await startApiBackend({
      knex,
      entities: [...testEntities(), urlEntity],
      extraConfig: {
        backend: { reading: { allow: [{ host: `127.0.0.1:${port}` }] } },
      },
    });
    try {
      const res = await request(other.server)
        .post(
          `${BASE}/entities/component/default/payments-gitops-url/declared:refresh`,
        )
        .set('authorization', callers.member);
      expect(res.body.error).toBeUndefined();
      expect(res.body.documents).toEqual([
        expect.objectContaining({
          file: `http://127.0.0.1:${port}/repo/deploy/external-secrets.yaml`,
          name: `declared-url-${suffix}`,
          outcome: expect.stringMatching(/created|unchanged/),
        }),
      ]);
    } finally {
      await other.stop();
      server.close();
    }
  });
});
