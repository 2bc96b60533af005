import { useEffect, useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  exactVaultPaths,
  formatRestartTargets,
  type MappingView,
  type PasswordGeneratorSpec,
  type RotateResult,
  type SecretVersions,
} from '@backstage-secrets/plugin-secrets-common';
import {
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Grid,
  IconButton,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import { secretsApiRef, SecretsApiError } from '../../api';
import { useSecretsAction } from '../../hooks';
import { relativeTime } from '../shared/time';

interface Row {
  property: string;
  mode: 'generate' | 'value';
  length: string;
  noSymbols: boolean;
  /** Write-only: sent once, never shown again or stored beyond this dialog. */
  value: string;
}

const emptyRow = (property = ''): Row => ({
  property,
  mode: 'generate',
  length: '24',
  noSymbols: false,
  value: '',
});

/**
 * Rotate a Vault secret a mapping reads, or roll it back: shows the versions, what will
 * change (every mapping reading the path is synced, the named workloads restart), and asks
 * for confirmation. Values typed here are write-only; the answer names versions only.
 */
export function RotateDialog(props: {
  mapping?: MappingView;
  onClose(): void;
  onDone(result: RotateResult): void;
}) {
  const { mapping } = props;
  const secretsApi = useApi(secretsApiRef);
  const paths = mapping ? exactVaultPaths(mapping.spec) : [];
  const [key, setKey] = useState('');
  const [versions, setVersions] = useState<SecretVersions>();
  const [rows, setRows] = useState<Row[]>([emptyRow()]);
  const [confirmUnmanaged, setConfirmUnmanaged] = useState(false);
  const {
    busy,
    error,
    setError,
    clearError,
    run: runAction,
  } = useSecretsAction();
  const [rollbackTo, setRollbackTo] = useState<number>();

  useEffect(() => {
    if (!mapping) return;
    const first = exactVaultPaths(mapping.spec)[0] ?? '';
    setKey(first);
    const property = mapping.spec.data?.find(d => d.remoteRef.key === first)
      ?.remoteRef.property;
    setRows([emptyRow(property ?? '')]);
    setConfirmUnmanaged(false);
    clearError();
    setRollbackTo(undefined);
  }, [mapping, clearError]);

  useEffect(() => {
    setVersions(undefined);
    if (!mapping || !key) return;
    secretsApi
      .listVersions(mapping.id, key)
      .then(setVersions, e => setError(SecretsApiError.from(e)));
  }, [mapping, key, secretsApi, setError]);

  const run = async (action: () => Promise<RotateResult>) => {
    const result = await runAction(action);
    if (!result) return;
    // Write-only: typed values leave the page as soon as Vault has them.
    setRows(rs => rs.map(r => ({ ...r, value: '' })));
    props.onDone(result);
  };
  const rotate = () =>
    run(() => {
      const generate: Record<string, PasswordGeneratorSpec> = {};
      const values: Record<string, string> = {};
      for (const r of rows) {
        if (r.mode === 'value') values[r.property] = r.value;
        else
          generate[r.property] = {
            length: Number(r.length),
            ...(r.noSymbols ? { symbols: 0 } : {}),
          };
      }
      return secretsApi.rotateSecret(mapping!.id, {
        key,
        expectedVersion: versions!.currentVersion,
        ...(Object.keys(generate).length ? { generate } : {}),
        ...(Object.keys(values).length ? { values } : {}),
        ...(confirmUnmanaged ? { confirmUnmanaged } : {}),
      });
    });
  const rollback = (version: number) =>
    run(() =>
      secretsApi.rollbackSecret(mapping!.id, {
        key,
        version,
        expectedVersion: versions!.currentVersion,
        ...(confirmUnmanaged ? { confirmUnmanaged } : {}),
      }),
    );
  const setRow = (i: number, change: Partial<Row>) =>
    setRows(rs => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const restarts = mapping?.spec.target.rolloutRestartTargets ?? [];
  const needsConfirm =
    versions !== undefined && !versions.managed && !confirmUnmanaged;
  const issue = (path: string) => error?.issueAt(path);

  return (
    <Dialog
      open={Boolean(mapping)}
      onClose={busy ? undefined : props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="rotate-title"
    >
      <DialogTitle id="rotate-title">
        Rotate a secret of {mapping?.spec.target.name}
      </DialogTitle>
      <DialogContent dividers>
        {error && (
          <Box mb={2}>
            <Alert severity="error" role="alert">
              {error.message}
            </Alert>
          </Box>
        )}
        <TextField
          select
          label="Vault path"
          value={key}
          onChange={e => setKey(e.target.value)}
          fullWidth
          inputProps={{ 'aria-label': 'Vault path to rotate' }}
        >
          {paths.map(p => (
            <MenuItem key={p} value={p}>
              {p}
            </MenuItem>
          ))}
        </TextField>
        {!versions && key && !error && <Progress />}
        {versions && (
          <>
            <Box my={2}>
              <Typography variant="subtitle2">
                Versions (current: v{versions.currentVersion})
              </Typography>
              {versions.versions.slice(0, 10).map(v => {
                const synced = versions.synced
                  .filter(s => s.version === v.version)
                  .map(s => s.cluster);
                const gone = v.destroyed || Boolean(v.deletionTime);
                return (
                  <Box
                    key={v.version}
                    display="flex"
                    alignItems="center"
                    style={{ gap: 8 }}
                  >
                    <Typography variant="body2">
                      v{v.version} · {relativeTime(v.createdTime)}
                      {gone
                        ? ` · ${v.destroyed ? 'destroyed' : 'deleted'}`
                        : ''}
                      {synced.length ? ` · synced in ${synced.join(', ')}` : ''}
                    </Typography>
                    {v.version !== versions.currentVersion && !gone && (
                      <Button
                        size="small"
                        disabled={busy || needsConfirm}
                        onClick={() => setRollbackTo(v.version)}
                        aria-label={`Roll back to v${v.version}`}
                      >
                        Roll back to v{v.version}
                      </Button>
                    )}
                  </Box>
                );
              })}
            </Box>
            {!versions.managed && (
              <FormControlLabel
                control={
                  <Checkbox
                    checked={confirmUnmanaged}
                    onChange={e => setConfirmUnmanaged(e.target.checked)}
                  />
                }
                label="This secret was not written by Backstage Secrets. I confirm replacing values someone else may manage."
              />
            )}
            <Typography variant="subtitle2">New values</Typography>
            {rows.map((r, i) => (
              <Grid container spacing={1} key={i} alignItems="flex-start">
                <Grid item xs={3}>
                  <TextField
                    label="Property"
                    value={r.property}
                    onChange={e => setRow(i, { property: e.target.value })}
                    inputProps={{ 'aria-label': `Property to rotate ${i + 1}` }}
                  />
                </Grid>
                <Grid item xs={3}>
                  <TextField
                    select
                    label="New value"
                    value={r.mode}
                    onChange={e =>
                      setRow(i, { mode: e.target.value as Row['mode'] })
                    }
                    fullWidth
                  >
                    <MenuItem value="generate">Generate</MenuItem>
                    <MenuItem value="value">Enter a value</MenuItem>
                  </TextField>
                </Grid>
                {r.mode === 'generate' ? (
                  <>
                    <Grid item xs={2}>
                      <TextField
                        label="Length"
                        value={r.length}
                        onChange={e => setRow(i, { length: e.target.value })}
                        error={Boolean(
                          issue(`generate["${r.property}"].length`),
                        )}
                        helperText={issue(`generate["${r.property}"].length`)}
                        inputProps={{ 'aria-label': `Length ${i + 1}` }}
                      />
                    </Grid>
                    <Grid item xs={3}>
                      <FormControlLabel
                        control={
                          <Checkbox
                            checked={r.noSymbols}
                            onChange={e =>
                              setRow(i, { noSymbols: e.target.checked })
                            }
                          />
                        }
                        label="No symbols"
                      />
                    </Grid>
                  </>
                ) : (
                  <Grid item xs={5}>
                    <TextField
                      fullWidth
                      type="password"
                      autoComplete="new-password"
                      label="Value (write-only)"
                      value={r.value}
                      onChange={e => setRow(i, { value: e.target.value })}
                      error={Boolean(issue(`values["${r.property}"]`))}
                      helperText={issue(`values["${r.property}"]`)}
                      inputProps={{ 'aria-label': `Value ${i + 1}` }}
                    />
                  </Grid>
                )}
                <Grid item xs={1}>
                  <IconButton
                    aria-label={`Remove property ${i + 1}`}
                    onClick={() => setRows(rs => rs.filter((_, j) => j !== i))}
                  >
                    <DeleteIcon />
                  </IconButton>
                </Grid>
              </Grid>
            ))}
            <Button
              size="small"
              onClick={() => setRows(rs => [...rs, emptyRow()])}
            >
              Add property
            </Button>
            <Box mt={2}>
              <Alert severity="warning">
                {rollbackTo
                  ? `Writes v${rollbackTo}'s data as v${
                      versions.currentVersion + 1
                    } of ${key}. `
                  : `Writes v${
                      versions.currentVersion + 1
                    } of ${key} with the new values; other properties keep theirs. `}
                Every mapping that reads this path, of any service, is synced at
                once
                {restarts.length
                  ? `, and ${formatRestartTargets(restarts)} restart`
                  : ''}
                .
              </Alert>
            </Box>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        {rollbackTo ? (
          <Button
            color="secondary"
            variant="contained"
            disabled={busy || needsConfirm}
            onClick={() => rollback(rollbackTo)}
          >
            Confirm roll back to v{rollbackTo}
          </Button>
        ) : (
          <Button
            color="secondary"
            variant="contained"
            disabled={busy || !versions || needsConfirm || rows.length === 0}
            onClick={rotate}
          >
            Rotate
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
