import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { AuditMapping } from '@backstage-secrets/plugin-secrets-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecretsApiError, type SecretsApi, secretsApiRef } from '../../api';
import { captureDownloads } from '../../__testUtils__/captureDownloads';
import { SecretsAuditPage } from './SecretsAuditPage';

const row: AuditMapping = {
  id: 'm1',
  entityRef: 'component:default/payments-api',
  spec: {
    store: 'local-kv2',
    data: [{ secretKey: 'k', remoteRef: { key: 'payments/payments-api' } }],
    target: { clusters: ['local'], namespace: 'payments', name: 'payments-db' },
  },
  revision: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  createdBy: 'user:default/alice',
  updatedBy: 'user:default/alice',
  status: [
    {
      cluster: 'local',
      status: 'SyncedError',
      reason: 'VaultSealed',
      message: 'sealed',
      syncedVersions: [],
      nextDueAt: '',
      consecutiveFailures: 1,
    },
  ],
  owners: ['group:default/team-payments'],
  entityExists: true,
};

const api = (overrides: Partial<SecretsApi> = {}) =>
  ({
    auditMappings: jest.fn(async () => [row]),
    auditOrphans: jest.fn(async () => [
      {
        mapping: { ...row, id: 'm2', entityRef: 'component:default/gone' },
        reason: 'EntityMissing',
        message: 'gone',
      },
    ]),
    auditUnmanaged: jest.fn(async () => ({
      items: [
        {
          cluster: 'local',
          namespace: 'payments',
          name: 'stray-secret',
          mappingId: 'old',
        },
      ],
      errors: [],
    })),
    auditFailing: jest.fn(async () => [
      { ...row.status[0], mapping: row, stale: false },
    ]),
    listStores: jest.fn(async () => [
      {
        name: 'local-kv2',
        mount: 'secret',
        kvVersion: 2,
        publicUrl: 'http://vault.test',
        health: {
          reachable: true,
          healthy: false,
          loggedIn: false,
          problems: [
            {
              cause: 'VaultLoginFailed',
              message:
                'The engine cannot log in to store "local-kv2" with appRole: invalid role or secret ID',
              action: 'Issue a new secret-id for the AppRole role',
            },
          ],
          checkedAt: new Date().toISOString(),
        },
        requests: { reads: 0, lists: 0, logins: 0, renewals: 0, errors: 0 },
      },
    ]),
    listClusters: jest.fn(async () => [
      {
        name: 'local',
        health: {
          reachable: true,
          version: 'v1.36.3',
          healthy: true,
          problems: [],
          namespaces: ['payments'],
          checkedAt: new Date().toISOString(),
        },
      },
    ]),
    ...overrides,
  } as unknown as SecretsApi);

describe('SecretsAuditPage', () => {
  it('shows each store and cluster with the cause of a problem and what to do', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[secretsApiRef, api()]]}>
        <SecretsAuditPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('1 need attention')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Store local-kv2: The engine cannot log in to store "local-kv2" with appRole: invalid role or secret ID',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'What to do: Issue a new secret-id for the AppRole role',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Cluster local: healthy (Kubernetes v1.36.3)'),
    ).toBeInTheDocument();
    expect(screen.getByText(/RBAC in payments/)).toBeInTheDocument();
  });

  it('lists every mapping with owners and status, and each report', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[secretsApiRef, api()]]}>
        <SecretsAuditPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Mappings (1)')).toBeInTheDocument();
    expect(
      screen.getAllByText('group:default/team-payments').length,
    ).toBeGreaterThan(0);
    // Entity cells link through the catalog's route, wherever the app mounts it.
    expect(
      screen.getByRole('link', { name: 'component:default/payments-api' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    expect(screen.getByText('Orphans (1)')).toBeInTheDocument();
    expect(screen.getByText('component:default/gone')).toBeInTheDocument();
    expect(screen.getByText('stray-secret')).toBeInTheDocument();
    expect(
      screen.getByText('Failing or not synced for a day (1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Export CSV' }),
    ).toBeInTheDocument();
  });

  it('downloads the listed mappings as ExternalSecrets', async () => {
    const yaml = 'kind: ExternalSecret\n';
    const auditMappingsYaml = jest.fn(async () => yaml);
    const secrets = api({ auditMappingsYaml });
    const { blobs, names, restore } = captureDownloads();
    await renderInTestApp(
      <TestApiProvider apis={[[secretsApiRef, secrets]]}>
        <SecretsAuditPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export YAML' }),
    );
    await waitFor(() =>
      expect(names).toEqual(['secrets-mappings.externalsecrets.yaml']),
    );
    expect(auditMappingsYaml).toHaveBeenCalled();
    expect(await blobs[0].text()).toBe(yaml);
    restore();
    // The whole audit page renders first: slow on a loaded machine.
  }, 20_000);

  it('lists dynamic credentials and certificates, soonest to expire first', async () => {
    const inHours = (h: number) =>
      new Date(Date.now() + h * 3600_000 + 30_000).toISOString();
    const dynamic = (
      id: string,
      engine: 'database' | 'pki',
      expiresInHours: number,
    ): AuditMapping => ({
      ...row,
      id,
      spec: {
        store: 'local-kv2',
        dynamic:
          engine === 'pki'
            ? { engine, role: 'payments-tls', commonName: 'api.payments.svc' }
            : { engine, role: 'payments-app' },
        target: { clusters: ['local'], namespace: 'payments', name: id },
      },
      dynamic: {
        engine,
        issuedAt: inHours(-1),
        expiresAt: inHours(expiresInHours),
        nextAction: engine === 'pki' ? 'reissue' : 'renew',
        nextActionAt: inHours(expiresInHours / 2),
        renewals: 0,
      },
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            secretsApiRef,
            api({
              auditMappings: jest.fn(async () => [
                row,
                dynamic('db-creds', 'database', 5),
                dynamic('api-tls', 'pki', 2),
              ]),
            }),
          ],
        ]}
      >
        <SecretsAuditPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const title = await screen.findByText(
      'Dynamic credentials and certificates (2), soonest to expire first',
    );
    const table = title.closest('table') ?? document.body;
    const leases = [...table.querySelectorAll('[aria-label]')]
      .map(e => e.getAttribute('aria-label'))
      .filter(l => /expires/.test(l ?? ''));
    expect(leases).toEqual([
      'certificate expires in 2 hours',
      'lease expires in 5 hours',
    ]);
    expect(
      screen.getByText('local-kv2: database/creds/payments-app'),
    ).toBeInTheDocument();
  });

  it('tells non-admins plainly that the audit is not for them', async () => {
    const denied = () =>
      Promise.reject(
        new SecretsApiError(
          403,
          'user:default/alice may not use the platform audit',
        ),
      );
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            secretsApiRef,
            api({
              auditMappings: jest.fn(denied),
              auditOrphans: jest.fn(denied),
            }),
          ],
        ]}
      >
        <SecretsAuditPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText(/Not allowed/)).toBeInTheDocument();
    expect(screen.queryByText(/Mappings \(/)).not.toBeInTheDocument();
  });
});
