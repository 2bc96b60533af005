import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import type { Knex } from 'knex';
import request from 'supertest';
import yaml from 'yaml';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  dumpTables,
  paymentsExternalSecret,
  startApiBackend,
  type CallerName,
} from './__testUtils__/apiBackend';
import { adminCoreApi, writeVaultData } from '../__testUtils__/stackAdmin';

jest.setTimeout(180_000);

/**
 * Every operation of the API contract (openapi.yaml), called by someone who does not own
 * the entity and by someone not signed in, against the real Vault and API server: what
 * each may do, and that a refusal changes nothing anywhere — no row, no Vault version, no
 * Secret. The first test fails when the contract gains an operation this table lacks.
 */

const { databases, ids } = createTestDatabases();
const sqlite = ids.find(id => id.startsWith('SQLITE'))!;
const BASE = '/api/secrets';
const ENTITY = `${BASE}/entities/component/default/payments-api`;
const run = randomBytes(3).toString('hex');
const VAULT_PATH = `payments/every-route/${run}`;
const SECRET = `every-route-${run}`;
/** The values at VAULT_PATH: no response may carry them. */
const VALUES = [`first-canary-${run}`, `second-canary-${run}`];

/** What one operation is called with; `m` is a synced KV mapping of payments-api. */
type Call = (
  as: (r: request.Test) => request.Test,
  m: string,
  vaultVersion: number,
) => request.Test;

interface Case {
  call: Call;
  /** The status a signed-in user who does not own payments-api gets. */
  nonOwner: number;
}

let backend: Awaited<ReturnType<typeof startApiBackend>>;
const server = () => request(backend.server);

const mappingSpec = (name: string) => ({
  store: 'local-kv2',
  data: [
    {
      secretKey: 'password',
      remoteRef: { key: VAULT_PATH, property: 'password' },
    },
  ],
  target: { clusters: ['local'], namespace: 'payments', name },
});

const externalSecret = (name: string) =>
  paymentsExternalSecret(name, VAULT_PATH, 'password');

/**
 * Reading a mapping (its status, history, version numbers, export) is open to every
 * signed-in user, as the catalog is; changing, syncing, dry runs, comparisons with the live
 * Secret and the audit reports are for the owners (and platform admins).
 */
