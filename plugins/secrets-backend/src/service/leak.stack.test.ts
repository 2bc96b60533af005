import { randomBytes } from 'node:crypto';
import { adminCoreApi } from '../__testUtils__/stackAdmin';
import type { Knex } from 'knex';
import request from 'supertest';
import { loggedText } from '../__testUtils__/recordingLogger';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  dumpTables,
  startApiBackend,
} from './__testUtils__/apiBackend';

jest.setTimeout(180_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/secrets';
const ENTITY = `${BASE}/entities/component/default/payments-api/mappings`;

/**
 * Invariant 1 through the API: canary values planted in Vault flow into the Secret and
 * nowhere else — not into any response of any route, log line, audit event or DB row.
 */
describe.each(ids)(
  'no secret value leaves through the API on %s',
  databaseId => {
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startApiBackend>>;
    const suffix = `${process.pid}-${randomBytes(3).toString('hex')}`;
    const path = `payments/leak-${suffix}`;
    const canaries = {
      password: `canary-pw-${randomBytes(8).toString('hex')}`,
      token: `canary-token-${randomBytes(8).toString('hex')}`,
    };
    const responses: string[] = [];
    const record = (res: request.Response) => {
      responses.push(
        JSON.stringify({
          status: res.status,
          headers: res.headers,
          body: res.body,
          text: res.text,
        }),
      );
      return res;
    };

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startApiBackend({ knex });
      const info = backend.info;
      const res = await fetch(`${info.vault.addr}/v1/secret/data/${path}`, {
        method: 'POST',
        headers: { 'x-vault-token': info.vault.rootToken },
        body: JSON.stringify({ data: canaries }),
      });
      if (!res.ok) throw new Error(`planting canaries: HTTP ${res.status}`);
    });

    it('exercises every route and finds the canaries only in the Secret', async () => {
      const s = () => request(backend.server);
      const as = callers.member;
      const spec = (name: string, extra: object = {}) => ({
        store: 'local-kv2',
        data: [
          {
            secretKey: 'password',
            remoteRef: { key: path, property: 'password' },
          },
        ],
        dataFrom: [{ extract: { key: path } }],
        target: {
          clusters: ['local'],
          namespace: 'payments',
          name,
          template: {
            data: {
              dsn: 'postgres://app:{{ .password }}@db/app',
              'broken-on-purpose': '{{ .token | b64dec }}',
            },
          },
          ...extra,
        },
      });
      const name = `leak-${suffix}`;
      // A template that fails at render time with the value in hand (b64dec of a non-base64
      // canary) must not quote it; then a good version of the mapping.
      const created = record(
        await s()
          .post(ENTITY)
          .set('authorization', as)
          .send({ spec: spec(name) }),
      );
      expect(created.status).toBe(201);
      const id = created.body.id;
      record(
        await s().post(`${BASE}/mappings/${id}/sync`).set('authorization', as),
      );
      const good = spec(name);
      delete (good.target.template.data as Record<string, string>)[
        'broken-on-purpose'
      ];
      record(
        await s()
          .put(`${BASE}/mappings/${id}`)
          .set('authorization', as)
          .send({ spec: good }),
      );
      const synced = record(
        await s().post(`${BASE}/mappings/${id}/sync`).set('authorization', as),
      );
      expect(synced.body.status[0]).toMatchObject({ status: 'Synced' });

      record(
        await s()
          .post(`${BASE}/mappings/preview`)
          .set('authorization', as)
          .send({ entityRef: 'component:default/payments-api', spec: good }),
      );
      // Previews that fail with values in hand: a missing property, a bad template.
      const missing = {
        ...good,
        data: [{ secretKey: 'x', remoteRef: { key: path, property: 'nope' } }],
      };
      expect(
        record(
          await s()
            .post(`${BASE}/mappings/preview`)
            .set('authorization', as)
            .send({
              entityRef: 'component:default/payments-api',
              spec: missing,
            }),
        ).status,
      ).toBe(400);
      record(
        await s()
          .post(`${BASE}/mappings/preview`)
          .set('authorization', as)
          .send({
            entityRef: 'component:default/payments-api',
            spec: spec(`${name}-p`),
          }),
      );
      record(await s().get(ENTITY).set('authorization', as));
      record(await s().get(`${BASE}/mappings/${id}`).set('authorization', as));
      record(
        await s().get(`${BASE}/mappings/${id}/events`).set('authorization', as),
      );
      record(
        await s()
          .get(`${BASE}/stores?entityRef=component:default/payments-api`)
          .set('authorization', as),
      );
      record(
        await s()
          .get(`${BASE}/clusters?entityRef=component:default/payments-api`)
          .set('authorization', as),
      );
      // ESO interop and the platform audit.
      const exported = record(
        await s().get(`${BASE}/mappings/${id}/export`).set('authorization', as),
      );
      record(
        await s()
          .post(`${ENTITY}:import`)
          .set('authorization', as)
          .send({ yaml: exported.text, dryRun: true }),
      );
      for (const report of [
        'mappings',
        'mappings?format=csv',
        'mappings?format=yaml',
        'orphans',
        'unmanaged',
        'failing?staleAfter=0s',
        `paths?store=local-kv2&key=${path}`,
      ]) {
        const res = record(
          await s()
            .get(`${BASE}/audit/${report}`)
            .set('authorization', callers.admin),
        );
        expect(res.status).toBe(200);
      }
      // Refusals and conflicts too.
      record(
        await s().post(ENTITY).set('authorization', as).send({ spec: good }),
      );
      record(
        await s()
          .post(ENTITY)
          .set('authorization', callers.nonOwner)
          .send({ spec: spec(`${name}-x`) }),
      );

      // The values did reach the Secret: the search below would otherwise prove nothing.
      const secret = await adminCoreApi(backend.info).readNamespacedSecret({
        name,
        namespace: 'payments',
      });
      const data = Object.fromEntries(
        Object.entries(secret.data ?? {}).map(([k, v]) => [
          k,
          Buffer.from(v, 'base64').toString(),
        ]),
      );
      // With a template, the Secret holds the rendered keys only (ESO's default).
      expect(data).toEqual({
        dsn: `postgres://app:${canaries.password}@db/app`,
      });

      record(
        await s().delete(`${BASE}/mappings/${id}`).set('authorization', as),
      );

      const outputs = {
        responses: responses.join('\n'),
        logs: loggedText(backend.logger),
        audits: JSON.stringify(backend.audits),
        database: await dumpTables(knex),
      };
      expect(outputs.responses.length).toBeGreaterThan(1000);
      expect(backend.audits.length).toBeGreaterThan(5);
      for (const [where, text] of Object.entries(outputs)) {
        for (const canary of Object.values(canaries)) {
          const b64 = Buffer.from(canary).toString('base64');
          expect({
            where,
            found: text.includes(canary) || text.includes(b64),
          }).toEqual({ where, found: false });
        }
      }
    });
  },
);
