import type { Entity } from '@backstage/catalog-model';
import { alertApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  ClusterInfo,
  EntityMappings,
  MappingClusterStatus,
  MappingView,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecretsApiError, type SecretsApi, secretsApiRef } from '../../api';
import { captureDownloads } from '../../__testUtils__/captureDownloads';
import { EntitySecretsContent } from './EntitySecretsContent';

// Filling the mapping form takes dozens of typed keys: under a loaded CI machine that can
// outlast jest's default 5 s, which is not what these tests are about.
jest.setTimeout(20_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': 'payments' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-payments',
  },
};

const store = (health: Partial<StoreStatus['health']> = {}): StoreStatus => ({
  name: 'local-kv2',
  mount: 'secret',
  kvVersion: 2,
  publicUrl: 'http://vault.test',
  health: {
    reachable: true,
    initialized: true,
    sealed: false,
    healthy: true,
    problems: [],
    checkedAt: new Date().toISOString(),
    ...health,
  },
  allowedPrefixes: ['payments'],
  requests: { reads: 0, lists: 0, logins: 0, renewals: 0, errors: 0 },
});

const cluster = (health: Partial<ClusterInfo['health']> = {}): ClusterInfo => ({
  name: 'local',
  namespaces: ['payments'],
  health: {
    reachable: true,
    healthy: true,
    problems: [],
    namespaces: ['payments'],
    checkedAt: new Date().toISOString(),
    ...health,
  },
});

const status = (s: Partial<MappingClusterStatus>): MappingClusterStatus => ({
  cluster: 'local',
  status: 'Synced',
  reason: 'Created',
  message: 'Secret created',
  syncedVersions: [{ key: 'payments/payments-api', version: 3 }],
  lastSyncedAt: new Date(Date.now() - 120_000).toISOString(),
  nextDueAt: new Date(Date.now() + 3_630_000).toISOString(),
  consecutiveFailures: 0,
  ...s,
});

const mapping = (
  name: string,
  s: Partial<MappingClusterStatus> = {},
): MappingView => ({
  id: `id-${name}`,
  entityRef: 'component:default/payments-api',
  spec: {
    store: 'local-kv2',
    data: [
      {
        secretKey: 'db-user',
        remoteRef: { key: 'payments/payments-api', property: 'db_username' },
      },
    ],
    target: { clusters: ['local'], namespace: 'payments', name },
    refreshInterval: '1h',
  },
  revision: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  createdBy: 'user:default/alice',
  updatedBy: 'user:default/alice',
  status: [status(s)],
});

function fakeApi(
  overrides: Partial<SecretsApi> & {
    mappings?: EntityMappings;
    stores?: StoreStatus[];
    clusters?: ClusterInfo[];
  } = {},
) {
  const { mappings, stores, clusters, ...methods } = overrides;
  const api = {
    listMappings: jest.fn(
      async () =>
        mappings ?? {
          items: [],
          access: { canEdit: true, owners: ['group:default/team-payments'] },
        },
    ),
    listStores: jest.fn(async () => stores ?? [store()]),
    listClusters: jest.fn(async () => clusters ?? [cluster()]),
    syncMapping: jest.fn(async (id: string) => ({
      ...mapping(id),
      completed: true,
    })),
    createMapping: jest.fn(),
    updateMapping: jest.fn(),
    deleteMapping: jest.fn(async (id: string) => ({
      id,
      secrets: [{ cluster: 'local', outcome: 'deleted' as const }],
    })),
    previewMapping: jest.fn(),
    listEvents: jest.fn(async () => []),
    ...methods,
  };
  return api as unknown as SecretsApi & typeof api;
}

const alerts = { post: jest.fn(), alert$: jest.fn() };
const render = (api: SecretsApi) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [secretsApiRef, api],
        [alertApiRef, alerts],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntitySecretsContent />
      </EntityProvider>
    </TestApiProvider>,
  );

const owned = (items: MappingView[], canEdit = true): EntityMappings => ({
  items,
  access: { canEdit, owners: ['group:default/team-payments'] },
});

