import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { callers, startApiBackend } from './__testUtils__/apiBackend';
import { adminCoreApi, writeVaultData } from '../__testUtils__/stackAdmin';
import {
  acceptedCorpus,
  CORPUS_METADATA,
  corpusVault,
  refusedCorpus,
} from './__testUtils__/esoCorpus';

jest.setTimeout(300_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const BULK = `${BASE}/entities/component/default/payments-api/mappings:bulkImport`;

/**
 * The ESO corpus: ExternalSecrets written from ESO's field reference (v1beta1 and v1, with
 * and without CRD defaults), imported through the bulk import, synced into the real
 * cluster and compared byte for byte with the Secret ESO's semantics give; the refused ones
 * must name their field. The semantics do not depend on the database: PostgreSQL only.
 */
describe('The ESO corpus against Vault and the cluster', () => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  let core: k8s.CoreV1Api;
  const tag = Date.now().toString(36);
  const password = randomBytes(12).toString('base64url');
  let appV1 = 1;
  const s = () => request(backend.server);

  beforeAll(async () => {
    knex = await databases.init(ids[0]);
    // payments-api's owners may also write to search, for the ClusterExternalSecret.
    backend = await startApiBackend({
      knex,
      allowedNamespaces: [
        { namespace: 'search', owners: ['group:default/team-payments'] },
      ],
    });
    core = adminCoreApi(backend.info);
    for (const [path, versions] of Object.entries(corpusVault(password)))
      for (const data of versions) {
        const version = await writeVaultData(backend.info, path, data);
        if (
          path === 'payments/corpus/app' &&
          'username' in data &&
          data.username === 'u1'
        )
          appV1 = version;
      }
    for (const [path, custom] of Object.entries(CORPUS_METADATA)) {
      const meta = await fetch(
        `${backend.info.vault.addr}/v1/secret/metadata/${path}`,
        {
          method: 'POST',
          headers: { 'x-vault-token': backend.info.vault.rootToken },
          body: JSON.stringify({ custom_metadata: custom }),
        },
      );
      if (meta.status !== 204)
        throw new Error(`Vault custom metadata ${path}: HTTP ${meta.status}`);
    }
  });
  afterAll(() => backend?.stop());

  it('syncs every accepted document into the Secret ESO would write, byte for byte', async () => {
    const corpus = acceptedCorpus(tag, password, appV1);
    const res = await s()
      .post(BULK)
      .set('authorization', callers.member)
      .send({
        files: [
          {
            name: 'accepted.yaml',
            yaml: corpus
              .map(d => d.yaml)
              .filter(Boolean)
              .join('---\n'),
          },
        ],
        mode: 'all',
      });
    expect(res.body.issues ?? []).toEqual([]);
    expect(res.status).toBe(201);
    const byName = new Map<string, string>(
      res.body.documents.map((d: any) => [d.name, d.mappingId]),
    );
    const mismatches: string[] = [];
    for (const doc of corpus) {
      const id = byName.get(doc.name)!;
      const sync = await s()
        .post(`${BASE}/mappings/${id}/sync`)
        .set('authorization', callers.member);
      const status = sync.body.status[0];
      if (status.status !== 'Synced') {
        mismatches.push(`${doc.name}: ${status.reason} ${status.message}`);
        continue;
      }
      const target = sync.body.spec.target;
      const read = core.readNamespacedSecret({
        name: target.name,
        namespace: target.namespace,
      });
      if (doc.absent) {
        const code = await read.then(
          () => 200,
          (e: any) => e.code,
        );
        if (code !== 404 || status.reason !== 'CreationPolicyNone')
          mismatches.push(`${doc.name}: ${status.reason}, Secret ${code}`);
        continue;
      }
      const secret = await read;
      if (doc.expect!.immutable && secret.immutable !== true)
        mismatches.push(`${doc.name}: not immutable`);
      const live = Object.fromEntries(
        Object.entries(secret.data ?? {}).map(([k, v]) => [
          k,
          Buffer.from(v, 'base64'),
        ]),
      );
      const want = Object.fromEntries(
        Object.entries(doc.expect!.data).map(([k, v]) => [
          k,
          typeof v === 'string' ? Buffer.from(v) : v,
        ]),
      );
      const keys = (o: object) => Object.keys(o).sort().join(',');
      if (keys(live) !== keys(want))
        mismatches.push(`${doc.name}: keys ${keys(live)} (want ${keys(want)})`);
      for (const [k, v] of Object.entries(want))
        if (live[k] && !live[k].equals(v))
          mismatches.push(`${doc.name}: key ${k} differs`);
      if ((secret.type ?? 'Opaque') !== (doc.expect!.type ?? 'Opaque'))
        mismatches.push(`${doc.name}: type ${secret.type}`);
      for (const [k, v] of Object.entries(doc.expect!.labels ?? {}))
        if (secret.metadata?.labels?.[k] !== v)
          mismatches.push(`${doc.name}: label ${k}`);
    }
    expect(mismatches).toEqual([]);
    expect(corpus.length).toBeGreaterThanOrEqual(36);
  });

  it('refuses every document it cannot honour, naming the field, and writes none of them', async () => {
    const corpus = refusedCorpus(tag);
    const res = await s()
      .post(BULK)
      .set('authorization', callers.member)
      .send({
        files: [
          { name: 'refused.yaml', yaml: corpus.map(d => d.yaml).join('---\n') },
        ],
        mode: 'valid',
      });
    expect(res.status).toBe(200);
    const outcomes = new Map<string, any>(
      res.body.documents.map((d: any) => [d.name, d]),
    );
    const wrong = corpus.flatMap(doc => {
      const got = outcomes.get(doc.name);
      if (got?.outcome !== 'refused') return [`${doc.name}: ${got?.outcome}`];
      const paths = (got.issues ?? []).map((i: any) => i.path);
      return paths.includes(doc.refused)
        ? []
        : [`${doc.name}: named ${paths.join(', ')}, not ${doc.refused}`];
    });
    expect(wrong).toEqual([]);
    expect(corpus.length).toBeGreaterThanOrEqual(20);
  });
});
