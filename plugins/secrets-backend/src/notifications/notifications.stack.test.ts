import {
  coreServices,
  createServiceFactory,
  type SchedulerServiceTaskInvocationDefinition,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import {
  freePort,
  readStackInfo,
  stackKubernetesConfig,
} from '@internal/devstack';
import type { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { secretsPlugin } from '../plugin';
import { testEntities } from '../service/__testUtils__/apiBackend';
import { writeVaultData } from '../__testUtils__/stackAdmin';

/**
 * The notifier next to Backstage's real notifications backend, on the local Vault,
 * kube-apiserver and PostgreSQL: owners (group members, resolved by the notifications
 * backend from the entity) receive one notification when a mapping fails past the grace,
 * see it turn into "syncs again" when it recovers, never a duplicate across runs, and one
 * summary per store when a store's mappings all fail.
 */

jest.setTimeout(180_000);

const { databases, ids } = createTestDatabases();
const postgres = ids.find(id => id.startsWith('POSTGRES'))!;
const TASK = 'secrets-owner-notifications';
const tag = Date.now().toString(36);

const MEMBERS: Record<string, string[]> = {
  'group:default/team-payments': ['user:default/alice', 'user:default/bob'],
  'group:default/team-search': ['user:default/carol'],
  'group:default/platform-admins': ['user:default/dave'],
};

/** The API tests' catalog, with the membership relations the notifications backend follows. */
function entities(): Entity[] {
  return testEntities().map(e => {
    const ref = `${e.kind.toLocaleLowerCase('en-US')}:default/${
      e.metadata.name
    }`;
    if (e.kind === 'Group')
      return {
        ...e,
        relations: (MEMBERS[ref] ?? []).map(targetRef => ({
          type: 'hasMember',
          targetRef,
        })),
      };
    return e;
  });
}

const as = (user: string) =>
  mockCredentials.user.header(`user:default/${user}`);

describe('owner notifications with the notifications backend', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let notificationsDb: Knex;
  const tasks = new Map<
    string,
    SchedulerServiceTaskInvocationDefinition &
      Partial<SchedulerServiceTaskScheduleDefinition>
  >();
  const info = readStackInfo();
  const s = () => request(backend.server);
  const runNotifier = () =>
    tasks.get(TASK)!.fn(new AbortController().signal) as Promise<void>;
  const inbox = async (user: string) => {
    const res = await s()
      .get('/api/notifications/')
      .set('authorization', as(user));
    expect(res.status).toBe(200);
    return (res.body.notifications as any[]).filter(
      n => n.origin === 'plugin:secrets',
    );
  };
  const create = async (user: string, entity: string, spec: object) => {
    const res = await s()
      .post(`/api/secrets/entities/component/default/${entity}/mappings`)
      .set('authorization', as(user))
      .send({ spec });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const syncNow = (user: string, id: string) =>
    s().post(`/api/secrets/mappings/${id}/sync`).set('authorization', as(user));

  beforeAll(async () => {
    const secretsDb = await databases.init(postgres);
    notificationsDb = await databases.init(postgres);
    const byPlugin: Record<string, Knex> = {
      secrets: secretsDb,
      notifications: notificationsDb,
    };
    const appRole = {
      path: info.vault.engine.appRole.path,
      roleId: info.vault.engine.appRole.roleId,
      secretId: info.vault.engine.appRole.secretId,
    };
    // Nothing listens here: the store's mappings fail with a store-level reason.
    const deadPort = await freePort();
    // Tasks run when the test says, so each run of the notifier is one step of the test.
    const scheduler = mockServices.scheduler.mock({
      async scheduleTask(task) {
        tasks.set(task.id, task);
      },
      createScheduledTaskRunner: schedule => ({
        async run(task) {
          tasks.set(task.id, { ...schedule, ...task });
        },
      }),
    });
    backend = await startTestBackend({
      features: [
        secretsPlugin,
        notificationsPlugin,
        mockServices.rootConfig.factory({
          data: {
            // The notifications backend checks links against the app's address.
            app: { baseUrl: 'http://localhost:3000' },
            kubernetes: stackKubernetesConfig(info),
            secrets: {
              engine: { backoff: { initial: '1s', max: '5s' } },
              admins: ['group:default/platform-admins'],
              notifications: {
                grace: { failures: 2, duration: '1h' },
                summaryThreshold: 3,
              },
              stores: {
                'local-kv2': {
                  server: info.vault.addr,
                  caFile: info.vault.caFile,
                  mount: 'secret',
                  auth: { appRole },
                  allowedPaths: [{ prefix: '{{ system }}' }],
                },
                'down-kv': {
                  server: `http://127.0.0.1:${deadPort}`,
                  mount: 'secret',
                  requestTimeout: '2s',
                  auth: { appRole },
                  allowedPaths: [{ prefix: '{{ system }}' }],
                },
              },
            },
          },
        }),
        // Each plugin its own database, as in a real backend.
        createServiceFactory({
          service: coreServices.database,
          deps: { plugin: coreServices.pluginMetadata },
          factory: ({ plugin }) => ({
            getClient: async () => byPlugin[plugin.getId()] ?? secretsDb,
          }),
        }),
        catalogServiceMock.factory({ entities: entities() }),
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials) {
              const ref = (credentials.principal as { userEntityRef: string })
                .userEntityRef;
              const groups = Object.keys(MEMBERS).filter(g =>
                MEMBERS[g].includes(ref),
              );
              return {
                userEntityRef: ref,
                ownershipEntityRefs: [ref, ...groups],
              };
            },
          }),
        }),
        scheduler.factory,
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('tells the owners once past the grace, then once that it syncs again; never a value', async () => {
    expect(tasks.get(TASK)?.scope ?? 'global').toBe('global');
    const canary = `canary-${tag}-notification`;
    const path = `payments/notify-${tag}`;
    await writeVaultData(info, path, { other: canary });
    const name = `notify-${tag}`;
    const id = await create('alice', 'payments-api', {
      store: 'local-kv2',
      data: [
        { secretKey: 'token', remoteRef: { key: path, property: 'token' } },
      ],
      target: { clusters: ['local'], namespace: 'payments', name },
    });

    expect((await syncNow('alice', id)).body.status[0].status).toBe(
      'SyncedError',
    );
    await runNotifier();
    expect(await inbox('alice')).toEqual([]);

    await syncNow('alice', id);
    await runNotifier();
    await runNotifier();
    const [failed, ...more] = await inbox('alice');
    expect(more).toEqual([]);
    expect(failed.payload).toMatchObject({
      title: `Secret payments/${name} of payments-api is failing to sync`,
      link: '/catalog/default/component/payments-api/secrets',
      severity: 'high',
      topic: 'Secret sync failures',
      scope: `secrets:mapping:${id}:sync`,
    });
    expect(failed.payload.description).toContain(path);
    // Every member of the owning group, nobody else.
    expect(await inbox('bob')).toHaveLength(1);
    expect(await inbox('carol')).toEqual([]);

    await writeVaultData(info, path, { token: `t-${tag}`, other: canary });
    expect((await syncNow('alice', id)).body.status[0].status).toBe('Synced');
    await runNotifier();
    await runNotifier();
    const after = await inbox('alice');
    expect(after).toHaveLength(1);
    expect(after[0].id).toBe(failed.id);
    expect(after[0].read).toBeFalsy();
    expect(after[0].payload).toMatchObject({
      title: `Secret payments/${name} of payments-api syncs again`,
      severity: 'low',
    });

    const stored = JSON.stringify(
      await notificationsDb('notification').select(),
    );
    expect(stored).toContain(name);
    expect(stored).not.toContain(canary);
    expect(stored).not.toContain(`t-${tag}`);

    const deleted = await s()
      .delete(`/api/secrets/mappings/${id}`)
      .set('authorization', as('alice'));
    expect(deleted.status).toBeLessThan(300);
  });

  it('sends one summary per store when its mappings fail for a store-level cause', async () => {
    const spec = (system: string, name: string) => ({
      store: 'down-kv',
      data: [
        { secretKey: 'k', remoteRef: { key: `${system}/app`, property: 'k' } },
      ],
      target: { clusters: ['local'], namespace: system, name },
    });
    const made = [
      [
        'alice',
        await create(
          'alice',
          'payments-api',
          spec('payments', `down-a-${tag}`),
        ),
      ],
      [
        'alice',
        await create(
          'alice',
          'payments-api',
          spec('payments', `down-b-${tag}`),
        ),
      ],
      [
        'carol',
        await create('carol', 'search-api', spec('search', `down-c-${tag}`)),
      ],
    ];
    for (const [user, id] of made) {
      await syncNow(user, id);
      const second = await syncNow(user, id);
      expect(second.body.status[0].reason).toMatch(
        /^Vault(Unreachable|LoginFailed)$/,
      );
    }
    await runNotifier();
    await runNotifier();
    for (const user of ['alice', 'carol']) {
      const told = (await inbox(user)).filter(n =>
        n.payload.scope.startsWith('secrets:store:'),
      );
      expect(told).toHaveLength(1);
      expect(told[0].payload).toMatchObject({
        title: 'Vault store down-kv fails: 3 mappings are not syncing',
        severity: 'critical',
        scope: 'secrets:store:down-kv:sync',
      });
    }
    // None of them was told on its own.
    const alone = (await inbox('alice')).filter(n =>
      made.some(([, id]) => n.payload.scope === `secrets:mapping:${id}:sync`),
    );
    expect(alone).toEqual([]);
  });
});