describe('EntitySecretsContent', () => {
  it('shows progress while loading', async () => {
    const api = fakeApi({
      listMappings: jest.fn(() => new Promise<EntityMappings>(() => {})),
    });
    await render(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows an error panel when the backend fails', async () => {
    const api = fakeApi({
      listMappings: jest.fn(async () =>
        Promise.reject(new SecretsApiError(503, 'Vault store down')),
      ),
    });
    await render(api);
    expect(
      await screen.findByText(/Could not load the secret mappings/),
    ).toBeInTheDocument();
  });

  it('invites owners to add a first mapping', async () => {
    await render(fakeApi());
    expect(
      await screen.findByText('No secret mappings yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Add one to start/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add mapping' })).toBeEnabled();
  });

  it('tells others whom to ask, with the add button disabled', async () => {
    await render(fakeApi({ mappings: owned([], false) }));
    expect(
      await screen.findByText(
        /Ask its owners \(group:default\/team-payments\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add mapping' })).toBeDisabled();
  });

  it('lists synced mappings with Vault links, versions and relative times', async () => {
    await render(fakeApi({ mappings: owned([mapping('payments-db')]) }));
    expect(await screen.findByText('payments-db')).toBeInTheDocument();
    expect(screen.getByText('1 synced')).toBeInTheDocument();
    const link = screen.getByRole('link', {
      name: /payments\/payments-api · db_username/,
    });
    expect(link).toHaveAttribute(
      'href',
      'http://vault.test/ui/vault/secrets/secret/kv/payments%2Fpayments-api/details?version=3',
    );
    expect(screen.getByText('v3')).toBeInTheDocument();
    expect(screen.getByText(/2 minutes ago \/ in 1 hour/)).toBeInTheDocument();
    expect(
      screen.getByLabelText(/local: Synced\. Created — Secret created/),
    ).toBeInTheDocument();
  });

  it('shows failing mappings, a repaired hand edit and a sealed store plainly', async () => {
    await render(
      fakeApi({
        mappings: owned([
          mapping('broken', {
            status: 'SyncedError',
            reason: 'VaultSealed',
            message: 'Vault is sealed',
            lastSyncedAt: undefined,
          }),
          mapping('edited', { status: 'Synced', reason: 'DriftRepaired' }),
        ]),
        stores: [
          store({
            sealed: true,
            healthy: false,
            problems: [
              {
                cause: 'VaultSealed',
                message: 'Vault store "local-kv2" is sealed',
                action: 'Unseal Vault (vault operator unseal)',
              },
            ],
          }),
        ],
      }),
    );
    expect(await screen.findByText('1 failing')).toBeInTheDocument();
    expect(
      screen.getByText('1 repaired after a hand edit'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText(
        /local: SyncedError\. VaultSealed — Vault is sealed/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Store local-kv2: Vault store "local-kv2" is sealed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('What to do: Unseal Vault (vault operator unseal)'),
    ).toBeInTheDocument();
  });

  it("names a store's or cluster's cause with what to do, only where it fails this entity", async () => {
    const denied = (prefix: string) => ({
      cause: 'VaultDenied' as const,
      message: `The engine's Vault policy does not allow read on secret/data/${prefix}/*`,
      action: `Add path "secret/data/${prefix}/*" { capabilities = ["read"] } to the policy`,
      path: `secret/data/${prefix}/*`,
    });
    const rbac = (namespace: string) => ({
      cause: 'KubernetesForbidden' as const,
      message: `RoleBinding missing in namespace ${namespace}`,
      action: `Apply the engine's Role and RoleBinding in namespace ${namespace}`,
      namespace,
    });
    await render(
      fakeApi({
        mappings: owned([mapping('api-db')]),
        stores: [
          store({
            healthy: false,
            problems: [denied('payments'), denied('search')],
          }),
        ],
        clusters: [
          cluster({
            healthy: false,
            problems: [rbac('payments'), rbac('search')],
          }),
        ],
      }),
    );
    expect(
      await screen.findByText(
        "Store local-kv2: The engine's Vault policy does not allow read on secret/data/payments/*",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'What to do: Add path "secret/data/payments/*" { capabilities = ["read"] } to the policy',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Cluster local: RoleBinding missing in namespace payments',
      ),
    ).toBeInTheDocument();
    // Another team's prefix and namespace are not this entity's problem.
    expect(screen.queryByText(/secret\/data\/search/)).not.toBeInTheDocument();
    expect(screen.queryByText(/namespace search/)).not.toBeInTheDocument();
  });

  it('says a store and cluster are healthy when nothing fails the mappings', async () => {
    await render(
      fakeApi({
        mappings: owned([mapping('api-db')]),
        stores: [store({ version: '1.21.0' })],
        clusters: [cluster({ version: 'v1.36.3' })],
      }),
    );
    expect(
      await screen.findByText('Store local-kv2: healthy (Vault 1.21.0)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Cluster local: healthy (Kubernetes v1.36.3)'),
    ).toBeInTheDocument();
  });

  it('says plainly when a secret is due for rotation', async () => {
    await render(
      fakeApi({ mappings: owned([mapping('old-db', { rotationDue: true })]) }),
    );
    expect(await screen.findByText('rotation due')).toBeInTheDocument();
    expect(screen.getByText('1 rotation due')).toBeInTheDocument();
  });

  it('shows where dynamic credentials and certificates come from and when they renew', async () => {
    const inSeconds = (s: number) =>
      new Date(Date.now() + s * 1000).toISOString();
    const db: MappingView = {
      ...mapping('db-creds'),
      spec: {
        store: 'local-kv2',
        dynamic: { engine: 'database', role: 'payments-app' },
        target: {
          clusters: ['local'],
          namespace: 'payments',
          name: 'db-creds',
        },
      },
      dynamic: {
        engine: 'database',
        issuedAt: inSeconds(-60),
        expiresAt: inSeconds(3 * 3600),
        nextAction: 'renew',
        nextActionAt: inSeconds(2 * 3600),
        renewals: 2,
      },
    };
    const tls: MappingView = {
      ...mapping('api-tls'),
      spec: {
        store: 'local-kv2',
        dynamic: {
          engine: 'pki',
          role: 'payments-tls',
          commonName: 'api.payments.svc',
        },
        target: { clusters: ['local'], namespace: 'payments', name: 'api-tls' },
      },
      dynamic: {
        engine: 'pki',
        issuedAt: inSeconds(-60),
        expiresAt: inSeconds(30),
        nextAction: 'reissue',
        nextActionAt: inSeconds(-1),
        renewals: 0,
        serialNumber: '1a:2b:3c',
      },
    };
    const api = fakeApi({
      mappings: owned([db, tls]),
      reissueMapping: jest.fn(async () => db),
    });
    await render(api);
    const link = await screen.findByRole('link', {
      name: /database\/creds\/payments-app/,
    });
    expect(link).toHaveAttribute(
      'href',
      'http://vault.test/ui/vault/secrets/database',
    );
    expect(
      screen.getByText(
        'lease expires in 3 hours · renews in 2 hours · renewed 2×',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('username, password')).toBeInTheDocument();
    // Relative times: on a loaded machine seconds pass between the fixture and the render.
    expect(
      screen.getByLabelText(/^certificate expires in \d+ seconds$/),
    ).toHaveTextContent(/new certificate \d+ seconds? ago · serial 1a:2b:3c/);
    expect(screen.getByText('tls.crt, tls.key, ca.crt')).toBeInTheDocument();
    // Vault issues these values: nothing to rotate by hand, but they can be replaced now.
    expect(
      screen.queryByRole('button', { name: 'Rotate db-creds' }),
    ).toBeNull();
    expect(
      screen.getByRole('button', { name: 'Sync now db-creds' }),
    ).toBeEnabled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Re-issue db-creds' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Issue new credentials for db-creds now?Vault issues new values and the Secret payments/db-creds in local is updated at once. No workload is restarted (the mapping names none). The current lease is revoked: anything still using the old credentials stops working.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Re-issue' }),
    );
    await waitFor(() =>
      expect(alerts.post).toHaveBeenCalledWith({
        message: 'New credentials issued for db-creds',
        severity: 'success',
      }),
    );
    expect(api.reissueMapping).toHaveBeenCalledWith('id-db-creds');
  });

  it('disables every change for non-owners and says who owns the entity', async () => {
    await render(fakeApi({ mappings: owned([mapping('payments-db')], false) }));
    await screen.findByText('payments-db');
    for (const action of ['Sync now', 'Edit', 'Delete']) {
      expect(
        screen.getByRole('button', { name: `${action} payments-db` }),
      ).toBeDisabled();
    }
    expect(
      screen.getByRole('button', { name: 'History payments-db' }),
    ).toBeEnabled();
    expect(
      screen.getByText('Owned by group:default/team-payments.'),
    ).toBeInTheDocument();
  });

  it('lets anyone who may read a mapping download it as an ExternalSecret', async () => {
    const yaml = 'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\n';
    const api = fakeApi({
      mappings: owned([mapping('payments-db')], false),
      exportExternalSecret: jest.fn(async () => yaml),
    });
    const { blobs, names, restore } = captureDownloads();
    await render(api);
    // A non-owner: changes are disabled, the export is not.
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export YAML payments-db' }),
    );
    await waitFor(() =>
      expect(names).toEqual(['payments-db.externalsecret.yaml']),
    );
    expect(api.exportExternalSecret).toHaveBeenCalledWith('id-payments-db');
    expect(await blobs[0].text()).toBe(yaml);
    expect(blobs[0].type).toBe('text/yaml');
    restore();
  });

  it('downloads every mapping of the entity at once', async () => {
    const yaml = 'kind: ExternalSecret\n---\nkind: ExternalSecret\n';
    const api = fakeApi({
      mappings: owned([mapping('payments-db'), mapping('payments-cache')]),
      exportEntityMappings: jest.fn(async () => yaml),
    });
    const { blobs, names, restore } = captureDownloads();
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export all' }),
    );
    await waitFor(() =>
      expect(names).toEqual(['payments-api.externalsecrets.yaml']),
    );
    expect(api.exportEntityMappings).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    expect(await blobs[0].text()).toBe(yaml);
    restore();
  });

  it('syncs now and shows the fresh status', async () => {
    const api = fakeApi({ mappings: owned([mapping('payments-db')]) });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Sync now payments-db' }),
    );
    await waitFor(() =>
      expect(api.syncMapping).toHaveBeenCalledWith('id-payments-db'),
    );
    await waitFor(() =>
      expect(alerts.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message: 'payments-db synced',
          severity: 'success',
        }),
      ),
    );
    expect(api.listMappings).toHaveBeenCalledTimes(2);
  });

  it('says what deleting does to the Secret before doing it', async () => {
    const api = fakeApi({ mappings: owned([mapping('payments-db')]) });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete payments-db' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        /The Secret payments\/payments-db in local is deleted \(creation policy Owner\)/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() =>
      expect(api.deleteMapping).toHaveBeenCalledWith('id-payments-db'),
    );
  });

  it('checks the form locally and shows refusals from the API next to their field', async () => {
    const api = fakeApi({
      createMapping: jest.fn(async () =>
        Promise.reject(
          new SecretsApiError(403, 'Not allowed', [
            {
              path: 'spec.data[0].remoteRef.key',
              message:
                '"search/x" is outside the Vault paths store "local-kv2" allows',
            },
          ]),
        ),
      ),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add mapping' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    // Nothing is sent while the local rules fail; the fields say why.
    expect(api.createMapping).not.toHaveBeenCalled();
    expect(
      within(dialog).getAllByText('must be a non-empty string').length,
    ).toBeGreaterThan(0);

    await userEvent.type(
      within(dialog).getByLabelText('Secret name'),
      'payments-db',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Secret key 1'),
      'db-user',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Vault path 1'),
      'search/x',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(api.createMapping).toHaveBeenCalled());
    expect(
      await within(dialog).findByText(/"search\/x" is outside the Vault paths/),
    ).toBeInTheDocument();
  });

  it('saves a mapping and lets the backend start its sync: no second request, the list reloads', async () => {
    const api = fakeApi({
      createMapping: jest.fn(async () => mapping('payments-db')),
    });
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add mapping' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText('Secret name'),
      'payments-db',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Secret key 1'),
      'db-user',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Vault path 1'),
      'payments/payments-api',
    );
    const loads = (api.listMappings as jest.Mock).mock.calls.length;
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(api.createMapping).toHaveBeenCalled());
    await waitFor(() =>
      expect((api.listMappings as jest.Mock).mock.calls.length).toBeGreaterThan(
        loads,
      ),
    );
    expect(api.syncMapping).not.toHaveBeenCalled();
  });

  it('switches the form to a certificate: engine fields, a TLS Secret, and only stores with such roles', async () => {
    await render(
      fakeApi({
        stores: [
          store(),
          {
            ...store(),
            name: 'pki-store',
            allowedPrefixes: [],
            allowedDynamicPaths: ['pki/issue/payments-*'],
          },
        ],
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add mapping' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Source' }),
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'Certificate (PKI)' }),
    );
    expect(within(dialog).getByLabelText('Common name')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Secret key 1')).toBeNull();
    expect(within(dialog).getByLabelText('Secret type')).toHaveValue(
      'kubernetes.io/tls',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Vault store' }),
    );
    expect(
      screen.getByRole('option', {
        name: /^local-kv2 .*no roles of this engine/,
      }),
    ).toHaveAttribute('aria-disabled', 'true');
    expect(
      screen.getByRole('option', { name: /^pki-store/ }),
    ).not.toHaveAttribute('aria-disabled', 'true');
  });

  it('opens an existing mapping for editing with every field filled in', async () => {
    await render(fakeApi({ mappings: owned([mapping('payments-db')]) }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Edit payments-db' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Secret name')).toHaveValue(
      'payments-db',
    );
    expect(within(dialog).getByLabelText('Secret key 1')).toHaveValue(
      'db-user',
    );
    expect(within(dialog).getByLabelText('Vault path 1')).toHaveValue(
      'payments/payments-api',
    );
    expect(within(dialog).getByLabelText('Property 1')).toHaveValue(
      'db_username',
    );
  });
});
