// Production mode, as a deployed backend runs: Backstage adds stack traces to error bodies
// only in development (the demo's `npm start`). Set before the backend is built.
process.env.NODE_ENV = 'production';

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
const MAPPINGS = `${BASE}/entities/component/default/payments-api/mappings`;

/** What an error body must never carry: a stack, or a file path of the server. */
function internals(body: unknown): string[] {
  const text = JSON.stringify(body);
  const found: string[] = [];
  if (/"stack"/.test(text)) found.push('a stack');
  if (/\bat [\w.<>]+ \(/.test(text)) found.push('a stack frame');
  if (/(\/[\w.@-]+){2,}\.(ts|tsx|js|cjs|mjs)\b/.test(text))
    found.push('a server file path');
  return found;
}

describe.each(ids)('error bodies in production mode on %s', databaseId => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await startApiBackend({
      knex,
      // Nothing listens on port 1: every call to this store fails to connect.
      extraStores: {
        'down-kv': {
          server: 'http://127.0.0.1:1',
          mount: 'secret',
          auth: { token: { value: 'unused' } },
          allowedPaths: [{ prefix: '{{ system }}' }],
          requestTimeout: '2s',
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('answers 400, 403, 404, 409 and 503 with a message and no stack or server path', async () => {
    const s = () => request(backend.server);
    const name = `errors-${databaseId
      .toLowerCase()
      .replace(/_/g, '-')}-${Date.now().toString(36)}`;
    const created = await s()
      .post(MAPPINGS)
      .set('authorization', callers.member)
      .send({ spec: paymentsKvSpec(name) });
    expect(created.status).toBe(201);

    const answers = {
      400: await s()
        .post(MAPPINGS)
        .set('authorization', callers.member)
        .send({ spec: { store: 'local-kv2' } }),
      403: await s()
        .post(MAPPINGS)
        .set('authorization', callers.nonOwner)
        .send({ spec: paymentsKvSpec(`${name}-x`) }),
      404: await s()
        .get(`${BASE}/mappings/00000000-0000-4000-8000-000000000000`)
        .set('authorization', callers.member),
      409: await s()
        .post(MAPPINGS)
        .set('authorization', callers.member)
        .send({ spec: paymentsKvSpec(name) }),
      503: await s()
        .post(`${BASE}/mappings/preview`)
        .set('authorization', callers.member)
        .send({
          entityRef: 'component:default/payments-api',
          spec: { ...paymentsKvSpec(`${name}-y`), store: 'down-kv' },
        }),
    };
    for (const [status, res] of Object.entries(answers)) {
      expect({ status: res.status, internals: internals(res.body) }).toEqual({
        status: Number(status),
        internals: [],
      });
      expect(typeof res.body.error?.message).toBe('string');
    }
  });
});
