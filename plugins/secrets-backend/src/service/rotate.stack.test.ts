import { randomBytes } from 'node:crypto';
import { adminCoreApi } from '../__testUtils__/stackAdmin';
import * as k8s from '@kubernetes/client-node';
import type { Knex } from 'knex';
import request from 'supertest';
import { loggedText } from '../__testUtils__/recordingLogger';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  dumpTables,
  startApiBackend,
} from './__testUtils__/apiBackend';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const sqlite = ids.find(id => id.startsWith('SQLITE'))!;
const BASE = '/api/secrets';

/**
 * Rotation against the real Vault and API server: a new KV v2 version written with
 * check-and-set, every consuming Secret (of any entity) updated, the generated value in no
 * response, log line, audit event or DB row.
 */
describe('rotating a Vault secret', () => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;
  let core: k8s.CoreV1Api;
  const run = randomBytes(3).toString('hex');
  const path = `payments/rotate/${run}`;
  const responses: string[] = [];

  const vault = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${backend.info.vault.addr}/v1/${p}`, {
      method,
      headers: { 'x-vault-token': backend.info.vault.rootToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  };
  const secretValue = async (name: string, key: string) => {
    const s = await core.readNamespacedSecret({ name, namespace: 'payments' });
    return Buffer.from(s.data![key], 'base64').toString();
  };
  const createMapping = async (
    entity: string,
    name: string,
    who: keyof typeof callers,
    key = path,
  ) => {
    const res = await request(backend.server)
      .post(`${BASE}/entities/component/default/${entity}/mappings`)
      .set('authorization', callers[who])
      .send({
        spec: {
          store: 'local-kv2',
          data: [
            {
              secretKey: 'password',
              remoteRef: { key, property: 'password' },
            },
          ],
          target: {
            clusters: ['local'],
            namespace: entity === 'payments-api' ? 'payments' : 'shared',
            name,
          },
        },
      });
    expect(res.status).toBe(201);
    await request(backend.server)
      .post(`${BASE}/mappings/${res.body.id}/sync`)
      .set('authorization', callers.admin);
    return res.body.id as string;
  };
  const rotate = async (
    id: string,
    body: object,
    who: keyof typeof callers = 'member',
  ) => {
    const res = await request(backend.server)
      .post(`${BASE}/mappings/${id}/rotate`)
      .set('authorization', callers[who])
      .send(body);
    responses.push(
      JSON.stringify({ status: res.status, body: res.body, text: res.text }),
    );
    return res;
  };

  beforeAll(async () => {
    knex = await databases.init(sqlite);
    backend = await startApiBackend({ knex });
    core = adminCoreApi(backend.info);
    await vault('POST', `secret/data/${path}`, {
      data: { password: 'initial-value', user: 'app' },
    });
  });

  it('writes a new version, keeps other properties, and updates every consuming Secret', async () => {
    const id = await createMapping('payments-api', `rotate-${run}`, 'member');
    // A second consumer of the same path, in another Secret.
    const other = await createMapping(
      'payments-api',
      `rotate-copy-${run}`,
      'member',
    );
    expect(await secretValue(`rotate-${run}`, 'password')).toBe(
      'initial-value',
    );

    // Written outside the product: refused until the owner confirms.
    const unconfirmed = await rotate(id, {
      key: path,
      expectedVersion: 1,
      generate: { password: {} },
    });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.error.message).toMatch(
      /was not written by Backstage Secrets/,
    );

    const res = await rotate(id, {
      key: path,
      expectedVersion: 1,
      generate: { password: { length: 32, symbols: 0 } },
      confirmUnmanaged: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      store: 'local-kv2',
      key: path,
      previousVersion: 1,
      version: 2,
      properties: ['password'],
    });
    expect(
      res.body.consumers.map((c: { mappingId: string }) => c.mappingId).sort(),
    ).toEqual([id, other].sort());
    for (const c of res.body.consumers)
      expect(c.secrets[0]).toMatchObject({
        status: 'Synced',
        reason: 'Updated',
      });

    const stored = await vault('GET', `secret/data/${path}`);
    const generated = stored.data.data.password as string;
    expect(generated).toHaveLength(32);
    expect(stored.data.data.user).toBe('app');
    expect(stored.data.metadata.version).toBe(2);
    expect(
      (await vault('GET', `secret/metadata/${path}`)).data.custom_metadata,
    ).toEqual({ 'managed-by': 'backstage-secrets' });
    expect(await secretValue(`rotate-${run}`, 'password')).toBe(generated);
    expect(await secretValue(`rotate-copy-${run}`, 'password')).toBe(generated);

    // A stale version is refused with both versions named, and nothing is written.
    const stale = await rotate(id, {
      key: path,
      expectedVersion: 1,
      values: { password: 'owner-supplied-canary' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(
      /is at version 2, not the version 1 you saw/,
    );
    expect(
      (await vault('GET', `secret/metadata/${path}`)).data.current_version,
    ).toBe(2);

    // An owner-supplied value: written, never echoed.
    const supplied = `owner-canary-${randomBytes(6).toString('hex')}`;
    const given = await rotate(id, {
      key: path,
      expectedVersion: 2,
      values: { password: supplied },
    });
    expect(given.status).toBe(200);
    expect(await secretValue(`rotate-${run}`, 'password')).toBe(supplied);

    const outputs = {
      responses: responses.join('\n'),
      logs: loggedText(backend.logger),
      audits: JSON.stringify(backend.audits),
      database: await dumpTables(knex),
    };
    for (const [where, text] of Object.entries(outputs)) {
      for (const value of [generated, supplied, 'initial-value']) {
        expect({ where, found: text.includes(value) }).toEqual({
          where,
          found: false,
        });
      }
    }
    expect(
      backend.audits.filter(
        a => a.eventId === 'secret-rotate' && a.outcome === 'succeeded',
      ),
    ).toHaveLength(2);
  });

  it('lists versions with what each cluster synced, and rolls back as a new version', async () => {
    const name = `rotate-rollback-${run}`;
    const id = await createMapping('payments-api', name, 'member');
    const list = await request(backend.server)
      .get(`${BASE}/mappings/${id}/versions`)
      .query({ key: path })
      .set('authorization', callers.nonOwner);
    expect(list.status).toBe(200);
    const current = list.body.currentVersion as number;
    expect(list.body).toMatchObject({
      store: 'local-kv2',
      key: path,
      managed: true,
    });
    expect(
      list.body.versions.map((v: { version: number }) => v.version),
    ).toEqual(Array.from({ length: current }, (_, i) => current - i));
    expect(list.body.synced).toEqual([{ cluster: 'local', version: current }]);
    expect(JSON.stringify(list.body)).not.toContain('initial-value');

    const res = await request(backend.server)
      .post(`${BASE}/mappings/${id}/rollback`)
      .set('authorization', callers.member)
      .send({ key: path, version: 1, expectedVersion: current });
    responses.push(JSON.stringify(res.body));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      previousVersion: current,
      version: current + 1,
    });
    expect(await secretValue(name, 'password')).toBe('initial-value');
    expect(JSON.stringify(res.body)).not.toContain('initial-value');
    const stale = await request(backend.server)
      .post(`${BASE}/mappings/${id}/rollback`)
      .set('authorization', callers.member)
      .send({ key: path, version: 1, expectedVersion: current });
    expect(stale.status).toBe(409);
    const denied = await request(backend.server)
      .post(`${BASE}/mappings/${id}/rollback`)
      .set('authorization', callers.nonOwner)
      .send({ key: path, version: 1, expectedVersion: current + 1 });
    expect(denied.status).toBe(403);
  });

  it('shows rotation due once a synced version is older than maxAge, and not after a rotation', async () => {
    const create = await request(backend.server)
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
          target: {
            clusters: ['local'],
            namespace: 'payments',
            name: `rotate-age-${run}`,
          },
          maxAge: '3s',
        },
      });
    expect(create.status).toBe(201);
    const id = create.body.id;
    const sync = await request(backend.server)
      .post(`${BASE}/mappings/${id}/sync`)
      .set('authorization', callers.member);
    expect(sync.body.status[0].syncedVersions[0]).toEqual({
      key: path,
      version: expect.any(Number),
      createdTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const ageOf = async () =>
      (
        await request(backend.server)
          .get(`${BASE}/mappings/${id}`)
          .set('authorization', callers.member)
      ).body.status[0];
    // The version in Vault was written by the tests before: old enough once 3 s have passed.
    await new Promise(r => setTimeout(r, 3200));
    expect((await ageOf()).rotationDue).toBe(true);
    const failing = await request(backend.server)
      .get(`${BASE}/audit/failing`)
      .set('authorization', callers.admin);
    expect(
      failing.body.items.find(
        (i: { mapping: { id: string } }) => i.mapping.id === id,
      ),
    ).toMatchObject({ rotationDue: true });

    const version = (await vault('GET', `secret/metadata/${path}`)).data
      .current_version;
    const rotated = await rotate(id, {
      key: path,
      expectedVersion: version,
      generate: { password: {} },
    });
    expect(rotated.status).toBe(200);
    expect((await ageOf()).rotationDue).toBe(false);
  });

  it('pushes a new secret from the portal, then refuses a second create and foreign paths', async () => {
    const pushed = `payments/pushed-${run}`;
    const value = `pushed-canary-${randomBytes(6).toString('hex')}`;
    const push = (body: object, who: keyof typeof callers = 'member') =>
      request(backend.server)
        .post(`${BASE}/entities/component/default/payments-api/secrets:push`)
        .set('authorization', callers[who])
        .send(body);
    const body = {
      store: 'local-kv2',
      key: pushed,
      values: { token: value },
      expectedVersion: 0,
    };
    const created = await push(body);
    responses.push(JSON.stringify(created.body));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      key: pushed,
      version: 1,
      properties: ['token'],
      consumers: [],
    });
    expect((await vault('GET', `secret/data/${pushed}`)).data.data).toEqual({
      token: value,
    });
    expect(
      (await vault('GET', `secret/metadata/${pushed}`)).data.custom_metadata,
    ).toEqual({ 'managed-by': 'backstage-secrets' });
    const again = await push(body);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(
      /changed while writing: you saw version 0/,
    );
    const foreign = await push({ ...body, key: `search/pushed-${run}` });
    expect(foreign.status).toBe(403);
    expect(foreign.body.issues[0].path).toBe('key');
    expect((await push(body, 'nonOwner')).status).toBe(403);
    // The shape (the OpenAPI document) is checked first, then the rules, each naming
    // every field it refuses.
    const badBody = { store: 'local-kv1', key: '../x', values: {} };
    const badShape = await push({ ...badBody, expectedVersion: -1 });
    expect(badShape.status).toBe(400);
    expect(badShape.body.issues).toEqual([
      { path: 'expectedVersion', message: 'must be at least 0' },
    ]);
    const bad = await push({ ...badBody, expectedVersion: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(
      ['key', 'store', 'values'],
    );
    for (const text of [
      JSON.stringify(created.body),
      loggedText(backend.logger),
      JSON.stringify(backend.audits),
      await dumpTables(knex),
    ])
      expect(text.includes(value)).toBe(false);
  });

  it('refuses non-owners, paths the mapping does not read, and bad generator specs', async () => {
    const id = await createMapping(
      'payments-api',
      `rotate-guard-${run}`,
      'member',
    );
    const version = (await vault('GET', `secret/metadata/${path}`)).data
      .current_version;
    expect(
      (
        await rotate(
          id,
          { key: path, expectedVersion: version, generate: { password: {} } },
          'nonOwner',
        )
      ).status,
    ).toBe(403);
    const other = await rotate(id, {
      key: 'payments/payments-api',
      expectedVersion: 1,
      generate: { password: {} },
    });
    expect(other.status).toBe(400);
    expect(other.body.issues).toEqual([
      {
        path: 'key',
        message:
          'must be a Vault path this mapping reads (data or dataFrom.extract)',
      },
    ]);
    const badShape = await rotate(id, {
      key: path,
      expectedVersion: version,
      generate: { password: { length: 4 } },
      values: { password: 'x' },
    });
    expect(badShape.status).toBe(400);
    expect(badShape.body.issues).toEqual([
      {
        path: 'generate["password"].length',
        message: expect.stringMatching(
          /^must be a whole number from \d+ to \d+$/,
        ),
      },
    ]);
    const bad = await rotate(id, {
      key: path,
      expectedVersion: version,
      generate: { password: { length: 16 } },
      values: { password: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path)).toEqual([
      'values["password"]',
    ]);
    expect(
      (await vault('GET', `secret/metadata/${path}`)).data.current_version,
    ).toBe(version);
  });

  it('never overwrites data written outside the product where the store does not allow it, even confirmed', async () => {
    // Inside the engine's Vault policy and the entity's read prefixes, but outside the
    // store's unmanagedRotationPaths (payments/rotate).
    const shared = `payments/foreign-${run}`;
    await vault('POST', `secret/data/${shared}`, {
      data: { password: 'someone-elses' },
    });
    const id = await createMapping(
      'payments-api',
      `rotate-shared-${run}`,
      'member',
      shared,
    );
    const res = await rotate(id, {
      key: shared,
      expectedVersion: 1,
      generate: { password: {} },
      confirmUnmanaged: true,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `${shared} was not written by Backstage Secrets and store "local-kv2" does not allow changing such data there (secrets.stores.local-kv2.unmanagedRotationPaths)`,
    );
    const meta = (await vault('GET', `secret/metadata/${shared}`)).data;
    expect(meta.current_version).toBe(1);
  });
});
