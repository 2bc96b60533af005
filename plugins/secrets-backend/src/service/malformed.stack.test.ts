import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  snapshotTables,
  startApiBackend,
} from './__testUtils__/apiBackend';

jest.setTimeout(180_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const ENTITY = `${BASE}/entities/component/default/payments-api/mappings`;

const valid = () => ({
  store: 'local-kv2',
  data: [
    {
      secretKey: 'db-user',
      remoteRef: {
        key: 'payments/payments-api',
        property: 'db_username',
        version: 1,
      },
    },
  ],
  target: {
    clusters: ['local'],
    namespace: 'payments',
    name: 'malformed-target',
    type: 'Opaque',
    creationPolicy: 'Owner',
    deletionPolicy: 'Retain',
    labels: { team: 'payments' },
    annotations: { note: 'x' },
    template: { data: { 'db-user': '{{ index . "db-user" | upper }}' } },
  },
  refreshInterval: '1h',
  refreshPolicy: 'Periodic',
});

/** Sets a dot/bracket path (`data[0].remoteRef.key`) in a copy of the valid spec. */
function withField(path: string, value: unknown) {
  const spec: any = valid();
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let at = spec;
  for (const p of parts.slice(0, -1)) at = at[p];
  at[parts[parts.length - 1]] = value;
  return spec;
}

const FORTY_TWO = 42;
const NESTED = { nested: 'object' };
const WRONG_VALUES: unknown[] = [
  null,
  FORTY_TWO,
  true,
  '',
  [],
  NESTED,
  'x'.repeat(5000),
  'ünï\u0000cöde😀',
  '../../etc/passwd',
  '/absolute',
];

const FIELDS = [
  'store',
  'data',
  'data[0]',
  'data[0].secretKey',
  'data[0].remoteRef',
  'data[0].remoteRef.key',
  'data[0].remoteRef.version',
  'target',
  'target.clusters',
  'target.clusters[0]',
  'target.namespace',
  'target.name',
  'target.type',
  'target.creationPolicy',
  'target.deletionPolicy',
  'target.template',
  'target.template.data',
  'refreshInterval',
  'refreshPolicy',
];

/** Values some fields accept: a wrong type for one field is a right one for another. */
const ACCEPTED: Record<string, unknown[]> = {
  'data[0].remoteRef.version': [FORTY_TWO],
  'target.template.data': [NESTED],
};

function badBodies(): { label: string; body: unknown; raw?: string }[] {
  const bodies: { label: string; body: unknown; raw?: string }[] = [];
  for (const field of FIELDS) {
    for (const value of WRONG_VALUES) {
      if (ACCEPTED[field]?.includes(value)) continue;
      bodies.push({
        label: `${field} = ${JSON.stringify(value)?.slice(0, 40)}`,
        body: { spec: withField(field, value) },
      });
    }
  }
  const keys = [
    'payments/../search/search-api',
    'payments/./payments-api',
    'payments//payments-api',
    'payments/payments-api/',
    'payments/pay ments',
    'payments/x?version=1',
    'payments/x#frag',
    'payments/%2e%2e/search',
    'payments/\u202eipa',
    'payments/\n',
  ];
  for (const key of keys)
    bodies.push({
      label: `key ${JSON.stringify(key)}`,
      body: { spec: withField('data[0].remoteRef.key', key) },
    });
  const templates = [
    '{{ .x ',
    '{{ nosuchfunc .x }}',
    '{{ end }}',
    '{{ if }}',
    '{{ printf "%s" | }}',
    '}}{{',
    '{{ .x | b64enc | }}',
    '{{ range }}',
  ];
  for (const t of templates)
    bodies.push({
      label: `template ${t}`,
      body: { spec: withField('target.template.data', { k: t }) },
    });
  const names = [
    'UPPER',
    'has_underscore',
    '-leading',
    'trailing-',
    'a'.repeat(254),
    'ünï',
    'dots..double',
    '',
  ];
  for (const n of names)
    bodies.push({
      label: `name ${n.slice(0, 20)}`,
      body: { spec: withField('target.name', n) },
    });
  const extras: [string, unknown][] = [
    ['no spec', {}],
    ['spec null', { spec: null }],
    ['unknown top-level field', { spec: valid(), owner: 'me' }],
    ['unknown spec field', { spec: { ...valid(), extra: 1 } }],
    ['unknown target field', { spec: withField('target.secretName', 'x') }],
    [
      'reserved label',
      {
        spec: withField('target.labels', {
          'app.kubernetes.io/managed-by': 'me',
        }),
      },
    ],
    [
      'reserved annotation',
      {
        spec: withField('target.annotations', {
          'secrets.backstage.io/mapping-id': 'x',
        }),
      },
    ],
    [
      'bad label value',
      { spec: withField('target.labels', { team: 'has spaces' }) },
    ],
    [
      'too many data entries',
      {
        spec: withField(
          'data',
          Array.from({ length: 101 }, (_, i) => ({
            secretKey: `k${i}`,
            remoteRef: { key: 'payments/payments-api' },
          })),
        ),
      },
    ],
    [
      'too many clusters',
      {
        spec: withField(
          'target.clusters',
          Array.from({ length: 11 }, (_, i) => `c${i}`),
        ),
      },
    ],
    [
      'template too long',
      {
        spec: withField('target.template.data', {
          k: `{{ .x }}${' '.repeat(17000)}`,
        }),
      },
    ],
    [
      'duplicate secretKey',
      { spec: withField('data', [valid().data[0], valid().data[0]]) },
    ],
    ['negative version', { spec: withField('data[0].remoteRef.version', -1) }],
    [
      'fractional version',
      { spec: withField('data[0].remoteRef.version', 1.5) },
    ],
    [
      'bad regexp',
      {
        spec: {
          ...valid(),
          data: undefined,
          dataFrom: [{ find: { path: 'payments', name: { regexp: '([' } } }],
        },
      },
    ],
    [
      'extract and find',
      {
        spec: {
          ...valid(),
          dataFrom: [
            {
              extract: { key: 'payments/x' },
              find: { path: 'payments', name: { regexp: '.' } },
            },
          ],
        },
      },
    ],
    ['negative interval', { spec: withField('refreshInterval', '-1h') }],
    ['unit-less interval', { spec: withField('refreshInterval', '10') }],
    ['array body', [valid()]],
    ['string body', 'spec'],
    ['number body', 7],
    [
      'prototype pollution',
      JSON.parse('{"spec": {"__proto__": {"admin": true}}}'),
    ],
  ];
  for (const [label, body] of extras) bodies.push({ label, body });
  const raws = [
    '{',
    '{"spec": }',
    'null',
    '[1,2',
    '{"spec": {"store": "local-kv2",}}',
    '\u0000',
    'undefined',
  ];
  for (const raw of raws)
    bodies.push({ label: `raw ${JSON.stringify(raw)}`, body: undefined, raw });
  return bodies;
}

describe.each(ids)('mapping API with malformed input on %s', databaseId => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await startApiBackend({ knex });
  });

  it('answers every bad body with a 4xx naming a field, writes nothing and stays up', async () => {
    const existing = await request(backend.server)
      .post(ENTITY)
      .set('authorization', callers.member)
      .send({
        spec: {
          ...valid(),
          target: { ...valid().target, name: 'malformed-existing' },
        },
      });
    expect([existing.status, existing.body.issues]).toEqual([201, undefined]);
    const before = await snapshotTables(knex);
    const bodies = badBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(200);

    const outcomes: string[] = [];
    for (const { label, body, raw } of bodies) {
      for (const [method, url] of [
        ['post', ENTITY],
        ['put', `${BASE}/mappings/${existing.body.id}`],
        ['post', `${BASE}/mappings/preview`],
      ] as const) {
        let req = request(backend.server)
          [method](url)
          .set('authorization', callers.member)
          .set('content-type', 'application/json');
        const payload =
          raw ??
          (url.endsWith('preview') &&
          typeof body === 'object' &&
          body &&
          !Array.isArray(body)
            ? JSON.stringify({
                entityRef: 'component:default/payments-api',
                ...body,
              })
            : JSON.stringify(body));
        req = req.send(payload);
        const res = await req;
        const namesField =
          Array.isArray(res.body?.issues) ||
          typeof res.body?.error?.message === 'string';
        if (res.status < 400 || res.status >= 500 || !namesField)
          outcomes.push(
            `${method} ${url.split('/').pop()} ${label}: ${
              res.status
            } ${JSON.stringify(res.body).slice(0, 200)}`,
          );
      }
    }
    expect(outcomes).toEqual([]);
    expect(await snapshotTables(knex)).toBe(before);
    const health = await request(backend.server).get(`${BASE}/health`);
    expect(health.status).toBe(200);
  });

  it('refuses a body over the size limit with 413 before reading it', async () => {
    const res = await request(backend.server)
      .post(ENTITY)
      .set('authorization', callers.member)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ spec: valid(), pad: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe('Request body is larger than 256kb');
  });

  it('never echoes the body in a parse error', async () => {
    const res = await request(backend.server)
      .post(ENTITY)
      .set('authorization', callers.member)
      .set('content-type', 'application/json')
      .send('{"spec": "canary-in-body-3f9a" oops}');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain('canary-in-body');
    expect(res.body.error.message).toBe('Request body is not valid JSON');
  });
});
