import { adminCoreApi } from '../__testUtils__/stackAdmin';
import type { Knex } from 'knex';
import request from 'supertest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  snapshotTables,
  startApiBackend,
} from './__testUtils__/apiBackend';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const IMPORT = `${BASE}/entities/component/default/payments-api/mappings:import`;

/** Seed 002's GitLab registry ExternalSecret, pointed at the demo's registry credentials. */
const gitlab = (name: string) => `
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: ${name}
spec:
  refreshInterval: 1m
  secretStoreRef:
    name: es-gitlab-secret-store
    kind: SecretStore
  target:
    name: ${name}
    template:
      type: kubernetes.io/dockerconfigjson
      engineVersion: v2
      data:
        .dockerconfigjson: '{ "auths": { "registry.gitlab.com": { "auth": "{{ printf "%s:%s" .username .password | b64enc }}"}}}'
  data:
  - secretKey: username
    remoteRef:
      key: secret/data/payments/registry
      property: username
  - secretKey: password
    remoteRef:
      key: payments/registry
      property: password
`;

describe.each(ids)(
  'ESO import and export through the API on %s',
  databaseId => {
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startApiBackend>>;
    const name = `eso-gitlab-${databaseId
      .toLowerCase()
      .replace(/_/g, '-')}-${Date.now().toString(36)}`;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startApiBackend({ knex });
    });

    /** Syncs a mapping now, expects it Synced, and reads its Secret from the cluster. */
    async function syncedSecret(id: string, secretName: string) {
      const sync = await request(backend.server)
        .post(`${BASE}/mappings/${id}/sync`)
        .set('authorization', callers.member);
      expect(sync.body.status[0]).toMatchObject({ status: 'Synced' });
      return adminCoreApi(backend.info).readNamespacedSecret({
        name: secretName,
        namespace: 'payments',
      });
    }

    it('imports seed 002, syncs a working dockerconfigjson, and exports it back', async () => {
      const s = () => request(backend.server);
      const dry = await s()
        .post(IMPORT)
        .set('authorization', callers.member)
        .send({ yaml: gitlab(name), store: 'local-kv2', dryRun: true });
      expect(dry.status).toBe(200);
      expect(dry.body.spec.target).toMatchObject({
        clusters: ['local'],
        namespace: 'payments',
        name,
        type: 'kubernetes.io/dockerconfigjson',
      });
      expect(dry.body.notes.map((n: { path: string }) => n.path)).toEqual([
        'spec.secretStoreRef.name',
        'spec.data[0].remoteRef.key',
      ]);

      const created = await s()
        .post(IMPORT)
        .set('authorization', callers.member)
        .send({ yaml: gitlab(name), store: 'local-kv2' });
      expect(created.status).toBe(201);
      const secret = await syncedSecret(created.body.id, name);
      expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
      const config = JSON.parse(
        Buffer.from(secret.data!['.dockerconfigjson'], 'base64').toString(),
      );
      const auth = Buffer.from(
        config.auths['registry.gitlab.com'].auth,
        'base64',
      ).toString();
      expect(auth).toMatch(/^payments-ci:.+/);

      const exported = await s()
        .get(`${BASE}/mappings/${created.body.id}/export`)
        .set('authorization', callers.nonOwner);
      expect(exported.status).toBe(200);
      expect(exported.headers['content-type']).toMatch(/^text\/yaml/);
      const manifest = parse(exported.text);
      expect(manifest).toMatchObject({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name, namespace: 'payments' },
        spec: {
          secretStoreRef: { kind: 'ClusterSecretStore', name: 'local-kv2' },
        },
      });
      // Exported, then imported again: the same spec.
      const back = await s()
        .post(IMPORT)
        .set('authorization', callers.member)
        .send({ yaml: exported.text, dryRun: true });
      expect(back.body.spec).toEqual(created.body.spec);
    });

    it("puts the ExternalSecret's labels and annotations on the Secret, as ESO does", async () => {
      const s = () => request(backend.server);
      const labelled = `${name}-argocd`;
      const created = await s()
        .post(IMPORT)
        .set('authorization', callers.member)
        .send({
          store: 'local-kv2',
          yaml: `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: ${labelled}
  labels:
    app.kubernetes.io/part-of: argocd
    app.kubernetes.io/managed-by: Helm
  annotations:
    team: payments
spec:
  secretStoreRef: { name: local-kv2, kind: ClusterSecretStore }
  target: { name: ${labelled} }
  data:
    - secretKey: password
      remoteRef: { key: payments/registry, property: password }
`,
        });
      expect(created.status).toBe(201);
      expect(created.body.notes.map((n: { path: string }) => n.path)).toEqual([
        'metadata.labels["app.kubernetes.io/managed-by"]',
      ]);
      const secret = await syncedSecret(created.body.id, labelled);
      expect(secret.metadata?.labels).toMatchObject({
        'app.kubernetes.io/part-of': 'argocd',
        'app.kubernetes.io/managed-by': 'backstage-secrets',
      });
      expect(secret.metadata?.annotations).toMatchObject({ team: 'payments' });
    });

    it('imports an ExternalSecret copied from a live cluster unchanged and syncs the same bytes', async () => {
      const copied = `${name}-live`;
      const yaml = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: ${copied}
  namespace: payments
  uid: 7f0c3c9e-0000-4000-8000-000000000000
  resourceVersion: "48213"
  generation: 1
  creationTimestamp: "2026-11-30T10:00:00Z"
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"kind":"ExternalSecret"}'
spec:
  refreshInterval: 1h0m0s
  secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
  target: { name: ${copied}, creationPolicy: Owner, deletionPolicy: Retain }
  data:
  - secretKey: user
    remoteRef:
      key: /payments/registry
      property: username
      conversionStrategy: Default
      decodingStrategy: None
      metadataPolicy: None
      nullBytePolicy: Ignore
  dataFrom:
  - extract:
      key: /payments/registry
      conversionStrategy: Default
      decodingStrategy: None
      metadataPolicy: None
      nullBytePolicy: Ignore
status:
  conditions: [{ type: Ready, status: "True", reason: SecretSynced }]
`;
      const created = await request(backend.server)
        .post(IMPORT)
        .set('authorization', callers.member)
        .send({ yaml });
      expect(created.status).toBe(201);
      const secret = await syncedSecret(created.body.id, copied);
      // What Vault holds at payments/registry, read with the root token.
      const res = await fetch(
        `${backend.info.vault.addr}/v1/secret/data/payments/registry`,
        { headers: { 'x-vault-token': backend.info.vault.rootToken } },
      );
      const vault = (await res.json()).data.data as Record<string, string>;
      const bytes = (key: string) =>
        Buffer.from(secret.data![key], 'base64').toString();
      expect(Object.keys(secret.data!).sort()).toEqual(
        ['user', ...Object.keys(vault)].sort(),
      );
      expect(bytes('user')).toBe(vault.username);
      for (const [key, value] of Object.entries(vault))
        expect(bytes(key)).toBe(value);
    });

    it('exports every mapping of the entity as one multi-document YAML that imports back', async () => {
      const s = () => request(backend.server);
      const res = await s()
        .get(`${BASE}/entities/component/default/payments-api/mappings:export`)
        .set('authorization', callers.nonOwner);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/yaml/);
      const docs = parseAllDocuments(res.text).map(d => d.toJS());
      const mine = docs.filter(d => String(d?.metadata?.name).startsWith(name));
      // The three imported above, each a whole ExternalSecret.
      expect(mine.map(d => d.metadata.name).sort()).toEqual(
        [name, `${name}-argocd`, `${name}-live`].sort(),
      );
      for (const doc of mine) {
        expect(doc).toMatchObject({
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
        });
        const back = await s()
          .post(IMPORT)
          .set('authorization', callers.member)
          .send({ yaml: stringify(doc), dryRun: true });
        expect(back.status).toBe(200);
      }
      const unknown = await s()
        .get(`${BASE}/entities/component/default/no-such-api/mappings:export`)
        .set('authorization', callers.member);
      expect(unknown.status).toBe(404);
    });

    it('refuses what it cannot honour, by field, and writes nothing', async () => {
      const before = await snapshotTables(knex);
      const res = await request(backend.server)
        .post(IMPORT)
        .set('authorization', callers.member)
        .send({
          yaml: gitlab(`${name}-x`).replace(
            '  target:\n',
            '  target:\n    deletionPolicy: Sometimes\n',
          ),
          store: 'local-kv2',
        });
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([
        {
          path: 'spec.target.deletionPolicy',
          message: 'must be one of Retain, Delete, Merge',
        },
      ]);
      const outside = await request(backend.server)
        .post(IMPORT)
        .set('authorization', callers.member)
        .send({
          yaml: gitlab(`${name}-y`).replace(
            /payments\/registry/g,
            'search/search-api',
          ),
          store: 'local-kv2',
        });
      expect(outside.status).toBe(403);
      const nonOwner = await request(backend.server)
        .post(IMPORT)
        .set('authorization', callers.nonOwner)
        .send({ yaml: gitlab(`${name}-z`), store: 'local-kv2' });
      expect(nonOwner.status).toBe(403);
      expect(await snapshotTables(knex)).toBe(before);
    });
  },
);
