import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  snapshotTables,
  startApiBackend,
} from './__testUtils__/apiBackend';
import { adminCoreApi, vaultData } from '../__testUtils__/stackAdmin';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const BULK = `${BASE}/entities/component/default/payments-api/mappings:bulkImport`;

/** A live-cluster copy: CRD defaults written into the remoteRef, a leading "/" in the key. */
const es = (name: string, key = '/payments/payments-api', target = name) => `
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: ${name}
  namespace: payments
spec:
  refreshInterval: 1h
  secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
  target: { name: ${target} }
  data:
    - secretKey: user
      remoteRef:
        key: ${key}
        property: db_username
        conversionStrategy: Default
        decodingStrategy: None
        metadataPolicy: None
        nullBytePolicy: Ignore
`;

describe.each(ids)('Bulk import of ExternalSecrets on %s', databaseId => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  const tag = `${databaseId
    .toLowerCase()
    .replace(/_/g, '-')}-${Date.now().toString(36)}`;
  const a = `bulk-a-${tag}`;
  const b = `bulk-b-${tag}`;
  const outside = `bulk-outside-${tag}`;
  const files = () => [
    { name: 'deploy/app.yaml', yaml: `${es(a)}---${es(b)}` },
    { name: 'deploy/other.yaml', yaml: es(outside, 'search/search-api') },
    {
      name: 'deploy/deployment.yaml',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n',
    },
  ];
  const post = (body: object, caller = callers.member) =>
    request(backend.server).post(BULK).set('authorization', caller).send(body);

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await startApiBackend({ knex });
  });
  afterAll(() => backend?.stop());

  it('reports each document in a dry run, and an all-or-nothing import with a refusal writes nothing', async () => {
    const before = await snapshotTables(knex);
    const dry = await post({ files: files() });
    expect(dry.status).toBe(200);
    expect(
      dry.body.documents.map((d: any) => [
        d.file,
        d.name,
        d.outcome,
        d.issues?.[0]?.path,
      ]),
    ).toEqual([
      ['deploy/app.yaml', a, 'accepted', undefined],
      ['deploy/app.yaml', b, 'accepted', undefined],
      ['deploy/other.yaml', outside, 'refused', 'spec.data[0].remoteRef.key'],
    ]);
    // The leading "/" of a live copy is noted, not refused.
    expect(dry.body.documents[0].notes[0].message).toContain('starts with "/"');

    const all = await post({ files: files(), mode: 'all' });
    expect(all.status).toBe(400);
    expect(all.body.issues).toEqual([
      {
        path: `deploy/other.yaml: ${outside}: spec.data[0].remoteRef.key`,
        message: expect.stringContaining('outside the Vault paths'),
      },
    ]);
    expect(await snapshotTables(knex)).toBe(before);
    expect((await post({ files: files() }, callers.nonOwner)).status).toBe(403);
    expect(await snapshotTables(knex)).toBe(before);
  });

  it('imports the valid ones on request; they sync, and a second import finds their Secrets taken', async () => {
    const res = await post({ files: files(), mode: 'valid' });
    expect(res.status).toBe(201);
    expect(res.body.documents.map((d: any) => d.outcome)).toEqual([
      'created',
      'created',
      'refused',
    ]);
    const id = res.body.documents[0].mappingId;
    const sync = await request(backend.server)
      .post(`${BASE}/mappings/${id}/sync`)
      .set('authorization', callers.member);
    expect(sync.body.status[0]).toMatchObject({ status: 'Synced' });
    const secret = await adminCoreApi(backend.info).readNamespacedSecret({
      name: a,
      namespace: 'payments',
    });
    const vault = await vaultData(backend.info, 'payments/payments-api');
    expect(Buffer.from(secret.data!.user, 'base64').toString()).toBe(
      vault.db_username,
    );

    const again = await post({ files: files().slice(0, 1) });
    expect(
      again.body.documents.map((d: any) => [d.outcome, d.issues[0].message]),
    ).toEqual([
      [
        'refused',
        expect.stringContaining(`is already written by mapping ${id}`),
      ],
      ['refused', expect.stringContaining('is already written by mapping')],
    ]);
  });

  it('refuses two documents of one import writing the same Secret, and imports all when all pass', async () => {
    const c = `bulk-c-${tag}`;
    const twice = await post({
      files: [
        { name: 'x.yaml', yaml: `${es(c)}---${es(`${c}-copy`, undefined, c)}` },
      ],
    });
    expect(
      twice.body.documents.map((d: any) => [d.outcome, d.issues?.[0]?.message]),
    ).toEqual([
      ['accepted', undefined],
      ['refused', expect.stringContaining(`document "${c}" of x.yaml`)],
    ]);
    const ok = await post({
      files: [{ name: 'x.yaml', yaml: es(c) }],
      mode: 'all',
    });
    expect(ok.status).toBe(201);
    expect(ok.body.documents).toEqual([
      expect.objectContaining({
        name: c,
        outcome: 'created',
        mappingId: expect.any(String),
      }),
    ]);
    expect(backend.audits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          eventId: 'mapping-bulk-import',
          outcome: 'succeeded',
          meta: expect.objectContaining({
            mode: 'all',
            created: [ok.body.documents[0].mappingId],
          }),
        }),
      ]),
    );
  });

  it('names a bad body by field', async () => {
    const res = await post({ files: [{ name: 'x.yaml' }], mode: 'sometimes' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/files\[0\]|mode/);
  });
});
