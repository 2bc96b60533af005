import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { BulkImportResult } from '@backstage-secrets/plugin-secrets-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SecretsApiError, secretsApiRef, type SecretsApi } from '../../api';
import { BulkImportDialog } from './BulkImportDialog';

// Uploading, checking and importing through the dialog is many user events: under a loaded
// CI machine that can outlast jest's default 5 s, which is not what these tests are about.
jest.setTimeout(20_000);

const checked: BulkImportResult = {
  mode: 'dryRun',
  documents: [
    { file: 'deploy/app.yaml', name: 'app-db', outcome: 'accepted' },
    {
      file: 'deploy/app.yaml',
      name: 'app-search',
      outcome: 'refused',
      issues: [
        { path: 'spec.target.namespace', message: '"search" is not bound' },
      ],
    },
  ],
};

async function renderDialog(bulkImport: jest.Mock) {
  const onImported = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[[secretsApiRef, { bulkImport } as unknown as SecretsApi]]}
    >
      <BulkImportDialog
        open
        entityRef="component:default/payments-api"
        stores={[]}
        onClose={jest.fn()}
        onImported={onImported}
      />
    </TestApiProvider>,
  );
  return onImported;
}

describe('BulkImportDialog', () => {
  it('checks chosen files first, shows each document, and imports only the valid ones when asked', async () => {
    const bulkImport = jest.fn(async (_ref: string, req: { mode: string }) =>
      req.mode === 'dryRun'
        ? checked
        : {
            mode: 'valid',
            documents: [
              { ...checked.documents[0], outcome: 'created', mappingId: 'm1' },
              checked.documents[1],
            ],
          },
    );
    const onImported = await renderDialog(bulkImport);
    await userEvent.upload(screen.getByLabelText('ExternalSecret files'), [
      new File(['kind: ExternalSecret'], 'app.yaml', { type: 'text/yaml' }),
      new File(['not yaml'], 'README.md', { type: 'text/markdown' }),
    ]);
    await screen.findByText(/1 file\(s\): app\.yaml/);
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    const table = await screen.findByRole('table', { name: 'Import check' });
    expect(
      within(table).getByText('app-search').closest('tr'),
    ).toHaveTextContent('refused');
    expect(table).toHaveTextContent(
      'spec.target.namespace: "search" is not bound',
    );
    expect(screen.getByText('1 accepted, 1 refused')).toBeInTheDocument();
    expect(bulkImport).toHaveBeenLastCalledWith(
      'component:default/payments-api',
      {
        files: [{ name: 'app.yaml', yaml: 'kind: ExternalSecret' }],
        mode: 'dryRun',
      },
    );
    expect(screen.getByRole('button', { name: 'Import all' })).toBeDisabled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Import the valid ones' }),
    );
    await waitFor(() => expect(onImported).toHaveBeenCalled());
    expect(bulkImport.mock.calls[1][1]).toMatchObject({ mode: 'valid' });
  });

  it('imports pasted YAML all at once when every document passes, and shows a refusal by field', async () => {
    const bulkImport = jest.fn(async (_ref: string, req: { mode: string }) => {
      if (req.mode === 'all')
        throw new SecretsApiError(
          409,
          'x.yaml: a: Secret just claimed; nothing was imported',
        );
      return { mode: 'dryRun', documents: [checked.documents[0]] };
    });
    const onImported = await renderDialog(bulkImport);
    await userEvent.type(
      screen.getByLabelText('Bulk import YAML'),
      'kind: ExternalSecret',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Check' }));
    await screen.findByText('1 accepted, 0 refused');
    expect(
      screen.getByRole('button', { name: 'Import the valid ones' }),
    ).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Import all' }));
    expect(await screen.findByText(/nothing was imported/)).toBeInTheDocument();
    expect(onImported).not.toHaveBeenCalled();
    expect(bulkImport.mock.calls[1][1]).toMatchObject({
      files: [{ name: 'pasted YAML', yaml: 'kind: ExternalSecret' }],
      mode: 'all',
    });
  });
});
