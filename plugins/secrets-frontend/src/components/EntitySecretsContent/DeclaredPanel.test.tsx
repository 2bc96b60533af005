import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { DeclaredMappings } from '@backstage-secrets/plugin-secrets-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { secretsApiRef, type SecretsApi } from '../../api';
import { paymentsDbMapping } from '../../__testUtils__/mappingView';
import { DeclaredPanel } from './DeclaredPanel';
import { MappingsTable } from './MappingsTable';

const FILE =
  'https://github.com/acme/payments/blob/main/deploy/external-secrets.yaml';

const status: DeclaredMappings = {
  declared: true,
  pattern: './deploy/*.yaml',
  checkedAt: new Date(Date.now() - 60_000).toISOString(),
  documents: [
    { file: FILE, name: 'payments-db', outcome: 'unchanged', mappingId: 'm1' },
    {
      file: FILE,
      name: 'payments-search',
      outcome: 'refused',
      issues: [
        {
          path: 'spec.data[0].remoteRef.key',
          message: '"search/x" is outside the Vault paths store allows',
        },
      ],
    },
  ],
};

const declaredMapping = paymentsDbMapping({
  createdBy: 'git',
  updatedBy: 'git',
  source: { type: 'git', url: FILE, document: 'payments-db' },
});

describe('DeclaredPanel', () => {
  it('shows the pattern, each refused document with its field, and reads the files on demand', async () => {
    const api = {
      getDeclaredMappings: jest.fn(async () => status),
      refreshDeclaredMappings: jest.fn(async () => status),
    };
    const onChanged = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[secretsApiRef, api as unknown as SecretsApi]]}>
        <DeclaredPanel
          entityRef="component:default/payments-api"
          pattern="./deploy/*.yaml"
          canEdit
          onChanged={onChanged}
        />
      </TestApiProvider>,
    );
    const refused = await screen.findByLabelText('Refused payments-search');
    expect(refused).toHaveTextContent(
      'spec.data[0].remoteRef.key: "search/x" is outside the Vault paths',
    );
    expect(screen.getByText('external-secrets.yaml')).toHaveAttribute(
      'href',
      FILE,
    );
    expect(screen.getByText(/read 1 minute ago/)).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Read files now' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.refreshDeclaredMappings).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });

  it('says why the files could not be read, and keeps the button from non-owners', async () => {
    const api = {
      getDeclaredMappings: jest.fn(async () => ({
        ...status,
        documents: [],
        error:
          'could not read x: 503; the declared mappings are kept as they were',
      })),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[secretsApiRef, api as unknown as SecretsApi]]}>
        <DeclaredPanel
          entityRef="component:default/payments-api"
          pattern="./deploy/*.yaml"
          canEdit={false}
          onChanged={jest.fn()}
        />
      </TestApiProvider>,
    );
    expect(await screen.findByText(/kept as they were/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Read files now' }),
    ).toBeDisabled();
  });
});

describe('MappingsTable with a mapping declared in Git', () => {
  it('marks it managed in Git with a link to its file, and allows sync but not edit or delete', async () => {
    const actions = {
      sync: jest.fn(),
      edit: jest.fn(),
      remove: jest.fn(),
      history: jest.fn(),
      rotate: jest.fn(),
      reissue: jest.fn(),
      exportYaml: jest.fn(),
      adopt: jest.fn(),
    };
    await renderInTestApp(
      <MappingsTable
        mappings={[declaredMapping]}
        stores={[]}
        canEdit
        owners={['group:default/team-payments']}
        busy={new Set()}
        actions={actions}
      />,
    );
    expect(screen.getByText('managed in Git')).toBeInTheDocument();
    expect(screen.getByText('external-secrets.yaml')).toHaveAttribute(
      'href',
      FILE,
    );
    expect(
      screen.getByRole('button', { name: 'Edit payments-db' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Delete payments-db' }),
    ).toBeDisabled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Sync now payments-db' }),
    );
    expect(actions.sync).toHaveBeenCalled();
  });
});
