import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { MappingSpec } from '@backstage-secrets/plugin-secrets-common';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  callers,
  paymentsExternalSecret,
  snapshotTables,
  startApiBackend,
  type CallerName,
} from './__testUtils__/apiBackend';

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();

const BASE = '/api/secrets';
const ENTITY = `${BASE}/entities/component/default/payments-api/mappings`;
let counter = 0;
const uniqueName = () =>
  `api-access-${process.pid}-${Date.now().toString(36)}-${counter++}`;

const spec = (name = uniqueName()): MappingSpec => ({
  store: 'local-kv2',
  data: [
    {
      secretKey: 'db-user',
      remoteRef: { key: 'payments/payments-api', property: 'db_username' },
    },
  ],
  target: { clusters: ['local'], namespace: 'payments', name },
});

const ERROR_NAME: Record<number, string | undefined> = {
  401: 'AuthenticationError',
  403: 'NotAllowedError',
};

const externalSecret = (name: string) =>
  paymentsExternalSecret(
    name,
    'payments/payments-api',
    'db_username',
    'db-user',
  );

type Route =
  | 'create'
  | 'import'
  | 'update'
  | 'delete'
  | 'sync'
  | 'preview'
  | 'read';

/** What each caller gets from each route on payments-api (issue: owners mutate, others 403, anonymous 401). */
const EXPECTED: Record<CallerName, Record<Route, number>> = {
  owner: {
    create: 201,
    import: 201,
    update: 200,
    delete: 200,
    sync: 200,
    preview: 200,
    read: 200,
  },
  member: {
    create: 201,
    import: 201,
    update: 200,
    delete: 200,
    sync: 200,
    preview: 200,
    read: 200,
  },
  admin: {
    create: 201,
    import: 201,
    update: 200,
    delete: 200,
    sync: 200,
    preview: 200,
    read: 200,
  },
  nonOwner: {
    create: 403,
    import: 403,
    update: 403,
    delete: 403,
    sync: 403,
    preview: 403,
    read: 200,
  },
  service: {
    create: 403,
    import: 403,
    update: 403,
    delete: 403,
    sync: 403,
    preview: 403,
    read: 403,
  },
  grantedService: {
    create: 403,
    import: 403,
    update: 403,
    delete: 403,
    sync: 200,
    preview: 403,
    read: 200,
  },
  unauthenticated: {
    create: 401,
    import: 401,
    update: 401,
    delete: 401,
    sync: 401,
    preview: 401,
    read: 401,
  },
};

