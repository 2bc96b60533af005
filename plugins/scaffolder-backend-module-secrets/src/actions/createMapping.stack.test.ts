import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The test runs the real secrets backend that the action calls over HTTP.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import secretsPlugin from '@backstage-secrets/plugin-secrets-backend';
import { readStackInfo } from '@internal/devstack';
import { createSecretsMappingCreateAction } from './createMapping';

jest.setTimeout(120_000);

/** A new service as a template registers it: owned by the user who ran the template. */
const service = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': 'payments' },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner,
    system: 'payments',
  },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const spec = (name: string) => ({
  store: 'local-kv2',
  target: { clusters: ['local'], namespace: 'payments', name },
  data: [
    {
      secretKey: 'user',
      remoteRef: { key: 'payments/payments-api', property: 'db_username' },
    },
  ],
});

describe('secrets:mapping:create against the real secrets backend and stack', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let base: string;
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    const info = readStackInfo();
    // The local stack's own overlay (Vault stores, the cluster), minus its database.
    const overlay = JSON.parse(
      fs.readFileSync(info.appConfigOverlay, 'utf8').replace(/^#.*\n/, ''),
    );
    delete overlay.backend;
    backend = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({ data: overlay }),
        catalogServiceMock.factory({
          entities: [
            service('new-service', 'user:default/alice'),
            service('someone-elses', 'group:default/team-search'),
          ],
        }),
      ],
    });
    base = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/secrets`;
  });
  afterAll(() => backend?.stop());

  /** The action as the scaffolder runs it for `user`, tokens minted for that user. */
  function run(user: string, input: Record<string, unknown>) {
    const action = createSecretsMappingCreateAction({
      discovery: {
        getBaseUrl: async () => base,
        getExternalBaseUrl: async () => base,
      },
      auth: {
        getPluginRequestToken: async () => ({
          token: mockCredentials.user.token(user),
        }),
      } as never,
    });
    const ctx = createMockActionContext({
      input,
      getInitiatorCredentials: async () => mockCredentials.user(user),
    } as never);
    return { ctx, done: action.handler(ctx as never) };
  }

  it('creates the mapping as the owner, and it syncs', async () => {
    const name = `scaffolded-${tag}`;
    const { ctx, done } = run('user:default/alice', {
      entityRef: 'component:default/new-service',
      spec: spec(name),
    });
    await done;
    expect(ctx.output).toHaveBeenCalledWith('secret', `payments/${name}`);
    const id = (ctx.output as jest.Mock).mock.calls.find(
      ([k]: string[]) => k === 'mappingId',
    )[1];
    const synced = await fetch(`${base}/mappings/${id}/sync`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${mockCredentials.user.token(
          'user:default/alice',
        )}`,
      },
    }).then(r => r.json());
    expect(synced.status[0]).toMatchObject({ status: 'Synced' });
  });

  it("fails as a non-owner with the backend's reason, and writes nothing", async () => {
    const { done } = run('user:default/alice', {
      entityRef: 'component:default/someone-elses',
      spec: spec(`scaffolded-denied-${tag}`),
    });
    await expect(done).rejects.toThrow(
      /403 .*only its owners \(group:default\/team-search\)/,
    );
    const list = await fetch(
      `${base}/entities/component/default/someone-elses/mappings`,
      {
        headers: {
          authorization: `Bearer ${mockCredentials.user.token(
            'user:default/alice',
          )}`,
        },
      },
    ).then(r => r.json());
    expect(list.items).toEqual([]);
  });

  it('names the field of a bad spec, and waits for an entity only as long as asked', async () => {
    const bad = run('user:default/alice', {
      entityRef: 'component:default/new-service',
      spec: { ...spec(`scaffolded-bad-${tag}`), store: 'nope' },
    });
    await expect(bad.done).rejects.toThrow(/400 .*spec\.store/);
    const missing = run('user:default/alice', {
      entityRef: 'component:default/not-registered-yet',
      spec: spec(`scaffolded-missing-${tag}`),
      waitForEntitySeconds: 3,
    });
    await expect(missing.done).rejects.toThrow(/404/);
  });
});
