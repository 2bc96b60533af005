import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { callers, startApiBackend } from './__testUtils__/apiBackend';
import { adminCoreApi, writeVaultData } from '../__testUtils__/stackAdmin';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';

/**
 * What a `kubectl` user sees of the engine, on the real kube-apiserver under the operations
 * kit's RBAC: status annotations on the Secret and Events on it (listed by uid, as `kubectl
 * describe secret` does), one per change or new failure, never a value.
 */
describe('The sync state seen from kubectl', () => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  const tag = Date.now().toString(36);
  const name = `kubectl-view-${tag}`;
  const path = `payments/kubectl-view-${tag}`;
  const canary = `canary-${randomBytes(8).toString('hex')}`;
  const s = () => request(backend.server);
  const core = () => adminCoreApi(backend.info);
  const read = () =>
    core().readNamespacedSecret({ name, namespace: 'payments' });
  const eventsOf = async (uid: string) =>
    (
      await core().listNamespacedEvent({
        namespace: 'payments',
        fieldSelector: `involvedObject.kind=Secret,involvedObject.name=${name},involvedObject.uid=${uid}`,
      })
    ).items.sort(
      // Timestamps have whole seconds; the etcd revision orders them.
      (a, b) =>
        Number(a.metadata!.resourceVersion) -
        Number(b.metadata!.resourceVersion),
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
  });
  afterAll(() => backend?.stop());

  it('annotates the Secret and records Events on it: synced, failing, repaired', async () => {
    await writeVaultData(backend.info, path, { password: canary });
    const created = await s()
      .post(`${BASE}/entities/component/default/payments-api/mappings`)
      .set('authorization', callers.member)
      .send({
        spec: {
          store: 'local-kv2',
          data: [
            {
              secretKey: 'password',
              remoteRef: { key: path, property: 'password' },
            },
          ],
          target: { clusters: ['local'], namespace: 'payments', name },
        },
      });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(await sync(id)).toMatchObject({ status: 'Synced' });
    const first = await read();
    const uid = first.metadata!.uid!;
    expect(first.metadata?.annotations).toMatchObject({
      'secrets.backstage.io/sync-status': 'Synced',
      'secrets.backstage.io/sync-reason': 'Created',
    });
    expect(
      Date.parse(
        first.metadata!.annotations!['secrets.backstage.io/last-sync-time'],
      ),
    ).toBeGreaterThan(Date.now() - 60_000);

    // The property vanishes: the Secret keeps its data, says why, and one Warning is recorded.
    await writeVaultData(backend.info, path, { other: 'x' });
    expect(await sync(id)).toMatchObject({
      status: 'SyncedError',
      reason: 'InvalidProperty',
    });
    expect(await sync(id)).toMatchObject({ reason: 'InvalidProperty' });
    const failing = await read();
    expect(failing.data).toEqual(first.data);
    expect(failing.metadata?.annotations).toMatchObject({
      'secrets.backstage.io/sync-status': 'SyncedError',
      'secrets.backstage.io/sync-reason': 'InvalidProperty',
    });

    // Fixed: marked Synced again without a data write; then a hand edit is repaired.
    await writeVaultData(backend.info, path, { password: canary });
    expect(await sync(id)).toMatchObject({
      status: 'Synced',
      reason: 'MetadataUpdated',
    });
    const recovered = await read();
    expect(recovered.data).toEqual(first.data);
    expect(recovered.metadata?.annotations).toMatchObject({
      'secrets.backstage.io/sync-status': 'Synced',
    });
    await core().patchNamespacedSecret({
      name,
      namespace: 'payments',
      body: [
        {
          op: 'replace',
          path: '/data/password',
          value: Buffer.from('edited').toString('base64'),
        },
      ],
    });
    // Repaired by the Secret watch at once, or else by this sync: DriftRepaired either way.
    const repaired = await sync(id);
    expect(['DriftRepaired', 'Unchanged']).toContain(repaired.reason);
    expect((await read()).data).toEqual(first.data);

    // The repair's Event may trail the sync that answered: wait for it (10 s at most).
    let events = await eventsOf(uid);
    for (let i = 0; i < 50 && events.length < 4; i++) {
      await new Promise(resolve => setTimeout(resolve, 200));
      events = await eventsOf(uid);
    }
    expect(
      events.map(e => `${e.type} ${e.reason} ${e.source?.component}`),
    ).toEqual([
      'Normal Synced backstage-secrets',
      'Warning SyncFailed backstage-secrets',
      'Normal Updated backstage-secrets',
      'Warning DriftRepaired backstage-secrets',
    ]);
    expect(events[1].message).toMatch(/^InvalidProperty: /);
    expect(JSON.stringify(events)).not.toContain(canary);
  });
});
