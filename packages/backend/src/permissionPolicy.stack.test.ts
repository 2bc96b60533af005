import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { readStackInfo, stackKubernetesConfig } from '@internal/devstack';
import secretsPlugin from '@backstage-secrets/plugin-secrets-backend';
import request from 'supertest';
import permissionPolicy from './permissionPolicy';

jest.setTimeout(120_000);

/** Group membership as the demo's examples/org.yaml declares it. */
const MEMBERSHIP: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-payments'],
  'user:default/carol': ['group:default/team-search'],
  'user:default/dave': ['group:default/platform-admins'],
};

/**
 * The mock auth turns a plugin's on-behalf-of token back into plain user credentials; the
 * real one records the calling plugin as the actor, which the permission backend requires
 * for resource permissions without a resourceRef (the catalog's list queries). This adds it.
 */
const onBehalfOfActors = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    const prefix = 'Bearer mock-service-token:';
    return {
      async credentials(req, options) {
        const credentials = (await inner.credentials(
          req,
          options as never,
        )) as BackstageCredentials<{ type: string }>;
        const header = req.headers.authorization ?? '';
        if (
          credentials.principal.type === 'user' &&
          header.startsWith(prefix)
        ) {
          const { sub } = JSON.parse(header.slice(prefix.length));
          (credentials.principal as { actor?: object }).actor = {
            type: 'service',
            subject: sub ?? 'plugin:unknown',
          };
        }
        return credentials as never;
      },
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
    };
  },
});

/**
 * The real chain a deployment runs: the secrets plugin asks the permission backend, whose
 * policy answers "owners only" as a catalog condition, which the catalog backend evaluates
 * against the entity's ownedBy relations from the example catalog.
 */
describe('secrets permission policy with the real permission and catalog backends', () => {
  const info = readStackInfo();
  const examples = path.resolve(__dirname, '../../../examples');
  const appRole = info.vault.engine.appRole;

  async function start() {
    return startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        permissionPolicy,
        secretsPlugin,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Component', 'System', 'Group', 'User'] }],
              locations: [
                { type: 'file', target: path.join(examples, 'entities.yaml') },
                { type: 'file', target: path.join(examples, 'org.yaml') },
              ],
            },
            kubernetes: stackKubernetesConfig(info),
            secrets: {
              admins: ['group:default/platform-admins'],
              stores: {
                'local-kv2': {
                  server: info.vault.addr,
                  caFile: info.vault.caFile,
                  mount: 'secret',
                  auth: { appRole },
                  allowedPaths: [{ prefix: '{{ system }}' }],
                },
              },
            },
          },
        }),
        onBehalfOfActors,
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials) {
              const ref = (credentials.principal as { userEntityRef: string })
                .userEntityRef;
              return {
                userEntityRef: ref,
                ownershipEntityRefs: [ref, ...(MEMBERSHIP[ref] ?? [])],
              };
            },
          }),
        }),
      ],
    });
  }

  it('lets owners and admins change mappings, refuses others', async () => {
    const { server } = await start();
    const as = (user: string) =>
      mockCredentials.user.header(`user:default/${user}`);
    // The catalog processes the example files asynchronously.
    for (let i = 0; ; i++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/payments-api')
        .set('authorization', as('alice'));
      if (
        res.body?.relations?.some((r: { type: string }) => r.type === 'ownedBy')
      )
        break;
      if (i > 100)
        throw new Error(
          `catalog did not process the examples: ${res.status} ${JSON.stringify(
            res.body,
          ).slice(0, 300)}`,
        );
      await new Promise(r => setTimeout(r, 200));
    }
    const body = (name: string) => ({
      spec: {
        store: 'local-kv2',
        data: [
          {
            secretKey: 'db-user',
            remoteRef: {
              key: 'payments/payments-api',
              property: 'db_username',
            },
          },
        ],
        target: { clusters: ['local'], namespace: 'payments', name },
      },
    });
    const create = (user: string, name: string) =>
      request(server)
        .post('/api/secrets/entities/component/default/payments-api/mappings')
        .set('authorization', as(user))
        .send(body(name));
    const suffix = `${process.pid}-${Date.now().toString(36)}`;

    const member = await create('alice', `policy-alice-${suffix}`);
    const admin = await create('dave', `policy-dave-${suffix}`);
    const other = await create('carol', `policy-carol-${suffix}`);
    expect([member.status, admin.status, other.status]).toEqual([
      201, 201, 403,
    ]);

    // The policy alone, without the plugin's own ownership check, also says no: ask the
    // permission backend directly, as the plugin does.
    const decide = (user: string) =>
      request(server)
        .post('/api/permission/authorize')
        .set('authorization', as(user))
        .send({
          items: [
            {
              id: '1',
              permission: {
                type: 'resource',
                name: 'secrets.mapping.update',
                attributes: { action: 'update' },
                resourceType: 'catalog-entity',
              },
              resourceRef: 'component:default/payments-api',
            },
          ],
        });
    const results = await Promise.all(
      ['alice', 'dave', 'carol'].map(
        async u => (await decide(u)).body.items[0].result,
      ),
    );
    expect(results).toEqual(['ALLOW', 'ALLOW', 'DENY']);
    const read = await request(server)
      .get('/api/secrets/entities/component/default/payments-api/mappings')
      .set('authorization', as('carol'));
    expect(read.status).toBe(200);
    expect(read.body.access.canEdit).toBe(false);
  });
});
