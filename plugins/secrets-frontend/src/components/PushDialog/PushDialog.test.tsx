import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { StoreStatus } from '@backstage-secrets/plugin-secrets-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { type SecretsApi, SecretsApiError, secretsApiRef } from '../../api';
import { PushDialog } from './PushDialog';

// Typing a key, values and a version is many user events: under a loaded CI machine that
// can outlast jest's default 5 s (and a timed-out test types on into the next one).
jest.setTimeout(20_000);

const store = (name: string, kvVersion: 1 | 2): StoreStatus => ({
  name,
  mount: kvVersion === 2 ? 'secret' : 'kv',
  kvVersion,
  publicUrl: 'http://vault.test',
  health: {
    reachable: true,
    healthy: true,
    problems: [],
    checkedAt: '2026-01-01T00:00:00Z',
  },
  allowedPrefixes: ['payments'],
  requests: { reads: 0, lists: 0, logins: 0, renewals: 0, errors: 0 },
});

const result = {
  store: 'local-kv2',
  key: 'payments/new',
  previousVersion: 0,
  version: 1,
  properties: ['token'],
  consumers: [],
};

function render(api: Partial<SecretsApi>, onDone = jest.fn()) {
  return renderInTestApp(
    <TestApiProvider apis={[[secretsApiRef, api as SecretsApi]]}>
      <PushDialog
        open
        entityRef="component:default/payments-api"
        stores={[store('local-kv1', 1), store('local-kv2', 2)]}
        onClose={jest.fn()}
        onDone={onDone}
      />
    </TestApiProvider>,
  );
}

describe('PushDialog', () => {
  it('pushes a new secret with write-only values below the allowed prefix', async () => {
    const pushSecret = jest.fn(async () => result);
    const onDone = jest.fn();
    await render({ pushSecret }, onDone);
    // KV v1 has no versions: only KV v2 stores are offered, the first one chosen.
    expect(screen.getByLabelText('Push path')).toHaveValue('payments/');
    expect(screen.getByText('Below payments/')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Push path'), 'new');
    await userEvent.type(screen.getByLabelText('Push property 1'), 'token');
    const value = screen.getByLabelText('Push value 1');
    expect(value).toHaveAttribute('type', 'password');
    await userEvent.type(value, 's3cr3t-value');
    await userEvent.click(screen.getByRole('button', { name: 'Push' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(result));
    // Write-only: nothing typed stays on the page once Vault has it.
    expect(screen.getByLabelText('Push value 1')).toHaveValue('');
    expect(document.body.innerHTML).not.toContain('s3cr3t-value');
    expect(pushSecret).toHaveBeenCalledWith('component:default/payments-api', {
      store: 'local-kv2',
      key: 'payments/new',
      values: { token: 's3cr3t-value' },
      expectedVersion: 0,
    });
  });

  it('replaces a version the owner names, and shows refusals by field', async () => {
    const pushSecret = jest.fn(async () => {
      throw new SecretsApiError(
        409,
        'payments/db is at version 4, not the version 3 you saw; reload and try again',
      );
    });
    await render({ pushSecret });
    await userEvent.clear(screen.getByLabelText('Push path'));
    await userEvent.type(screen.getByLabelText('Push path'), 'payments/db');
    await userEvent.click(
      screen.getByLabelText('Replace an existing secret (a new version)'),
    );
    await userEvent.type(screen.getByLabelText('Expected version'), '3');
    await userEvent.type(screen.getByLabelText('Push property 1'), 'password');
    await userEvent.type(screen.getByLabelText('Push value 1'), 'x');
    await userEvent.click(
      screen.getByLabelText(/I confirm: replace data even if/),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Push' }));
    expect(
      await screen.findByText(/is at version 4, not the version 3 you saw/),
    ).toBeInTheDocument();
    expect(pushSecret).toHaveBeenCalledWith('component:default/payments-api', {
      store: 'local-kv2',
      key: 'payments/db',
      values: { password: 'x' },
      expectedVersion: 3,
      confirmUnmanaged: true,
    });
  });
});