const CASES: Record<string, Case> = {
  'GET /health': {
    call: as => as(server().get(`${BASE}/health`)),
    nonOwner: 200,
  },
  'GET /stores': {
    call: as =>
      as(
        server()
          .get(`${BASE}/stores`)
          .query({ entityRef: 'component:default/payments-api' }),
      ),
    nonOwner: 200,
  },
  'GET /clusters': {
    call: as =>
      as(
        server()
          .get(`${BASE}/clusters`)
          .query({ entityRef: 'component:default/payments-api' }),
      ),
    nonOwner: 200,
  },
  'GET /entities/{kind}/{namespace}/{name}/mappings': {
    call: as => as(server().get(`${ENTITY}/mappings`)),
    nonOwner: 200,
  },
  'POST /entities/{kind}/{namespace}/{name}/mappings': {
    call: as =>
      as(server().post(`${ENTITY}/mappings`)).send({
        spec: mappingSpec(`${SECRET}-new`),
      }),
    nonOwner: 403,
  },
  'POST /entities/{kind}/{namespace}/{name}/mappings:import': {
    call: as =>
      as(server().post(`${ENTITY}/mappings:import`)).send({
        yaml: externalSecret(`${SECRET}-imported`),
      }),
    nonOwner: 403,
  },
  'POST /entities/{kind}/{namespace}/{name}/mappings:bulkImport': {
    call: as =>
      as(server().post(`${ENTITY}/mappings:bulkImport`)).send({
        files: [{ name: 'a.yaml', yaml: externalSecret(`${SECRET}-bulk`) }],
        mode: 'all',
      }),
    nonOwner: 403,
  },
  'POST /entities/{kind}/{namespace}/{name}/secrets:push': {
    call: (as, _m, version) =>
      as(server().post(`${ENTITY}/secrets:push`)).send({
        store: 'local-kv2',
        key: VAULT_PATH,
        values: { password: 'pushed-by-a-stranger' },
        expectedVersion: version,
        confirmUnmanaged: true,
      }),
    nonOwner: 403,
  },
  'POST /mappings/preview': {
    call: as =>
      as(server().post(`${BASE}/mappings/preview`)).send({
        entityRef: 'component:default/payments-api',
        spec: mappingSpec(`${SECRET}-preview`),
      }),
    nonOwner: 403,
  },
  'GET /mappings/{id}': {
    call: (as, m) => as(server().get(`${BASE}/mappings/${m}`)),
    nonOwner: 200,
  },
  'PUT /mappings/{id}': {
    call: (as, m) =>
      as(server().put(`${BASE}/mappings/${m}`)).send({
        spec: mappingSpec(`${SECRET}-moved`),
      }),
    nonOwner: 403,
  },
  'DELETE /mappings/{id}': {
    call: (as, m) => as(server().delete(`${BASE}/mappings/${m}`)),
    nonOwner: 403,
  },
  'POST /mappings/{id}/sync': {
    call: (as, m) => as(server().post(`${BASE}/mappings/${m}/sync`)),
    nonOwner: 403,
  },
  'POST /mappings/{id}/compare': {
    call: (as, m) => as(server().post(`${BASE}/mappings/${m}/compare`)),
    nonOwner: 403,
  },
  'POST /mappings/{id}/adopt': {
    call: (as, m) => as(server().post(`${BASE}/mappings/${m}/adopt`)),
    nonOwner: 403,
  },
  'POST /mappings/{id}/reissue': {
    call: (as, m) => as(server().post(`${BASE}/mappings/${m}/reissue`)),
    nonOwner: 403,
  },
  'POST /mappings/{id}/rotate': {
    call: (as, m, version) =>
      as(server().post(`${BASE}/mappings/${m}/rotate`)).send({
        key: VAULT_PATH,
        expectedVersion: version,
        generate: { password: {} },
        confirmUnmanaged: true,
      }),
    nonOwner: 403,
  },
  'GET /mappings/{id}/versions': {
    call: (as, m) =>
      as(server().get(`${BASE}/mappings/${m}/versions`)).query({
        key: VAULT_PATH,
      }),
    nonOwner: 200,
  },
  'POST /mappings/{id}/rollback': {
    call: (as, m, version) =>
      as(server().post(`${BASE}/mappings/${m}/rollback`)).send({
        key: VAULT_PATH,
        version: 1,
        expectedVersion: version,
        confirmUnmanaged: true,
      }),
    nonOwner: 403,
  },
  'GET /mappings/{id}/events': {
    call: (as, m) => as(server().get(`${BASE}/mappings/${m}/events`)),
    nonOwner: 200,
  },
  'GET /entities/{kind}/{namespace}/{name}/declared': {
    call: as => as(server().get(`${ENTITY}/declared`)),
    nonOwner: 200,
  },
  'POST /entities/{kind}/{namespace}/{name}/declared:refresh': {
    call: as => as(server().post(`${ENTITY}/declared:refresh`)),
    nonOwner: 403,
  },
  'GET /entities/{kind}/{namespace}/{name}/mappings:export': {
    call: as => as(server().get(`${ENTITY}/mappings:export`)),
    nonOwner: 200,
  },
  'GET /mappings/{id}/export': {
    call: (as, m) => as(server().get(`${BASE}/mappings/${m}/export`)),
    nonOwner: 200,
  },
  'GET /audit/mappings': {
    call: as => as(server().get(`${BASE}/audit/mappings`)),
    nonOwner: 403,
  },
  'GET /audit/orphans': {
    call: as => as(server().get(`${BASE}/audit/orphans`)),
    nonOwner: 403,
  },
  'GET /audit/unmanaged': {
    call: as => as(server().get(`${BASE}/audit/unmanaged`)),
    nonOwner: 403,
  },
  'GET /audit/failing': {
    call: as => as(server().get(`${BASE}/audit/failing`)),
    nonOwner: 403,
  },
  'GET /audit/paths': {
    call: as =>
      as(server().get(`${BASE}/audit/paths`)).query({
        store: 'local-kv2',
        key: VAULT_PATH,
      }),
    nonOwner: 403,
  },
};

