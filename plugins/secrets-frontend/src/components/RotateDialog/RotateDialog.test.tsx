import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { MappingView } from '@backstage-secrets/plugin-secrets-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type SecretsApi, secretsApiRef } from '../../api';
import { RotateDialog } from './RotateDialog';

const mapping: MappingView = {
  id: 'm1',
  entityRef: 'component:default/payments-api',
  spec: {
    store: 'local-kv2',
    data: [
      {
        secretKey: 'password',
        remoteRef: { key: 'payments/db', property: 'password' },
      },
    ],
    target: {
      clusters: ['local'],
      namespace: 'payments',
      name: 'db',
      rolloutRestartTargets: [{ kind: 'Deployment', name: 'api' }],
    },
  },
  revision: 1,
  createdAt: '',
  updatedAt: '',
  createdBy: '',
  updatedBy: '',
  status: [],
};

const versions = (managed: boolean) => ({
  store: 'local-kv2',
  key: 'payments/db',
  currentVersion: 3,
  managed,
  versions: [3, 2, 1].map(version => ({
    version,
    createdTime: new Date().toISOString(),
    destroyed: false,
  })),
  synced: [{ cluster: 'local', version: 3 }],
});

const result = {
  store: 'local-kv2',
  key: 'payments/db',
  previousVersion: 3,
  version: 4,
  properties: ['password'],
  consumers: [],
};

function render(api: Partial<SecretsApi>, onDone = jest.fn()) {
  return renderInTestApp(
    <TestApiProvider apis={[[secretsApiRef, api as SecretsApi]]}>
      <RotateDialog mapping={mapping} onClose={jest.fn()} onDone={onDone} />
    </TestApiProvider>,
  );
}

describe('RotateDialog', () => {
  it('shows versions and what will change, and rotates with a generator against the current version', async () => {
    const api = {
      listVersions: jest.fn(async () => versions(true)),
      rotateSecret: jest.fn(async () => result),
    };
    const onDone = jest.fn();
    await render(api, onDone);
    expect(
      await screen.findByText(/v3 · .* · synced in local/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Writes v4 of payments\/db/)).toBeInTheDocument();
    expect(screen.getByText(/Deployment\/api restart/)).toBeInTheDocument();
    expect(screen.getByLabelText('Property to rotate 1')).toHaveValue(
      'password',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    await waitFor(() =>
      expect(api.rotateSecret).toHaveBeenCalledWith('m1', {
        key: 'payments/db',
        expectedVersion: 3,
        generate: { password: { length: 24 } },
      }),
    );
    expect(onDone).toHaveBeenCalledWith(result);
  });

  it('asks for confirmation before touching a secret it did not write', async () => {
    await render({
      listVersions: jest.fn(async () => versions(false)),
      rotateSecret: jest.fn(),
    });
    await screen.findByText(/not written by Backstage Secrets/);
    expect(screen.getByRole('button', { name: 'Rotate' })).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: /I confirm/ }));
    expect(screen.getByRole('button', { name: 'Rotate' })).toBeEnabled();
  });

  it('rolls back to an older version after a second confirmation', async () => {
    const api = {
      listVersions: jest.fn(async () => versions(true)),
      rollbackSecret: jest.fn(async () => result),
    };
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to v1' }),
    );
    expect(
      screen.getByText(/Writes v1's data as v4 of payments\/db/),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Confirm roll back to v1' }),
    );
    await waitFor(() =>
      expect(api.rollbackSecret).toHaveBeenCalledWith('m1', {
        key: 'payments/db',
        version: 1,
        expectedVersion: 3,
      }),
    );
  });
});
