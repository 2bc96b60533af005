import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { secretsPlugin } from './plugin';

describe('secretsPlugin', () => {
  // The mock httpAuth treats header-less requests as a signed-in user by
  // default; make them anonymous so the auth policy is what is tested.
  const anonymous = mockServices.httpAuth.factory({
    defaultCredentials: mockCredentials.none(),
  });

  it('answers /api/secrets/health without credentials', async () => {
    const { server } = await startTestBackend({
      features: [secretsPlugin, anonymous],
    });

    const res = await request(server).get('/api/secrets/health');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses anonymous callers on every other route', async () => {
    const { server } = await startTestBackend({
      features: [secretsPlugin, anonymous],
    });

    const res = await request(server).get('/api/secrets/not-health');

    expect(res.status).toBe(401);
  });

  it('refuses to start with an invalid store, naming the key and the rule', async () => {
    const config = mockServices.rootConfig.factory({
      data: {
        secrets: {
          stores: {
            payments: {
              server: 'https://vault.example.com',
              mount: 'secret',
              auth: {},
            },
          },
        },
      },
    });
    await expect(
      startTestBackend({ features: [secretsPlugin, config] }),
    ).rejects.toThrow(
      /secrets\.stores\.payments\.auth: exactly one of token, kubernetes, jwt, appRole, userpass, cert must be set/,
    );
  });

  it('starts with stores and clusters configured like the local stack', async () => {
    const config = mockServices.rootConfig.factory({
      data: {
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'local',
                  url: 'https://127.0.0.1:6443',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 't',
                },
              ],
            },
          ],
        },
        secrets: {
          stores: {
            'local-kv2': {
              server: 'http://127.0.0.1:8200',
              mount: 'secret',
              auth: { appRole: { roleId: 'r', secretId: 's' } },
            },
          },
        },
      },
    });
    const { server } = await startTestBackend({
      features: [secretsPlugin, config, anonymous],
    });
    expect((await request(server).get('/api/secrets/health')).status).toBe(200);
  });

  it('reports each store at /stores to signed-in users, an unreachable Vault included', async () => {
    const config = mockServices.rootConfig.factory({
      data: {
        secrets: {
          stores: {
            down: {
              // A closed port: the health check must report it, not hang or throw.
              server: 'http://127.0.0.1:9',
              mount: 'kv',
              kvVersion: 1,
              publicUrl: 'https://vault.example.com',
              requestTimeout: '2s',
              auth: { token: { value: 'canary-token-5e1d' } },
            },
          },
        },
      },
    });
    const { server } = await startTestBackend({
      features: [secretsPlugin, config],
    });
    const res = await request(server).get('/api/secrets/stores');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          name: 'down',
          mount: 'kv',
          kvVersion: 1,
          publicUrl: 'https://vault.example.com',
          health: expect.objectContaining({
            reachable: false,
            error: expect.any(String),
          }),
          requests: { reads: 0, lists: 0, logins: 0, renewals: 0, errors: 0 },
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('canary-token-5e1d');

    const signedOut = await startTestBackend({
      features: [secretsPlugin, config, anonymous],
    });
    expect(
      (await request(signedOut.server).get('/api/secrets/stores')).status,
    ).toBe(401);
  });

  it('lists the catalog’s kubernetes-cluster Resources under /clusters with a catalog locator', async () => {
    const config = mockServices.rootConfig.factory({
      data: {
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'catalog' },
            {
              type: 'config',
              clusters: [
                {
                  name: 'local',
                  url: 'https://127.0.0.1:6443',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 't',
                },
              ],
            },
          ],
        },
        secrets: {
          clusters: { 'prod-us': { serviceAccountTokenFile: '/t' } },
        },
      },
    });
    const catalog = catalogServiceMock.factory({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: 'prod-us',
            annotations: {
              'kubernetes.io/api-server': 'https://kube.us.example.com',
              'kubernetes.io/auth-provider': 'google',
            },
          },
          spec: { type: 'kubernetes-cluster' },
        },
      ],
    });
    const { server } = await startTestBackend({
      features: [secretsPlugin, config, catalog],
    });
    // The catalog is read by a scheduled task, at once and then every minute.
    let names: string[] = [];
    for (let i = 0; i < 50 && names.length < 2; i++) {
      const res = await request(server).get('/api/secrets/clusters');
      expect(res.status).toBe(200);
      names = res.body.items.map((c: { name: string }) => c.name);
      if (names.length < 2) await new Promise(r => setTimeout(r, 100));
    }
    expect(names).toEqual(['local', 'prod-us']);
  });
});
