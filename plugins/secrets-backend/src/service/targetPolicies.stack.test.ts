import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { callers, startApiBackend } from './__testUtils__/apiBackend';
import { adminCoreApi, writeVaultData } from '../__testUtils__/stackAdmin';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const IMPORT = `${BASE}/entities/component/default/payments-api/mappings:import`;

/**
 * ESO's `target.immutable`, `creationPolicy: None` and `deletionPolicy: Merge`, imported as
 * ExternalSecrets and synced against the real Vault and kube-apiserver — which enforces the
 * immutability itself. The semantics do not depend on the database: PostgreSQL only.
 */
describe('ESO target policies against Vault and the cluster', () => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  const tag = Date.now().toString(36);
  const s = () => request(backend.server);
  const core = () => adminCoreApi(backend.info);

  const importDoc = async (name: string, target: string, path: string) => {
    const res = await s()
      .post(IMPORT)
      .set('authorization', callers.member)
      .send({
        yaml: `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: ${name}, namespace: payments }
spec:
  secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
  target:
    name: ${name}
${target}
  data:
  - { secretKey: password, remoteRef: { key: ${path}, property: password } }
`,
      });
    if (res.status !== 201)
      throw new Error(
        `import ${name}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    return res.body.id as string;
  };
  const sync = async (id: string) => {
    const res = await s()
      .post(`${BASE}/mappings/${id}/sync`)
      .set('authorization', callers.member);
    expect(res.status).toBe(200);
    return res.body.status[0];
  };
  const read = (name: string) =>
    core().readNamespacedSecret({ name, namespace: 'payments' });
  const text = (secret: { data?: Record<string, string> }) =>
    Object.fromEntries(
      Object.entries(secret.data ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString(),
      ]),
    );
  const destroyVaultSecret = async (path: string) => {
    const res = await fetch(
      `${backend.info.vault.addr}/v1/secret/metadata/${path}`,
      {
        method: 'DELETE',
        headers: { 'x-vault-token': backend.info.vault.rootToken },
      },
    );
    if (res.status !== 204) throw new Error(`Vault delete ${path}`);
  };

  beforeAll(async () => {
    knex = await databases.init(ids[0]);
    backend = await startApiBackend({ knex });
  });
  afterAll(() => backend?.stop());

  it('immutable: written once with immutable true, kept while Vault changes, written anew once deleted', async () => {
    const name = `frozen-${tag}`;
    const path = `payments/frozen-${tag}`;
    await writeVaultData(backend.info, path, { password: 'p1' });
    const id = await importDoc(name, '    immutable: true', path);
    expect(await sync(id)).toMatchObject({ status: 'Synced' });
    const first = await read(name);
    expect(first.immutable).toBe(true);
    expect(text(first)).toEqual({ password: 'p1' });

    await writeVaultData(backend.info, path, { password: 'p2' });
    expect(await sync(id)).toMatchObject({
      status: 'Synced',
      reason: 'Immutable',
      message:
        "Secret is immutable and Vault's values differ from it; delete the Secret to have them written",
    });
    const kept = await read(name);
    expect(text(kept)).toEqual({ password: 'p1' });
    expect(kept.metadata?.resourceVersion).toBe(
      first.metadata?.resourceVersion,
    );

    // Labels still follow the mapping: the API server lets metadata change.
    const mapping = (
      await s()
        .get(`${BASE}/mappings/${id}`)
        .set('authorization', callers.member)
    ).body;
    const relabel = await s()
      .put(`${BASE}/mappings/${id}`)
      .set('authorization', callers.member)
      .send({
        spec: {
          ...mapping.spec,
          target: { ...mapping.spec.target, labels: { tier: 'gold' } },
        },
        revision: mapping.revision,
      });
    expect(relabel.status).toBe(200);
    expect(await sync(id)).toMatchObject({ reason: 'Immutable' });
    const relabelled = await read(name);
    expect(relabelled.metadata?.labels?.tier).toBe('gold');
    expect(text(relabelled)).toEqual({ password: 'p1' });

    await core().deleteNamespacedSecret({ name, namespace: 'payments' });
    // Written anew: by the Secret watch at once, or else by this sync.
    const after = await sync(id);
    expect(after.status).toBe('Synced');
    expect(['Created', 'Unchanged']).toContain(after.reason);
    const again = await read(name);
    expect(again.metadata?.uid).not.toBe(first.metadata?.uid);
    expect(text(again)).toEqual({ password: 'p2' });
    expect(again.immutable).toBe(true);

    // Made mutable again: Kubernetes cannot unfreeze a Secret, so it is written anew.
    await writeVaultData(backend.info, path, { password: 'p3' });
    const current = (
      await s()
        .get(`${BASE}/mappings/${id}`)
        .set('authorization', callers.member)
    ).body;
    const { immutable, ...thawed } = current.spec.target;
    expect(immutable).toBe(true);
    const put = await s()
      .put(`${BASE}/mappings/${id}`)
      .set('authorization', callers.member)
      .send({
        spec: { ...current.spec, target: thawed },
        revision: current.revision,
      });
    expect(put.status).toBe(200);
    expect(await sync(id)).toMatchObject({ status: 'Synced' });
    const mutable = await read(name);
    expect(mutable.immutable).toBeFalsy();
    expect(text(mutable)).toEqual({ password: 'p3' });
  });

  it('creationPolicy None: reads Vault, writes no Secret, and still reports a missing key', async () => {
    const name = `unwritten-${tag}`;
    const path = `payments/unwritten-${tag}`;
    await writeVaultData(backend.info, path, { password: 'p1' });
    const id = await importDoc(name, '    creationPolicy: None', path);
    expect(await sync(id)).toMatchObject({
      status: 'Synced',
      reason: 'CreationPolicyNone',
    });
    await expect(read(name)).rejects.toMatchObject({ code: 404 });
    await writeVaultData(backend.info, path, { other: 'x' });
    expect(await sync(id)).toMatchObject({ status: 'SyncedError' });
    await expect(read(name)).rejects.toMatchObject({ code: 404 });
  });

  it('deletionPolicy Merge: the Vault secret destroyed, the Secret stays without its keys', async () => {
    const name = `merged-away-${tag}`;
    const path = `payments/merged-away-${tag}`;
    await writeVaultData(backend.info, path, { password: 'p1' });
    const id = await importDoc(name, '    deletionPolicy: Merge', path);
    expect(await sync(id)).toMatchObject({ status: 'Synced' });
    const before = await read(name);
    expect(text(before)).toEqual({ password: 'p1' });

    await destroyVaultSecret(path);
    expect(await sync(id)).toMatchObject({
      status: 'Synced',
      reason: 'VaultSecretDeleted',
      message:
        'Vault secret is gone and deletionPolicy is Merge: the Secret is kept without its keys',
    });
    const after = await read(name);
    expect(after.metadata?.uid).toBe(before.metadata?.uid);
    expect(text(after)).toEqual({});
  });

  it('refuses the pairs ESO refuses, naming the field', async () => {
    const res = await s()
      .post(IMPORT)
      .set('authorization', callers.member)
      .send({
        yaml: `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: { name: never-${tag}, namespace: payments }
spec:
  secretStoreRef: { kind: ClusterSecretStore, name: local-kv2 }
  target: { name: never-${tag}, creationPolicy: None, deletionPolicy: Merge }
  data:
  - { secretKey: password, remoteRef: { key: payments/x, property: password } }
`,
      });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      {
        path: 'spec.target.deletionPolicy',
        message:
          'must be Retain with creationPolicy None: no Secret is written, so there is nothing to remove',
      },
    ]);
  });
});
