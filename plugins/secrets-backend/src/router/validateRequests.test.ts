import express from 'express';
import request from 'supertest';
import { spec } from '../schema/openapi.generated';
import { errorBodies } from './errorBodies';
import { validateRequests } from './validateRequests';

const ID = '0b6f1c1e-8d8a-4c55-9a8e-2b1c8f3c2a10';
const CANARY = 'canary-7d1f-value';

/** The validator in front of a route that answers 200 with what reached it. */
function app() {
  const a = express();
  a.use(express.json());
  a.use(validateRequests(spec));
  a.use((req, res) => {
    res.json({ reached: `${req.method} ${req.path}` });
  });
  a.use(errorBodies);
  return a;
}

const paths = (body: { issues?: { path: string }[] }) =>
  (body.issues ?? []).map(i => i.path);

describe('validateRequests', () => {
  it('lets a request of the documented shape through', async () => {
    const res = await request(app())
      .post(`/mappings/${ID}/rotate`)
      .send({ key: 'payments/x', expectedVersion: 3, generate: { p: {} } });
    expect(res.body).toEqual({ reached: `POST /mappings/${ID}/rotate` });
  });

  it('names each field and rule, property paths dotted and map keys quoted', async () => {
    const res = await request(app())
      .post(`/mappings/${ID}/rotate`)
      .send({
        expectedVersion: 'three',
        generate: { password: { length: 4, noUpper: 'yes' } },
        extra: true,
      });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.issues).toEqual(
      expect.arrayContaining([
        { path: 'key', message: 'is required' },
        { path: 'expectedVersion', message: 'must be a whole number' },
        {
          path: 'generate["password"].length',
          message: 'must be a whole number from 8 to 256',
        },
        {
          path: 'generate["password"].noUpper',
          message: 'must be true or false',
        },
        {
          path: 'extra',
          message: expect.stringMatching(
            /^is not a known field \(known: key, /,
          ),
        },
      ]),
    );
  });

  it('checks nested mapping specs against the document before any rule', async () => {
    const res = await request(app())
      .post('/entities/component/default/payments-api/mappings')
      .send({
        spec: {
          store: 42,
          data: [{ secretKey: 'a', remoteRef: { key: 'p/a', version: 'v' } }],
          target: { namespace: 'payments', name: 'x', clusters: 'local' },
        },
      });
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(
      expect.arrayContaining([
        'spec.store',
        'spec.data[0].remoteRef.version',
        'spec.target.clusters',
      ]),
    );
  });

  it('judges a one-of value by the form it chose, or names the forms', async () => {
    const previewBody = (dataFrom: unknown[]) => ({
      entityRef: 'component:default/payments-api',
      spec: {
        store: 'kv',
        dataFrom,
        target: { clusters: ['local'], namespace: 'payments', name: 'x' },
      },
    });
    const res = await request(app())
      .post('/mappings/preview')
      .send(
        previewBody([
          { extract: { key: 7 } },
          {},
          { extract: { key: 'a' }, find: {} },
        ]),
      );
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      { path: 'spec.dataFrom[0].extract.key', message: 'must be a string' },
      {
        path: 'spec.dataFrom[1]',
        message: 'must have exactly one of extract, find',
      },
      {
        path: 'spec.dataFrom[2]',
        message: 'must have exactly one of extract, find',
      },
    ]);
  });

  it('never echoes a refused value, and cuts an unknown field name short', async () => {
    const longName = `x${'y'.repeat(500)}`;
    const res = await request(app())
      .post(`/entities/component/default/payments-api/secrets:push`)
      .send({
        store: 'kv',
        key: 'payments/x',
        values: { password: { nested: CANARY } },
        expectedVersion: 0,
        [longName]: CANARY,
      });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain(CANARY);
    expect(paths(res.body)).toEqual(
      expect.arrayContaining([
        'values["password"]',
        `${longName.slice(0, 64)}…`,
      ]),
    );
  });

  it('checks path and query parameters, coercing only them', async () => {
    const bad = await request(app()).get('/mappings/not-a-uuid/events?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([
      { path: 'id', message: 'must be a UUID' },
      { path: 'limit', message: 'must be a whole number from 1 to 1000' },
    ]);
    const ok = await request(app()).get(`/mappings/${ID}/events?limit=20`);
    expect(ok.status).toBe(200);
    const missing = await request(app()).get(`/mappings/${ID}/versions`);
    expect(missing.body.issues).toEqual([
      { path: 'key', message: 'is required' },
    ]);
  });

  it('passes requests the document does not describe on to the router (404 there)', async () => {
    const res = await request(app()).post('/nothing/here').send({ a: 1 });
    expect(res.body).toEqual({ reached: 'POST /nothing/here' });
  });
});
