import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import request from 'supertest';
import { loggedText } from '../__testUtils__/recordingLogger';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { callers, startApiBackend } from './__testUtils__/apiBackend';
import { adminCoreApi, writeVaultData } from '../__testUtils__/stackAdmin';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const IMPORT = `${BASE}/entities/component/default/payments-api/mappings:import`;

/**
 * ESO `templateFrom` with a ConfigMap and a Secret of the target namespace, read by the
 * engine under the operations kit's RBAC from the real kube-apiserver, rendered with values
 * from the real Vault. PostgreSQL only: the semantics do not depend on the database.
 */
describe('templateFrom ConfigMaps and Secrets against Vault and the cluster', () => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  const tag = Date.now().toString(36);
  const password = `canary-${randomBytes(8).toString('hex')}`;
  const secretTemplate = `canary-template-${randomBytes(6).toString('hex')}`;
  const s = () => request(backend.server);
  const core = () => adminCoreApi(backend.info);
  const names = {
    configMap: `tpl-${tag}`,
    secret: `tpl-secret-${tag}`,
    target: `rendered-${tag}`,
  };

  const read = async (name: string) =>
    Object.fromEntries(
      Object.entries(
        (await core().readNamespacedSecret({ name, namespace: 'payments' }))
          .data ?? {},
      ).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
    );
  const sync = async (id: string) =>
    (
      await s()
        .post(`${BASE}/mappings/${id}/sync`)
        .set('authorization', callers.member)
    ).body.status[0];

  beforeAll(async () => {
    knex = await databases.init(ids[0]);
    backend = await startApiBackend({ knex });
    await writeVaultData(backend.info, `payments/tpl-${tag}`, {
      user: 'app',
      password,
    });
    await core().createNamespacedConfigMap({
      namespace: 'payments',
      body: {
        metadata: { name: names.configMap },
        data: {
          'app.properties':
            'db.user={{ .user }}\ndb.password={{ .password }}\n',
          keys: 'login: "{{ .user }}"\nhost: db.payments.svc',
        },
      },
    });
    await core().createNamespacedSecret({
      namespace: 'payments',
      body: {
        metadata: { name: names.secret },
        stringData: {
          dsn: `postgres://{{ .user }}:{{ .password }}@db/${secretTemplate}`,
          broken: `${secretTemplate} {{ .user | nosuchfunction }}`,
        },
      },
    });
  });
  afterAll(async () => {
    for (const name of [names.configMap])
      await core()
        .deleteNamespacedConfigMap({ name, namespace: 'payments' })
        .catch(() => undefined);
    for (const name of [names.secret, names.target])
      await core()
        .deleteNamespacedSecret({ name, namespace: 'payments' })
        .catch(() => undefined);
    await backend?.stop();
  });

  const importDoc = async (templateFrom: string) => {
    const res = await s()
      .post(IMPORT)
      .set('authorization', callers.member)
      .send({
        yaml: `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: ${names.target}, namespace: payments }
spec:
  secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
  target:
    name: ${names.target}
    template:
      engineVersion: v2
      templateFrom:
${templateFrom}
  dataFrom:
  - extract: { key: payments/tpl-${tag} }
`,
      });
    return res;
  };

  it('renders a ConfigMap item per key (Values), its YAML (KeysAndValues) and a Secret item, byte for byte', async () => {
    const res = await importDoc(`      - target: Data
        configMap:
          name: ${names.configMap}
          items:
          - { key: app.properties, templateAs: Values }
          - { key: keys, templateAs: KeysAndValues }
      - secret:
          name: ${names.secret}
          items: [{ key: dsn }]`);
    expect(res.body.issues ?? []).toEqual([]);
    expect(res.status).toBe(201);
    expect(await sync(res.body.id)).toMatchObject({ status: 'Synced' });
    expect(await read(names.target)).toEqual({
      'app.properties': `db.user=app\ndb.password=${password}\n`,
      login: 'app',
      host: 'db.payments.svc',
      dsn: `postgres://app:${password}@db/${secretTemplate}`,
    });

    // The ConfigMap changes: the next sync follows it.
    await core().patchNamespacedConfigMap({
      name: names.configMap,
      namespace: 'payments',
      body: [{ op: 'replace', path: '/data/keys', value: 'login: x' }],
    });
    expect(await sync(res.body.id)).toMatchObject({
      status: 'Synced',
      reason: 'Updated',
    });
    expect((await read(names.target)).login).toBe('x');
    expect(await read(names.target)).not.toHaveProperty('host');

    // A missing key fails the sync naming it, and the Secret stays as it was.
    await core().patchNamespacedConfigMap({
      name: names.configMap,
      namespace: 'payments',
      body: [{ op: 'remove', path: '/data/keys' }],
    });
    expect(await sync(res.body.id)).toMatchObject({
      status: 'SyncedError',
      reason: 'InvalidTemplate',
      message: `target.template.templateFrom[0].configMap.items[1].key: ConfigMap "${names.configMap}" has no key "keys"`,
    });
    expect((await read(names.target)).login).toBe('x');
    await s()
      .delete(`${BASE}/mappings/${res.body.id}`)
      .set('authorization', callers.member);
  });

  it('never quotes a template read from a Secret, and names a missing object', async () => {
    const broken = await importDoc(`      - secret:
          name: ${names.secret}
          items: [{ key: broken }]`);
    expect(broken.status).toBe(201);
    const status = await sync(broken.body.id);
    expect(status).toMatchObject({
      status: 'SyncedError',
      message:
        'target.template.templateFrom[0].secret.items[0]: the template read from the Secret does not render (details are not shown: they could quote it)',
    });
    const events = await s()
      .get(`${BASE}/mappings/${broken.body.id}/events`)
      .set('authorization', callers.member);
    const outputs = JSON.stringify([status, events.body]);
    expect(outputs).not.toContain(secretTemplate);
    expect(outputs).not.toContain('nosuchfunction');
    expect(outputs).not.toContain(password);
    expect(loggedText(backend.logger)).not.toContain(secretTemplate);
    await s()
      .delete(`${BASE}/mappings/${broken.body.id}`)
      .set('authorization', callers.member);

    const missing = await importDoc(`      - configMap:
          name: no-such-${tag}
          items: [{ key: k }]`);
    expect(await sync(missing.body.id)).toMatchObject({
      status: 'SyncedError',
      message: `target.template.templateFrom[0].configMap.name: ConfigMap "no-such-${tag}" does not exist in the target namespace`,
    });
    await s()
      .delete(`${BASE}/mappings/${missing.body.id}`)
      .set('authorization', callers.member);
  });

  it('refuses a malformed reference by field before anything is written', async () => {
    const res =
      await importDoc(`      - configMap: { name: ${names.configMap}, items: [] }
      - { literal: "a: b", secret: { name: x, items: [{ key: k }] } }
      - target: Labels
        literal: "a: b"`);
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: any) => i.path)).toEqual([
      'spec.target.template.templateFrom[2].target',
    ]);
    const shape =
      await importDoc(`      - configMap: { name: ${names.configMap}, items: [] }
      - { literal: "a: b", secret: { name: x, items: [{ key: k }] } }
      - configMap: { name: Bad_Name, items: [{ key: k, templateAs: Everything }] }`);
    expect(shape.status).toBe(400);
    expect(shape.body.issues.map((i: any) => i.path)).toEqual([
      'spec.target.template.templateFrom[0].configMap.items',
      'spec.target.template.templateFrom[1]',
      'spec.target.template.templateFrom[2].configMap.name',
      'spec.target.template.templateFrom[2].configMap.items[0].templateAs',
    ]);
  });
});