/** A refusal says who may, and nothing more. */
const REFUSAL = expect.stringMatching(/^user:default\/carol may not /);

/** `METHOD /path` of every operation the contract declares. */
function contractOperations(): string[] {
  const doc = yaml.parse(
    fs.readFileSync(path.join(__dirname, '../schema/openapi.yaml'), 'utf8'),
  );
  return Object.entries(doc.paths as Record<string, object>).flatMap(
    ([route, ops]) =>
      Object.keys(ops)
        .filter(m => ['get', 'post', 'put', 'delete', 'patch'].includes(m))
        .map(m => `${m.toUpperCase()} ${route}`),
  );
}

describe('every route of the API, as a non-owner and signed out', () => {
  let knex: Knex;
  let core: k8s.CoreV1Api;
  let mappingId: string;

  const as = (who: CallerName) => (r: request.Test) =>
    r.set('authorization', callers[who]);

  /** Everything a request could change: the plugin's rows, the Vault path, the Secret. */
  async function world() {
    const metadata = await fetch(
      `${backend.info.vault.addr}/v1/secret/metadata/${VAULT_PATH}`,
      { headers: { 'x-vault-token': backend.info.vault.rootToken } },
    ).then(r => r.json());
    const secrets = await core.listNamespacedSecret({
      namespace: 'payments',
      labelSelector: 'app.kubernetes.io/managed-by=backstage-secrets',
    });
    return {
      rows: await dumpTables(knex),
      vaultVersion: metadata.data.current_version as number,
      secrets: secrets.items
        .filter(s => s.metadata!.name!.startsWith(SECRET))
        .map(s => `${s.metadata!.name}@${s.metadata!.resourceVersion}`),
    };
  }

  /** payments-api's mapping of VAULT_PATH, created and synced by an admin. */
  async function syncedMapping(): Promise<string> {
    const created = await as('admin')(server().post(`${ENTITY}/mappings`)).send(
      { spec: mappingSpec(SECRET) },
    );
    const synced = await as('admin')(
      server().post(`${BASE}/mappings/${created.body.id}/sync`),
    );
    if (synced.body.status?.[0]?.status !== 'Synced')
      throw new Error(`setup: ${created.status} ${synced.text}`);
    return created.body.id;
  }

  beforeAll(async () => {
    knex = await databases.init(sqlite);
    backend = await startApiBackend({ knex });
    core = adminCoreApi(backend.info);
    await writeVaultData(backend.info, VAULT_PATH, { password: VALUES[0] });
    await writeVaultData(backend.info, VAULT_PATH, { password: VALUES[1] });
    mappingId = await syncedMapping();
  });

  it('has a case for every operation of the contract, and none it lacks', () => {
    expect(Object.keys(CASES).sort()).toEqual(contractOperations().sort());
  });

  const routes = Object.entries(CASES);

  it.each(routes)(
    '%s as a non-owner: as the table says, and a refusal changes nothing',
    async (_route, { call, nonOwner }) => {
      const before = await world();
      const res = await call(as('nonOwner'), mappingId, before.vaultVersion);
      const refused = nonOwner === 403;
      expect({
        status: res.status,
        error: res.body?.error?.name,
        message: res.body?.error?.message,
        // A refusal changes nothing; what an allowed read does is not this test's business.
        after: refused ? await world() : before,
        leaked: VALUES.filter(v => res.text.includes(v)),
      }).toEqual({
        status: nonOwner,
        error: refused ? 'NotAllowedError' : undefined,
        message: refused ? REFUSAL : undefined,
        after: before,
        leaked: [],
      });
    },
  );

  it.each(routes)(
    '%s signed out: 401 (only the liveness probe answers), and nothing changes',
    async (route, { call }) => {
      const before = await world();
      const res = await call(
        as('unauthenticated'),
        mappingId,
        before.vaultVersion,
      );
      const open = route === 'GET /health';
      expect({
        status: res.status,
        error: res.body?.error?.name,
        after: open ? before : await world(),
      }).toEqual({
        status: open ? 200 : 401,
        error: open ? undefined : 'AuthenticationError',
        after: before,
      });
    },
  );

  afterAll(async () => {
    await as('admin')(server().delete(`${BASE}/mappings/${mappingId}`));
  });
});