describe.each(ids)('mapping API access on %s', databaseId => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startApiBackend>>;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await startApiBackend({ knex });
  });
  // startTestBackend stops its backends after the suite.

  /** A mapping made by an admin, for the routes that act on one. */
  async function existing(): Promise<{ id: string; revision: number }> {
    const res = await request(backend.server)
      .post(ENTITY)
      .set('authorization', callers.admin)
      .send({ spec: spec() });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** The route as `who`; routes on one mapping act on `m`. */
  function call(
    route: Route,
    who: CallerName,
    m?: { id: string; revision: number },
  ) {
    const auth = callers[who];
    const server = request(backend.server);
    const one = `${BASE}/mappings/${m?.id}`;
    switch (route) {
      case 'create':
        return server
          .post(ENTITY)
          .set('authorization', auth)
          .send({ spec: spec() });
      case 'import':
        return server
          .post(`${ENTITY}:import`)
          .set('authorization', auth)
          .send({ yaml: externalSecret(uniqueName()) });
      case 'preview':
        return server
          .post(`${BASE}/mappings/preview`)
          .set('authorization', auth)
          .send({ entityRef: 'component:default/payments-api', spec: spec() });
      case 'read':
        return server.get(one).set('authorization', auth);
      case 'update':
        return server
          .put(one)
          .set('authorization', auth)
          .send({ spec: spec(), revision: m!.revision });
      case 'delete':
        return server.delete(one).set('authorization', auth);
      default:
        return server.post(`${one}/sync`).set('authorization', auth);
    }
  }

  const cases = (Object.keys(EXPECTED) as CallerName[]).flatMap(who =>
    (Object.keys(EXPECTED[who]) as Route[]).map(
      route => [route, who, EXPECTED[who][route]] as const,
    ),
  );

  it.each(cases)(
    '%s as %s → %i, and nothing changes on refusal',
    async (route, who, status) => {
      // The mapping acted on is setup: the snapshot is taken after it exists.
      const m =
        route === 'create' || route === 'preview'
          ? undefined
          : await existing();
      const before = await snapshotTables(knex);
      const res = await call(route, who, m);
      // Only refusals must leave the tables as they were.
      const unchanged = status < 400 || (await snapshotTables(knex)) === before;
      expect({
        status: res.status,
        error: res.body.error?.name,
        unchanged,
      }).toEqual({
        status,
        error: ERROR_NAME[status],
        unchanged: true,
      });
    },
  );

  it('sync now waits for the sync and answers with the fresh status', async () => {
    const m = await existing();
    const res = await call('sync', 'member', m);
    expect(res.status).toBe(200);
    expect(res.body.status).toEqual([
      expect.objectContaining({ cluster: 'local', status: 'Synced' }),
    ]);
  });

  it('previews key names and versions, never values', async () => {
    const res = await call('preview', 'owner');
    expect(res.body).toEqual({
      reads: [
        {
          key: 'payments/payments-api',
          version: expect.any(Number),
          createdTime: expect.any(String),
        },
      ],
      secretKeys: ['db-user'],
      type: 'Opaque',
    });
  });

  it('says why a non-owner is refused, naming the owners', async () => {
    const res = await call('create', 'nonOwner');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /user:default\/carol may not add mappings of component:default\/payments-api: only its owners \(group:default\/team-payments, user:default\/erin\) or secrets.admins may/,
    );
  });

  it("lists an entity's mappings with what the caller may do", async () => {
    await existing();
    const asMember = await request(backend.server)
      .get(ENTITY)
      .set('authorization', callers.member);
    expect(asMember.status).toBe(200);
    expect(asMember.body.access).toEqual({
      canEdit: true,
      owners: ['group:default/team-payments', 'user:default/erin'],
    });
    expect(asMember.body.items.length).toBeGreaterThan(0);
    const asOther = await request(backend.server)
      .get(ENTITY)
      .set('authorization', callers.nonOwner);
    expect(asOther.body.access.canEdit).toBe(false);
  });

  it('audits every change with the actor and outcome', async () => {
    const m = await existing();
    await call('create', 'nonOwner');
    const events = backend.audits.filter(a => a.eventId === 'mapping-create');
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          outcome: 'succeeded',
          meta: expect.objectContaining({ mappingId: m.id }),
        }),
        expect.objectContaining({
          outcome: 'failed',
          error: expect.stringMatching(/^NotAllowedError: user:default\/carol/),
        }),
      ]),
    );
  });
});

describe.each(ids)(
  'mapping API with a denying permission policy on %s',
  databaseId => {
    it('refuses even owners and admins: ownership is necessary, not sufficient', async () => {
      const knex = await databases.init(databaseId);
      const backend = await startApiBackend({
        knex,
        permissionResult: AuthorizeResult.DENY,
      });
      for (const who of ['owner', 'admin'] as const) {
        const before = await snapshotTables(knex);
        const res = await request(backend.server)
          .post(ENTITY)
          .set('authorization', callers[who])
          .send({ spec: spec() });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(
          /denied secrets.mapping.create on component:default\/payments-api by the permission policy/,
        );
        expect(await snapshotTables(knex)).toBe(before);
      }
    });
  },
);

describe.each(ids)(
  'mapping API with the permission framework on, on %s',
  databaseId => {
    it('follows the policy alone: one that grants a non-owner widens access', async () => {
      const knex = await databases.init(databaseId);
      const backend = await startApiBackend({
        knex,
        permissionsEnabled: true,
        permissionResult: AuthorizeResult.ALLOW,
      });
      const listed = await request(backend.server)
        .get(ENTITY)
        .set('authorization', callers.nonOwner);
      expect(listed.body.access.canEdit).toBe(true);
      const res = await request(backend.server)
        .post(ENTITY)
        .set('authorization', callers.nonOwner)
        .send({ spec: spec() });
      expect(res.status).toBe(201);
      // Guardrails still apply: the policy widens who may act, not what a mapping may read.
      const outside = await request(backend.server)
        .post(ENTITY)
        .set('authorization', callers.nonOwner)
        .send({
          spec: {
            ...spec(),
            data: [
              {
                secretKey: 'k',
                remoteRef: { key: 'search/search-api', property: 'p' },
              },
            ],
          },
        });
      expect(outside.status).toBe(403);
      expect(outside.body.issues[0].path).toBe('spec.data[0].remoteRef.key');
    });

    it('and one that denies narrows it, owners and admins included', async () => {
      const knex = await databases.init(databaseId);
      const backend = await startApiBackend({
        knex,
        permissionsEnabled: true,
        permissionResult: AuthorizeResult.DENY,
      });
      for (const who of ['owner', 'admin'] as const) {
        const res = await request(backend.server)
          .post(ENTITY)
          .set('authorization', callers[who])
          .send({ spec: spec() });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(/by the permission policy/);
      }
    });
  },
);
