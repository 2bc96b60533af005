import { mockServices } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import request from 'supertest';
import { loggedText } from '../__testUtils__/recordingLogger';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseWatchFailureStore } from '../database';
import {
  callers,
  paymentsKvSpec,
  startApiBackend,
} from './__testUtils__/apiBackend';
import { adminCoreApi } from '../__testUtils__/stackAdmin';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const postgres = ids.find(id => id.startsWith('POSTGRES'))!;
const BASE = '/api/secrets';

/**
 * `secrets.engine.enabled: false`: a replica that serves the API only, beside one that
 * runs the engine, on one PostgreSQL (each a whole plugin in a backend of its own). The
 * API replica syncs nothing itself; what is asked of it — a new mapping, "sync now" — is
 * carried out by the engine replica, which looks for such requests every second.
 */
describe('a replica with the engine off, beside one with it on', () => {
  let knex: Knex;
  let api: Awaited<ReturnType<typeof startApiBackend>> | undefined;
  let engine: Awaited<ReturnType<typeof startApiBackend>> | undefined;
  const name = `api-only-${Date.now().toString(36)}`;
  const a = () => request(api!.server);
  const statusOf = async (id: string) =>
    (
      await a()
        .get(`${BASE}/mappings/${id}`)
        .set('authorization', callers.member)
    ).body.status[0];
  const secretExists = () =>
    adminCoreApi(api!.info)
      .readNamespacedSecret({ name, namespace: 'payments' })
      .then(
        () => true,
        () => false,
      );

  beforeAll(async () => {
    knex = await databases.init(postgres);
    api = await startApiBackend({
      knex,
      scheduleByClock: true,
      engine: { enabled: false, syncNowWait: '2s', healthCheckInterval: '1s' },
    });
  });

  afterAll(async () => {
    await api?.stop();
    await engine?.stop();
    await adminCoreApi(api!.info)
      .deleteNamespacedSecret({ name, namespace: 'payments' })
      .catch(() => undefined);
  });

  it('queues what is asked of it for the engine replica, which carries it out within seconds', async () => {
    const created = await a()
      .post(`${BASE}/entities/component/default/payments-api/mappings`)
      .set('authorization', callers.member)
      .send({ spec: paymentsKvSpec(name) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(loggedText(api!.logger)).toContain(
      'the sync engine is off on this replica',
    );

    // Alone, the API replica syncs nothing: "sync now" waits its 2 s and answers 202.
    const alone = await a()
      .post(`${BASE}/mappings/${id}/sync`)
      .set('authorization', callers.member);
    expect(alone.status).toBe(202);
    expect(alone.body.status[0]).toMatchObject({ status: 'Pending' });
    expect(await secretExists()).toBe(false);
    const row = await knex('secrets_sync_state')
      .where('mapping_id', id)
      .first();
    expect(row.claimed_by).toBeNull();

    // A replica with the engine on takes the queued mapping.
    engine = await startApiBackend({ knex, scheduleByClock: true });
    for (let i = 0; i < 100; i++) {
      if ((await statusOf(id))?.status === 'Synced') break;
      await new Promise(r => setTimeout(r, 100));
    }
    const synced = await statusOf(id);
    expect(synced).toMatchObject({ status: 'Synced' });
    expect(await secretExists()).toBe(true);

    // "Sync now" through the API replica: served by the engine replica well within the
    // wait (its request check runs every second), with a sync that began after it.
    const asked = Date.now();
    const now = await a()
      .post(`${BASE}/mappings/${id}/sync`)
      .set('authorization', callers.member);
    expect(now.status).toBe(200);
    expect(now.body.completed).toBe(true);
    expect(Date.parse(now.body.status[0].lastAttemptAt)).toBeGreaterThanOrEqual(
      asked,
    );
  });

  it('shows in its /clusters a Secret watch failing on a replica that runs the engine, until that replica clears it', async () => {
    const failures = await DatabaseWatchFailureStore.create(
      mockServices.database.mock({ getClient: async () => knex }),
    );
    const watchProblem = async () => {
      const res = await a()
        .get(`${BASE}/clusters`)
        .set('authorization', callers.member);
      const local = res.body.items.find(
        (c: { name: string }) => c.name === 'local',
      );
      return local?.health.problems?.find(
        (p: { cause: string }) => p.cause === 'KubernetesWatchFailing',
      );
    };
    const until = async (check: (problem: unknown) => boolean) => {
      for (let i = 0; i < 100 && !check(await watchProblem()); i++)
        await new Promise(r => setTimeout(r, 200));
    };
    expect(await watchProblem()).toBeUndefined();

    // What an engine replica elsewhere publishes at its health check (it watches; this one does not).
    await failures.publish(
      'engine-elsewhere',
      [
        {
          cluster: 'local',
          namespace: 'payments',
          since: new Date(Date.now() - 120_000),
          message: 'the watch stream was closed by a proxy',
        },
      ],
      new Date(),
    );
    await until(p => p !== undefined);
    expect(await watchProblem()).toMatchObject({
      namespace: 'payments',
      message: expect.stringContaining(
        'the watch stream was closed by a proxy',
      ),
    });

    await failures.publish('engine-elsewhere', [], new Date());
    await until(p => p === undefined);
    expect(await watchProblem()).toBeUndefined();
  });
});
