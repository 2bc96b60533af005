import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { SecretComparison } from '@backstage-secrets/plugin-secrets-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { secretsApiRef, type SecretsApi } from '../../api';
import { paymentsDbMapping } from '../../__testUtils__/mappingView';
import { MappingsTable } from '../EntitySecretsContent/MappingsTable';
import { AdoptDialog } from './AdoptDialog';

const mapping = paymentsDbMapping({
  status: [
    {
      cluster: 'local',
      status: 'SyncedError',
      reason: 'SecretNotOwned',
      message:
        'Secret payments/payments-db exists and was not created by this mapping',
      syncedVersions: [],
      consecutiveFailures: 1,
      nextDueAt: '2026-01-01T00:05:00Z',
    },
  ],
});

const matching: SecretComparison = {
  cluster: 'local',
  secret: 'foreign',
  type: { desired: 'Opaque', live: 'Opaque' },
  keys: [{ key: 'user', status: 'match' }],
  matches: true,
};

async function renderDialog(compare: SecretComparison[]) {
  const api = {
    compareMapping: jest.fn(async () => compare),
    adoptMapping: jest.fn(async () => [
      { ...compare[0], secret: 'ours', adopted: true },
    ]),
  };
  const onAdopted = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[secretsApiRef, api as unknown as SecretsApi]]}>
      <AdoptDialog
        mapping={mapping}
        onClose={jest.fn()}
        onAdopted={onAdopted}
      />
    </TestApiProvider>,
  );
  return { api, onAdopted };
}

describe('AdoptDialog', () => {
  it('shows each key compared and adopts a Secret that matches', async () => {
    const { api, onAdopted } = await renderDialog([matching]);
    const section = await screen.findByLabelText('Comparison in local');
    expect(section).toHaveTextContent('local: written by someone else');
    expect(within(section).getByText('user').closest('tr')).toHaveTextContent(
      'match',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Adopt' }));
    await waitFor(() => expect(onAdopted).toHaveBeenCalled());
    expect(api.adoptMapping).toHaveBeenCalledWith('m1');
  });

  it('keeps Adopt off for a Secret that differs or that an ExternalSecret controls, and says why', async () => {
    await renderDialog([
      {
        ...matching,
        matches: false,
        keys: [{ key: 'user', status: 'differ' }],
        controller: 'ExternalSecret/payments-db',
        message:
          'not adopted, it differs: user differ; adopting must not change data',
      },
    ]);
    expect(
      await screen.findByText(/controlled by ExternalSecret\/payments-db/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/adopting must not change data/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Adopt' })).toBeDisabled();
  });
});

describe('MappingsTable', () => {
  it('offers Compare on a mapping that found a Secret it did not write', async () => {
    const adopt = jest.fn();
    await renderInTestApp(
      <MappingsTable
        mappings={[mapping]}
        stores={[]}
        canEdit
        owners={[]}
        busy={new Set()}
        actions={{
          sync: jest.fn(),
          edit: jest.fn(),
          remove: jest.fn(),
          history: jest.fn(),
          rotate: jest.fn(),
          reissue: jest.fn(),
          exportYaml: jest.fn(),
          adopt,
        }}
      />,
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Compare payments-db' }),
    );
    expect(adopt).toHaveBeenCalledWith(expect.objectContaining({ id: 'm1' }));
  });
});
