import { randomUUID } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { loggedText } from '../__testUtils__/recordingLogger';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  paymentsKvSpec,
  startApiBackend,
} from './__testUtils__/apiBackend';
import { adminCoreApi, vaultData } from '../__testUtils__/stackAdmin';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const CREATE = `${BASE}/entities/component/default/payments-api/mappings`;

describe.each(ids)(
  'Compare and adopt a Secret another writer made, on %s',
  databaseId => {
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startApiBackend>>;
    let core: k8s.CoreV1Api;
    let username: string;
    const tag = `${databaseId
      .toLowerCase()
      .replace(/_/g, '-')}-${Date.now().toString(36)}`;
    const s = () => request(backend.server);
    const canary = `canary-${randomUUID()}`;

    /** A Secret as ESO leaves it: its own labels, and an ExternalSecret controlling it. */
    const writeForeign = (
      name: string,
      data: Record<string, string>,
      controlled = true,
    ) =>
      core.createNamespacedSecret({
        namespace: 'payments',
        body: {
          metadata: {
            name,
            labels: { 'reconcile.external-secrets.io/managed': 'true' },
            ...(controlled
              ? {
                  ownerReferences: [
                    {
                      apiVersion: 'external-secrets.io/v1',
                      kind: 'ExternalSecret',
                      name,
                      uid: randomUUID(),
                      controller: true,
                    },
                  ],
                }
              : {}),
          },
          type: 'Opaque',
          stringData: data,
        },
      });
    const read = (name: string) =>
      core.readNamespacedSecret({ name, namespace: 'payments' });
    const create = async (name: string) => {
      const res = await s()
        .post(CREATE)
        .set('authorization', callers.member)
        .send({ spec: paymentsKvSpec(name) });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startApiBackend({ knex });
      core = adminCoreApi(backend.info);
      username = (await vaultData(backend.info, 'payments/payments-api'))
        .db_username;
    });
    afterAll(() => backend?.stop());

    it('never overwrites the foreign Secret, compares it key by key, and adopts it only once nothing else controls it', async () => {
      const name = `adopt-same-${tag}`;
      await writeForeign(name, { user: username });
      const before = await read(name);
      const id = await create(name);
      const sync = await s()
        .post(`${BASE}/mappings/${id}/sync`)
        .set('authorization', callers.member);
      expect(sync.body.status[0]).toMatchObject({
        status: 'SyncedError',
        reason: 'SecretNotOwned',
      });
      expect((await read(name)).metadata!.resourceVersion).toBe(
        before.metadata!.resourceVersion,
      );

      const compared = await s()
        .post(`${BASE}/mappings/${id}/compare`)
        .set('authorization', callers.member);
      expect(compared.status).toBe(200);
      expect(compared.body.items).toEqual([
        expect.objectContaining({
          cluster: 'local',
          secret: 'foreign',
          matches: true,
          keys: [{ key: 'user', status: 'match' }],
          type: { desired: 'Opaque', live: 'Opaque' },
          controller: `ExternalSecret/${name}`,
        }),
      ]);
      expect(
        (
          await s()
            .post(`${BASE}/mappings/${id}/compare`)
            .set('authorization', callers.nonOwner)
        ).status,
      ).toBe(403);
      expect(
        (
          await s()
            .post(`${BASE}/mappings/${id}/adopt`)
            .set('authorization', callers.nonOwner)
        ).status,
      ).toBe(403);

      // Still controlled by the ExternalSecret: ESO would keep writing it, so it is not taken.
      const refused = await s()
        .post(`${BASE}/mappings/${id}/adopt`)
        .set('authorization', callers.member);
      expect(refused.body.items[0].adopted).toBeUndefined();
      expect(refused.body.items[0].message).toContain(
        `controlled by ExternalSecret/${name}`,
      );
      expect((await read(name)).metadata!.resourceVersion).toBe(
        before.metadata!.resourceVersion,
      );

      // What `kubectl delete externalsecret --cascade=orphan` leaves: no owner any more.
      await core.patchNamespacedSecret(
        {
          name,
          namespace: 'payments',
          body: [{ op: 'remove', path: '/metadata/ownerReferences' }],
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
      );
      const adopted = await s()
        .post(`${BASE}/mappings/${id}/adopt`)
        .set('authorization', callers.member);
      expect(adopted.status).toBe(200);
      expect(adopted.body.items[0]).toMatchObject({
        adopted: true,
        secret: 'ours',
      });
      const taken = await read(name);
      expect(taken.data).toEqual(before.data);
      expect(taken.metadata!.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'backstage-secrets',
        'secrets.backstage.io/mapping-id': id,
        'reconcile.external-secrets.io/managed': 'true',
      });

      // The next sync finds it current: Synced, and no write.
      const after = await s()
        .post(`${BASE}/mappings/${id}/sync`)
        .set('authorization', callers.member);
      expect(after.body.status[0]).toMatchObject({ status: 'Synced' });
      expect((await read(name)).metadata!.resourceVersion).toBe(
        taken.metadata!.resourceVersion,
      );
      expect(backend.audits).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            eventId: 'mapping-adopt',
            outcome: 'succeeded',
            meta: expect.objectContaining({ adopted: ['local'] }),
          }),
        ]),
      );
    });

    it('reports a Secret that differs by key names only and leaves it untouched', async () => {
      const name = `adopt-differ-${tag}`;
      await writeForeign(name, { user: canary, extra: canary }, false);
      const before = await read(name);
      const id = await create(name);
      const res = await s()
        .post(`${BASE}/mappings/${id}/adopt`)
        .set('authorization', callers.member);
      expect(res.body.items[0]).toMatchObject({
        secret: 'foreign',
        matches: false,
        keys: [
          { key: 'extra', status: 'extra' },
          { key: 'user', status: 'differ' },
        ],
      });
      expect(res.body.items[0].message).toBe(
        'not adopted, it differs: extra extra, user differ; adopting must not change data',
      );
      expect((await read(name)).metadata!.resourceVersion).toBe(
        before.metadata!.resourceVersion,
      );
      expect(JSON.stringify(res.body)).not.toContain(canary);
      expect(loggedText(backend.logger)).not.toContain(canary);
      expect(JSON.stringify(backend.audits)).not.toContain(canary);
    });
  },
);
