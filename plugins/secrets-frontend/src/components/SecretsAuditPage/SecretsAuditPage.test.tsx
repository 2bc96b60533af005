import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { AuditMapping } from '@internal/plugin-secrets-common';
import { screen } from '@testing-library/react';
import { SecretsApiError, type SecretsApi, secretsApiRef } from '../../api';
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
    ...overrides,
  } as unknown as SecretsApi);

describe('SecretsAuditPage', () => {
  it('lists every mapping with owners and status, and each report', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[secretsApiRef, api()]]}>
        <SecretsAuditPage />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Mappings (1)')).toBeInTheDocument();
    expect(
      screen.getAllByText('group:default/team-payments').length,
    ).toBeGreaterThan(0);
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
    );
    expect(await screen.findByText(/Not allowed/)).toBeInTheDocument();
    expect(screen.queryByText(/Mappings \(/)).not.toBeInTheDocument();
  });
});
