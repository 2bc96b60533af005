import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  paymentsKvSpec,
  startApiBackend,
} from './__testUtils__/apiBackend';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';

/**
 * "Sync now" through the API: 200 once a sync that began after the request is recorded;
 * 202 with the status so far when the mapping stays held (here by a claim planted as if
 * another replica were working on it) for longer than `secrets.engine.syncNowWait`.
 */
describe.each(ids)('sync now through the API on %s', databaseId => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  const name = `sync-now-${databaseId
    .toLowerCase()
    .replace(/_/g, '-')}-${Date.now().toString(36)}`;
  const s = () => request(backend.server);
  const syncNow = (id: string) =>
    s()
      .post(`${BASE}/mappings/${id}/sync`)
      .set('authorization', callers.member);
  const hold = (id: string, held: boolean) =>
    knex('secrets_sync_state')
      .where('mapping_id', id)
      .update(
        held
          ? {
              claimed_by: 'engine-of-another-replica',
              claim_token: 'held-by-another-replica',
              claim_until: new Date(Date.now() + 3_600_000),
            }
          : { claimed_by: null, claim_token: null, claim_until: null },
      );

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await startApiBackend({ knex, engine: { syncNowWait: '1s' } });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('answers 200 after the sync, and 202 with the last status while another replica holds the mapping', async () => {
    const created = await s()
      .post(`${BASE}/entities/component/default/payments-api/mappings`)
      .set('authorization', callers.member)
      .send({ spec: paymentsKvSpec(name) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const first = await syncNow(id);
    expect(first.status).toBe(200);
    expect(first.body.completed).toBe(true);
    expect(first.body.status).toEqual([
      expect.objectContaining({ cluster: 'local', status: 'Synced' }),
    ]);

    await hold(id, true);
    const started = Date.now();
    const held = await syncNow(id);
    expect(held.status).toBe(202);
    expect(held.body.completed).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    // The status so far: the last sync's, not a made-up one.
    expect(held.body.status[0]).toMatchObject({
      status: 'Synced',
      lastSyncedAt: first.body.status[0].lastSyncedAt,
    });
    expect(backend.audits).toContainEqual(
      expect.objectContaining({
        eventId: 'mapping-sync',
        outcome: 'succeeded',
        meta: expect.objectContaining({ completed: false }),
      }),
    );

    // The other replica lets go without recording anything (it crashed): the request it
    // left pending is served by the next "sync now".
    await hold(id, false);
    const after = await syncNow(id);
    expect(after.status).toBe(200);
    expect(after.body.completed).toBe(true);
    expect(Date.parse(after.body.status[0].lastAttemptAt)).toBeGreaterThan(
      started,
    );

    const deleted = await s()
      .delete(`${BASE}/mappings/${id}`)
      .set('authorization', callers.member);
    expect(deleted.status).toBe(200);
  });
});
