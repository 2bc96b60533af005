import { useState, type ChangeEvent } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  BulkImportResult,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { SecretsApiError, secretsApiRef } from '../../api';
import { ImportStoreField } from '../shared/ImportStoreField';

/** Files one import may carry, as the backend allows. */
const MAX_FILES = 20;

type ImportFile = { name: string; yaml: string };

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/** A chosen file's text; FileReader, since not every browser has File.text(). */
const readText = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });

/**
 * Many ExternalSecrets at once — files, a folder, or pasted multi-document YAML. "Check"
 * is a dry run listing each document as accepted or refused with its fields; nothing is
 * written until the owner imports them all (only when every one passes) or the valid ones.
 */
export function BulkImportDialog(props: {
  open: boolean;
  entityRef: string;
  stores: StoreStatus[];
  onClose(): void;
  onImported(result: BulkImportResult): void;
}) {
  const secretsApi = useApi(secretsApiRef);
  const [files, setFiles] = useState<ImportFile[]>([]);
  const [pasted, setPasted] = useState('');
  const [store, setStore] = useState('');
  const [checked, setChecked] = useState<BulkImportResult>();
  const [error, setError] = useState<SecretsApiError>();
  const [busy, setBusy] = useState(false);

  const all = (): ImportFile[] => [
    ...files,
    ...(pasted.trim() ? [{ name: 'pasted YAML', yaml: pasted }] : []),
  ];
  const changed = () => {
    setChecked(undefined);
    setError(undefined);
  };
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = [...(e.target.files ?? [])].filter(f => isYaml(f.name));
    const read = await Promise.all(
      chosen.map(async f => ({
        // A folder pick gives each file's path inside the folder.
        name:
          (f as File & { webkitRelativePath?: string }).webkitRelativePath ||
          f.name,
        yaml: await readText(f),
      })),
    );
    setFiles(read);
    changed();
  };
  const run = async (mode: 'dryRun' | 'all' | 'valid') => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await secretsApi.bulkImport(props.entityRef, {
        files: all(),
        ...(store ? { store } : {}),
        mode,
      });
      if (mode === 'dryRun') setChecked(result);
      else props.onImported(result);
    } catch (e) {
      setError(SecretsApiError.from(e));
    } finally {
      setBusy(false);
    }
  };

  const documents = checked?.documents ?? [];
  const accepted = documents.filter(d => d.outcome === 'accepted').length;
  const refused = documents.length - accepted;
  const tooMany = all().length > MAX_FILES;

  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="md" fullWidth>
      <DialogTitle>Import ExternalSecrets</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          Choose ExternalSecret files or a folder of them (external-secrets.io
          v1beta1 or v1), or paste multi-document YAML. Check first: each
          document is shown as accepted or refused with the fields that stop it,
          and nothing is saved until you import.
        </Typography>
        <Box display="flex" style={{ gap: 8 }} mb={2}>
          <Button variant="outlined" component="label">
            Choose files
            <input
              hidden
              type="file"
              multiple
              accept=".yaml,.yml"
              aria-label="ExternalSecret files"
              onChange={pick}
            />
          </Button>
          <Button variant="outlined" component="label">
            Choose a folder
            <input
              hidden
              type="file"
              aria-label="ExternalSecret folder"
              onChange={pick}
              {...{ webkitdirectory: '' }}
            />
          </Button>
          <Typography variant="body2" style={{ alignSelf: 'center' }}>
            {files.length
              ? `${files.length} file(s): ${files.map(f => f.name).join(', ')}`
              : 'no files chosen'}
          </Typography>
        </Box>
        <TextField
          fullWidth
          multiline
          minRows={6}
          label="or paste YAML"
          value={pasted}
          onChange={e => {
            setPasted(e.target.value);
            changed();
          }}
          inputProps={{
            'aria-label': 'Bulk import YAML',
            style: { fontFamily: 'monospace' },
          }}
        />
        <Box mt={2}>
          <ImportStoreField
            stores={props.stores}
            value={store}
            onChange={value => {
              setStore(value);
              changed();
            }}
            ariaLabel="Bulk import store"
            keepLabel="as in each manifest"
          />
        </Box>
        {tooMany && (
          <Alert severity="warning">
            At most {MAX_FILES} files can be imported at once.
          </Alert>
        )}
        {error && (
          <Alert severity="error">
            {error.message}
            {error.issues.map(i => (
              <div key={`${i.path}:${i.message}`}>
                {i.path}: {i.message}
              </div>
            ))}
          </Alert>
        )}
        {checked && (
          <Box mt={2}>
            <Typography variant="subtitle2">
              {documents.length
                ? `${accepted} accepted, ${refused} refused`
                : 'No ExternalSecret found in these files'}
            </Typography>
            <Table size="small" aria-label="Import check">
              <TableHead>
                <TableRow>
                  <TableCell>File</TableCell>
                  <TableCell>ExternalSecret</TableCell>
                  <TableCell>Outcome</TableCell>
                  <TableCell>Why</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {documents.map(d => (
                  <TableRow key={`${d.file}#${d.name}`}>
                    <TableCell>{d.file}</TableCell>
                    <TableCell>{d.name}</TableCell>
                    <TableCell>{d.outcome}</TableCell>
                    <TableCell>
                      {[...(d.issues ?? []), ...(d.notes ?? [])]
                        .map(i =>
                          i.path ? `${i.path}: ${i.message}` : i.message,
                        )
                        .join('; ')}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          onClick={() => run('dryRun')}
          disabled={busy || tooMany || all().length === 0}
        >
          Check
        </Button>
        <Button
          onClick={() => run('valid')}
          disabled={busy || !checked || accepted === 0 || refused === 0}
        >
          Import the valid ones
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={() => run('all')}
          disabled={busy || !checked || accepted === 0 || refused > 0}
        >
          Import all
        </Button>
      </DialogActions>
    </Dialog>
  );
}
