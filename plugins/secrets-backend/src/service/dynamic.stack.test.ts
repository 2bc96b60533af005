import { randomBytes, X509Certificate } from 'node:crypto';
import { adminApi, adminCoreApi } from '../__testUtils__/stackAdmin';
import * as k8s from '@kubernetes/client-node';
import knexFactory, { type Knex } from 'knex';
import request from 'supertest';
import { loggedText } from '../__testUtils__/recordingLogger';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { RESTARTED_AT_ANNOTATION } from '../kubernetes';
import { startTcpProxy } from '../__testUtils__/tcpProxy';
import { root, sleep } from '../vault/__testUtils__/vaultStack';
import {
  callers,
  dumpTables,
  paymentsKvSpec,
  startApiBackend,
} from './__testUtils__/apiBackend';

jest.setTimeout(180_000);

const { databases, ids } = createTestDatabases();
const postgres = ids.find(id => id.startsWith('POSTGRES'))!;
const BASE = '/api/secrets';

/**
 * Dynamic mappings against the real stack: Vault's database engine issuing PostgreSQL
 * logins and its PKI engine issuing certificates, into Secrets in the real API server.
 * The plugin's own database is PostgreSQL too, as leases must outlive the process.
 */
describe('dynamic mappings', () => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;
  const run = randomBytes(3).toString('hex');
  const dbRole = `payments-${run}`;
  const pkiRole = `payments-tls-${run}`;
  const deployment = `dyn-${run}`;
  const responses: string[] = [];
  /** Every credential and private key the engine wrote, to search outputs for. */
  const issued = new Set<string>();

  const vault = (method: string, p: string, body?: unknown) =>
    root(backend.info, method, p, body);
  const api = async (
    method: 'get' | 'post' | 'put' | 'delete',
    url: string,
    body?: object,
    who: keyof typeof callers = 'member',
  ) => {
    const res = await request(backend.server)
      [method](`${BASE}${url}`)
      .set('authorization', callers[who])
      .send(body);
    responses.push(JSON.stringify({ body: res.body, text: res.text }));
    return res;
  };
  const secret = async (name: string) => {
    const s = await core.readNamespacedSecret({ name, namespace: 'payments' });
    const data = Object.fromEntries(
      Object.entries(s.data ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString(),
      ]),
    );
    Object.values(data).forEach(v => issued.add(v.trim()));
    return { type: s.type, data };
  };
  const restartedAt = async () =>
    (
      await apps.readNamespacedDeployment({
        name: deployment,
        namespace: 'payments',
      })
    ).spec!.template.metadata!.annotations?.[RESTARTED_AT_ANNOTATION];
  const roleExists = async (name: string) =>
    (await knex.raw('select 1 from pg_roles where rolname = ?', [name])).rows
      .length > 0;
  const events = async (id: string) =>
    (await api('get', `/mappings/${id}/events`)).body.items as {
      type: string;
      reason: string;
      message: string;
    }[];
  /** Waits until the engine's next action on the lease is due, then syncs now. */
  const syncWhenDue = async (id: string) => {
    const view = (await api('get', `/mappings/${id}`)).body;
    const wait = Date.parse(view.dynamic.nextActionAt) - Date.now();
    if (wait > 0) await sleep(wait + 50);
    const res = await api('post', `/mappings/${id}/sync`);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Lease ids are handles to live credentials: kept in the database, shown nowhere else. */
  const leaseIds = new Set<string>();
  const leaseRow = async (mappingId: string) => {
    const row = await knex('secrets_dynamic_leases')
      .where({ current_for: mappingId })
      .first();
    if (row?.lease_id) leaseIds.add(row.lease_id);
    return row;
  };
  /** The backend's own scheduler may run the due cycle first: poll for the outcome. */
  const eventually = async <T>(
    check: () => Promise<T | undefined>,
    tries = 100,
  ) => {
    for (let i = 0; i < tries; i++) {
      const value = await check();
      if (value) return value;
      await sleep(200);
    }
    throw new Error('condition not met within 20s');
  };
  /** The mapping once its first values are issued, whoever ran the sync. */
  const issuedView = async (id: string) => {
    await api('post', `/mappings/${id}/sync`);
    return eventually(async () => {
      const view = (await api('get', `/mappings/${id}`)).body;
      return view.dynamic ? view : undefined;
    });
  };
  const hasEvent = (id: string, type: string, reason?: string) =>
    eventually(async () =>
      (await events(id)).find(
        e => e.type === type && (reason === undefined || e.reason === reason),
      ),
    );

  /** A new backend process on the same database; what the old one logged is kept for the leak check. */
  const restart = async (extraStores?: Record<string, object>) => {
    responses.push(loggedText(backend.logger));
    await backend.stop();
    backend = await startApiBackend({ knex, extraStores });
  };

  beforeAll(async () => {
    knex = await databases.init(postgres);
    backend = await startApiBackend({ knex });
    core = adminCoreApi(backend.info);
    apps = adminApi(backend.info, k8s.AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'payments',
      body: {
        metadata: { name: deployment },
        spec: {
          selector: { matchLabels: { app: deployment } },
          template: {
            metadata: { labels: { app: deployment } },
            spec: {
              containers: [{ name: 'app', image: 'registry.invalid/app:1' }],
            },
          },
        },
      },
    });
    // Short lifetimes, so renewal and re-issue happen within the test.
    await vault('POST', `database/roles/${dbRole}`, {
      db_name: 'stack-postgres',
      creation_statements: [
        `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
      ],
      default_ttl: '8s',
      max_ttl: '20s',
    });
    // Long enough that only a revocation, not expiry, drops its roles during a test.
    await vault('POST', `database/roles/${dbRole}-long`, {
      db_name: 'stack-postgres',
      creation_statements: [
        `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
      ],
      default_ttl: '30s',
      max_ttl: '120s',
    });
    await vault('POST', `pki/roles/${pkiRole}`, {
      allowed_domains: ['payments.svc'],
      allow_subdomains: true,
      max_ttl: '1h',
    });
  });

  it('issues PostgreSQL credentials, renews the lease without changing them, re-issues near max TTL, and revokes on delete', async () => {
    const created = await api(
      'post',
      '/entities/component/default/payments-api/mappings',
      {
        spec: {
          store: 'local-kv2',
          dynamic: { engine: 'database', role: dbRole, renewAtPercent: 50 },
          target: {
            clusters: ['local'],
            namespace: 'payments',
            name: `db-${run}`,
            rolloutRestartTargets: [{ kind: 'Deployment', name: deployment }],
          },
        },
      },
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const first = await issuedView(id);
    expect(first.status[0]).toMatchObject({
      status: 'Synced',
      reason: 'Issued',
    });
    expect(first.dynamic).toMatchObject({
      engine: 'database',
      nextAction: 'renew',
      renewals: 0,
    });
    expect(JSON.stringify(first)).not.toMatch(/lease_id|leaseId/);
    const one = await secret(`db-${run}`);
    expect(Object.keys(one.data).sort()).toEqual(['password', 'username']);
    expect(await roleExists(one.data.username)).toBe(true);
    // The credentials work: PostgreSQL accepts them.
    const conn = knex.client.config.connection as Knex.PgConnectionConfig;
    const asApp = knexFactory({
      client: 'pg',
      connection: {
        host: conn.host,
        port: conn.port,
        database: 'postgres',
        user: one.data.username,
        password: one.data.password,
      },
    });
    try {
      const who = await asApp.raw('select current_user as name');
      expect(who.rows[0].name).toBe(one.data.username);
    } finally {
      await asApp.destroy();
    }
    const restartAfterIssue = await restartedAt();
    expect(restartAfterIssue).toBeDefined();

    // Renewal: the lease is extended in Vault; the Secret and the workload stay as they are.
    const lease = await leaseRow(id);
    await syncWhenDue(id);
    await eventually(async () => (await leaseRow(id)).renewals >= 1);
    expect((await leaseRow(id)).lease_id).toBe(lease.lease_id);
    const lookup = await vault('POST', 'sys/leases/lookup', {
      lease_id: lease.lease_id,
    });
    expect(lookup.data.ttl).toBeGreaterThan(4);
    expect((await secret(`db-${run}`)).data).toEqual(one.data);
    expect(await restartedAt()).toBe(restartAfterIssue);
    expect(await hasEvent(id, 'Renewed', 'LeaseRenewed')).toBeDefined();

    // A restart of the backend keeps the lease: the new process renews the same one.
    const renewalsBefore = (await leaseRow(id)).renewals;
    await restart();
    await syncWhenDue(id);
    await eventually(
      async () => (await leaseRow(id)).renewals > renewalsBefore,
    );
    expect((await leaseRow(id)).lease_id).toBe(lease.lease_id);
    expect((await secret(`db-${run}`)).data).toEqual(one.data);

    // Renew until Vault caps the lease at max TTL; new credentials follow before it ends.
    for (let i = 0; i < 8; i++) {
      if ((await leaseRow(id)).lease_id !== lease.lease_id) break;
      await syncWhenDue(id);
    }
    const ending = await hasEvent(id, 'Issued', 'LeaseEnding');
    expect(ending.message).toMatch(
      new RegExp(
        `^Credentials from database/creds/${dbRole} issued before the lease reaches its max TTL`,
      ),
    );
    const two = await secret(`db-${run}`);
    expect(two.data.username).not.toBe(one.data.username);
    expect(await roleExists(two.data.username)).toBe(true);
    expect(await restartedAt()).not.toBe(restartAfterIssue);
    const history = await events(id);
    expect(history.map(e => e.type)).toEqual(
      expect.arrayContaining(['Issued', 'Renewed', 'Restarted']),
    );

    // Revoked out of band: the next renewal finds the lease gone and issues new credentials.
    const current = await leaseRow(id);
    await vault('POST', 'sys/leases/revoke', { lease_id: current.lease_id });
    expect(await roleExists(two.data.username)).toBe(false);
    await syncWhenDue(id);
    await hasEvent(id, 'Issued', 'LeaseExpired');
    const three = await secret(`db-${run}`);
    expect(three.data.username).not.toBe(two.data.username);

    // Deleting the mapping revokes its lease: PostgreSQL no longer has the role.
    const deleted = await api('delete', `/mappings/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.lease).toEqual({ outcome: 'revoked' });
    expect(await roleExists(three.data.username)).toBe(false);
    expect(
      await knex('secrets_dynamic_leases').where({ mapping_id: id }),
    ).toEqual([]);
  });

  it('re-issues on request of an owner: new credentials at once, the replaced lease revoked', async () => {
    const created = await api(
      'post',
      '/entities/component/default/payments-api/mappings',
      {
        spec: {
          store: 'local-kv2',
          dynamic: { engine: 'database', role: `${dbRole}-long` },
          target: {
            clusters: ['local'],
            namespace: 'payments',
            name: `db-reissue-${run}`,
          },
        },
      },
    );
    const id = created.body.id as string;
    await issuedView(id);
    const before = await secret(`db-reissue-${run}`);
    expect(
      (await api('post', `/mappings/${id}/reissue`, {}, 'nonOwner')).status,
    ).toBe(403);
    expect((await secret(`db-reissue-${run}`)).data).toEqual(before.data);

    const res = await api('post', `/mappings/${id}/reissue`);
    expect(res.status).toBe(200);
    await hasEvent(id, 'Issued', 'ReissueRequested');
    const after = await secret(`db-reissue-${run}`);
    expect(after.data.username).not.toBe(before.data.username);
    expect(await roleExists(after.data.username)).toBe(true);
    // The next cycle (here: another sync) revokes the replaced lease, long before it
    // would expire: PostgreSQL drops the old role.
    await api('post', `/mappings/${id}/sync`);
    expect(await roleExists(before.data.username)).toBe(false);
    expect(
      backend.audits.some(
        a => a.eventId === 'secret-reissue' && a.outcome === 'succeeded',
      ),
    ).toBe(true);
    await api('delete', `/mappings/${id}`);
  });

  it('keeps the Secret while Vault is unreachable, says why, and renews once Vault is back', async () => {
    const proxy = await startTcpProxy(backend.info.vault.addr);
    try {
      await restart({
        'via-proxy': {
          server: proxy.url,
          caFile: backend.info.vault.caFile,
          mount: 'secret',
          auth: { token: { value: backend.info.vault.engine.token } },
          allowedPaths: [{ prefix: '{{ system }}' }],
          dynamicRoles: [{ path: 'database/creds/{{ system }}-*' }],
        },
      });
      const created = await api(
        'post',
        '/entities/component/default/payments-api/mappings',
        {
          spec: {
            store: 'via-proxy',
            dynamic: {
              engine: 'database',
              role: `${dbRole}-long`,
              renewAtPercent: 10,
            },
            target: {
              clusters: ['local'],
              namespace: 'payments',
              name: `db-outage-${run}`,
            },
          },
        },
      );
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      await issuedView(id);
      await leaseRow(id);
      const before = await secret(`db-outage-${run}`);
      const ticker = (
        await api('post', '/entities/component/default/payments-api/mappings', {
          spec: paymentsKvSpec(`ticker-${run}`),
        })
      ).body.id as string;

      await proxy.cut();
      await syncWhenDue(id);
      const failed = await eventually(async () => {
        const view = (await api('get', `/mappings/${id}`)).body;
        return view.status[0].status === 'SyncedError' ? view : undefined;
      });
      expect(failed.status[0].reason).toBe('VaultUnreachable');
      expect((await secret(`db-outage-${run}`)).data).toEqual(before.data);

      await proxy.restore();
      await api('post', `/mappings/${id}/sync`);
      await hasEvent(id, 'Renewed', 'LeaseRenewed');
      const after = await eventually(async () => {
        const view = (await api('get', `/mappings/${id}`)).body;
        return view.status[0].status === 'Synced' ? view : undefined;
      });
      expect(after.dynamic.renewals).toBeGreaterThanOrEqual(1);
      expect((await secret(`db-outage-${run}`)).data).toEqual(before.data);
      expect(await roleExists(before.data.username)).toBe(true);

      // Deleted while Vault is down: the lease waits, and is revoked once Vault answers.
      await proxy.cut();
      const deleted = await api('delete', `/mappings/${id}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body.lease).toEqual({
        outcome: 'pending',
        message: 'Vault could not revoke the lease now; the engine retries',
      });
      expect(await roleExists(before.data.username)).toBe(true);
      await proxy.restore();
      // Test backends run no scheduled cycles: after the retry backoff (5 s), any sync
      // runs the cycle that retries the revocation.
      await sleep(5500);
      expect((await api('post', `/mappings/${ticker}/sync`)).status).toBe(200);
      await eventually(
        async () =>
          (
            await knex('secrets_dynamic_leases').where({ mapping_id: id })
          ).length === 0
            ? true
            : undefined,
        200,
      );
      // Revoked, not expired: the lease still had most of its 30 s to run.
      expect(await roleExists(before.data.username)).toBe(false);
    } finally {
      await proxy.close();
    }
  });

  it('issues new credentials before the token of a stopped engine takes its lease along', async () => {
    // AppRole tokens that live 15 s: a stopped engine's token, no longer renewed, ends soon.
    const role = `short-${run}`;
    await vault('POST', `auth/approle/role/${role}`, {
      token_policies: ['backstage-secrets-engine'],
      token_ttl: '15s',
      token_max_ttl: '10m',
    });
    const roleId = (await vault('GET', `auth/approle/role/${role}/role-id`))
      .data.role_id;
    const secretId = (
      await vault('POST', `auth/approle/role/${role}/secret-id`, {})
    ).data.secret_id;
    const extraStores = {
      'short-token': {
        server: backend.info.vault.addr,
        caFile: backend.info.vault.caFile,
        mount: 'secret',
        auth: { appRole: { path: 'approle', roleId, secretId } },
        allowedPaths: [{ prefix: '{{ system }}' }],
        dynamicRoles: [{ path: 'database/creds/{{ system }}-*' }],
      },
    };
    await restart(extraStores);
    const created = await api(
      'post',
      '/entities/component/default/payments-api/mappings',
      {
        spec: {
          store: 'short-token',
          dynamic: {
            engine: 'database',
            role: `${dbRole}-long`,
            renewAtPercent: 90,
          },
          target: {
            clusters: ['local'],
            namespace: 'payments',
            name: `db-token-${run}`,
          },
        },
      },
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await issuedView(id);
    expect((await leaseRow(id)).token_accessor).toEqual(expect.any(String));
    const before = await secret(`db-token-${run}`);

    // The engine stops: its token is no longer renewed, and Vault would revoke the lease
    // with it. The next engine notices and issues new credentials first.
    await restart(extraStores);
    for (let i = 0; i < 10; i++) {
      const history = await events(id);
      if (history.some(e => e.reason === 'IssuerTokenEnding')) break;
      await syncWhenDue(id);
    }
    await hasEvent(id, 'Issued', 'IssuerTokenEnding');
    const after = await secret(`db-token-${run}`);
    expect(after.data.username).not.toBe(before.data.username);
    // The old token expires and takes the old lease along; the new credentials stay.
    await eventually(
      async () => ((await roleExists(before.data.username)) ? undefined : true),
      150,
    );
    expect(await roleExists(after.data.username)).toBe(true);
    expect((await api('delete', `/mappings/${id}`)).body.lease).toEqual({
      outcome: 'revoked',
    });
  });

  it('issues a certificate into a kubernetes.io/tls Secret and issues the next one before expiry', async () => {
    const created = await api(
      'post',
      '/entities/component/default/payments-api/mappings',
      {
        spec: {
          store: 'local-kv2',
          dynamic: {
            engine: 'pki',
            role: pkiRole,
            commonName: 'api.payments.svc',
            altNames: ['www.api.payments.svc'],
            ttl: '40s',
            renewBefore: '34s',
          },
          target: {
            clusters: ['local'],
            namespace: 'payments',
            name: `tls-${run}`,
          },
        },
      },
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const first = await issuedView(id);
    expect(first.status[0].reason).toBe('Issued');
    const one = await secret(`tls-${run}`);
    expect(one.type).toBe('kubernetes.io/tls');
    expect(Object.keys(one.data).sort()).toEqual([
      'ca.crt',
      'tls.crt',
      'tls.key',
    ]);
    const cert = new X509Certificate(one.data['tls.crt']);
    expect(cert.subject).toContain('CN=api.payments.svc');
    expect(cert.checkIssued(new X509Certificate(one.data['ca.crt']))).toBe(
      true,
    );
    const lifetime = Date.parse(cert.validTo) - Date.now();
    expect(lifetime).toBeLessThan(41_000);
    expect(first.dynamic).toMatchObject({
      engine: 'pki',
      nextAction: 'reissue',
      serialNumber: expect.stringMatching(/^[0-9a-f:]+$/),
    });
    expect(Date.parse(first.dynamic.expiresAt)).toBe(Date.parse(cert.validTo));

    await syncWhenDue(id);
    await hasEvent(id, 'Issued', 'CertificateExpiring');
    const two = await secret(`tls-${run}`);
    const renewed = new X509Certificate(two.data['tls.crt']);
    expect(renewed.serialNumber).not.toBe(cert.serialNumber);
    const view = (await api('get', `/mappings/${id}`)).body;
    expect(view.dynamic.serialNumber).not.toBe(first.dynamic.serialNumber);
    expect(two.data['tls.key']).not.toBe(one.data['tls.key']);
  });

  it('refuses roles the store does not allow, mixed sources and non-owners', async () => {
    const post = (spec: object, who: keyof typeof callers = 'member') =>
      api(
        'post',
        '/entities/component/default/payments-api/mappings',
        { spec },
        who,
      );
    const target = {
      clusters: ['local'],
      namespace: 'payments',
      name: `x-${run}`,
    };
    const outside = await post({
      store: 'local-kv2',
      dynamic: { engine: 'database', role: 'search-app' },
      target,
    });
    expect(outside.status).toBe(403);
    expect(outside.body.issues).toEqual([
      {
        path: 'spec.dynamic.role',
        message:
          '"database/creds/search-app" is not a role store "local-kv2" allows for this entity (allowed: "database/creds/payments-*", "pki/issue/payments-*"; secrets.stores.local-kv2.dynamicRoles)',
      },
    ]);
    const mixed = await post({
      store: 'local-kv2',
      dynamic: { engine: 'pki', role: pkiRole },
      data: [{ secretKey: 'a', remoteRef: { key: 'payments/payments-api' } }],
      target: { ...target, clusters: ['local', 'other'] },
    });
    expect(mixed.status).toBe(400);
    // Several clusters are no longer an issue for a dynamic mapping (one lease for all).
    expect(
      mixed.body.issues.map((i: { path: string }) => i.path).sort(),
    ).toEqual(['spec.dynamic', 'spec.dynamic.commonName']);
    // Allowed by the store, refused by Vault's role: the status says so, nothing is written.
    const refused = await post({
      store: 'local-kv2',
      dynamic: { engine: 'pki', role: pkiRole, commonName: 'api.example.com' },
      target: { ...target, name: `refused-${run}` },
    });
    expect(refused.status).toBe(201);
    const synced = await api('post', `/mappings/${refused.body.id}/sync`);
    expect(synced.body.status[0]).toMatchObject({
      status: 'SyncedError',
      reason: 'VaultRejected',
      message: expect.stringMatching(
        /api\.example\.com not allowed by this role/,
      ),
    });
    await expect(
      core.readNamespacedSecret({
        name: `refused-${run}`,
        namespace: 'payments',
      }),
    ).rejects.toThrow();
    await api('delete', `/mappings/${refused.body.id}`);
    const stranger = await post(
      {
        store: 'local-kv2',
        dynamic: { engine: 'database', role: dbRole },
        target,
      },
      'nonOwner',
    );
    expect(stranger.status).toBe(403);
    expect(
      await knex('secrets_mappings').where('spec', 'like', `%x-${run}%`),
    ).toEqual([]);
  });

  it('lets no credential or private key escape into responses, logs, audit events or rows', async () => {
    expect(issued.size).toBeGreaterThan(4);
    const outputs = [
      ...responses,
      loggedText(backend.logger),
      JSON.stringify(backend.audits),
      await dumpTables(knex),
    ].join('\n');
    const shown = [
      ...responses,
      loggedText(backend.logger),
      JSON.stringify(backend.audits),
    ].join('\n');
    expect(leaseIds.size).toBeGreaterThanOrEqual(2);
    for (const id of leaseIds) expect(shown.includes(id)).toBe(false);
    for (const value of issued) {
      if (value.length < 8) continue;
      // Usernames are not secret (PostgreSQL lists them); passwords and keys are.
      if (/^v-/.test(value)) continue;
      expect(outputs.includes(value)).toBe(false);
    }
  });
});
