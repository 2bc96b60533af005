import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  RotateResult,
  StoreStatus,
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
import { secretsApiRef } from '../../api';
import { useSecretsAction } from '../../hooks';

/** Write-only: sent once, never shown again or kept beyond this dialog. */
interface Row {
  property: string;
  value: string;
}

const emptyRow = (): Row => ({ property: '', value: '' });

/**
 * Push (portal → Vault): an owner writes values into a path below the entity's allowed
 * prefixes, as a new secret or a new version of the one they saw, with check-and-set.
 * Every mapping reading the path is synced. Values are write-only.
 */
export function PushDialog(props: {
  open: boolean;
  entityRef: string;
  stores: StoreStatus[];
  onClose(): void;
  onDone(result: RotateResult): void;
}) {
  const secretsApi = useApi(secretsApiRef);
  const usable = props.stores.filter(
    s => s.kvVersion === 2 && s.allowedPrefixes?.length,
  );
  const [store, setStore] = useState('');
  const [key, setKey] = useState('');
  const [existing, setExisting] = useState(false);
  const [version, setVersion] = useState('');
  const [rows, setRows] = useState<Row[]>([emptyRow()]);
  const [confirmUnmanaged, setConfirmUnmanaged] = useState(false);
  const { busy, error, clearError, run } = useSecretsAction();

  useEffect(() => {
    if (!props.open) return;
    // Every opening starts empty: nothing typed before is kept.
    const first = usable[0];
    setStore(first?.name ?? '');
    setKey(first?.allowedPrefixes?.[0] ? `${first.allowedPrefixes[0]}/` : '');
    setExisting(false);
    setVersion('');
    setRows([emptyRow()]);
    setConfirmUnmanaged(false);
    clearError();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open]);

  const issueAt = (path: string) => error?.issueAt(path);
  const setRow = (i: number, change: Partial<Row>) =>
    setRows(rs => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const prefixes = usable.find(s => s.name === store)?.allowedPrefixes ?? [];

  // 0 asks Vault to create; anything that is not a number is passed on for the API to name.
  const expectedVersion = (): number => {
    if (!existing) return 0;
    return /^\d+$/.test(version) ? Number(version) : (version as never);
  };

  const push = async () => {
    const result = await run(() =>
      secretsApi.pushSecret(props.entityRef, {
        store,
        key,
        values: Object.fromEntries(rows.map(r => [r.property, r.value])),
        expectedVersion: expectedVersion(),
        ...(confirmUnmanaged ? { confirmUnmanaged } : {}),
      }),
    );
    if (!result) return;
    // Write-only: typed values leave the page as soon as Vault has them.
    setRows([emptyRow()]);
    props.onDone(result);
  };

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="push-title"
    >
      <DialogTitle id="push-title">Push values to Vault</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" paragraph>
          The values are written to Vault and never shown again. Every mapping
          that reads the path is synced at once.
        </Typography>
        <Grid container spacing={2}>
          <Grid item xs={12} sm={4}>
            <TextField
              select
              fullWidth
              label="Vault store"
              value={store}
              onChange={e => setStore(e.target.value)}
              error={Boolean(issueAt('store'))}
              helperText={
                issueAt('store') ?? 'KV v2 stores this entity may use'
              }
              inputProps={{ 'aria-label': 'Push store' }}
            >
              {usable.map(s => (
                <MenuItem key={s.name} value={s.name}>
                  {s.name} ({s.mount})
                </MenuItem>
              ))}
            </TextField>
          </Grid>
          <Grid item xs={12} sm={8}>
            <TextField
              fullWidth
              label="Vault path"
              value={key}
              onChange={e => setKey(e.target.value)}
              error={Boolean(issueAt('key'))}
              helperText={
                issueAt('key') ??
                `Below ${prefixes.map(p => `${p}/`).join(', ') || '(none)'}`
              }
              inputProps={{ 'aria-label': 'Push path' }}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <FormControlLabel
              control={
                <Checkbox
                  checked={existing}
                  onChange={e => setExisting(e.target.checked)}
                />
              }
              label="Replace an existing secret (a new version)"
            />
          </Grid>
          {existing && (
            <Grid item xs={12} sm={6}>
              <TextField
                fullWidth
                label="Version you are replacing"
                value={version}
                onChange={e => setVersion(e.target.value)}
                error={Boolean(issueAt('expectedVersion'))}
                helperText={
                  issueAt('expectedVersion') ??
                  'The current version; a newer one refuses the push'
                }
                inputProps={{ 'aria-label': 'Expected version' }}
              />
            </Grid>
          )}
          {rows.map((row, i) => (
            <Grid
              item
              xs={12}
              container
              spacing={1}
              key={i}
              alignItems="center"
            >
              <Grid item xs={5}>
                <TextField
                  fullWidth
                  label={`Property ${i + 1}`}
                  value={row.property}
                  onChange={e => setRow(i, { property: e.target.value })}
                  inputProps={{ 'aria-label': `Push property ${i + 1}` }}
                />
              </Grid>
              <Grid item xs={6}>
                <TextField
                  fullWidth
                  type="password"
                  autoComplete="new-password"
                  label={`Value ${i + 1}`}
                  value={row.value}
                  onChange={e => setRow(i, { value: e.target.value })}
                  error={Boolean(issueAt(`values["${row.property}"]`))}
                  helperText={
                    issueAt(`values["${row.property}"]`) ?? 'write-only'
                  }
                  inputProps={{ 'aria-label': `Push value ${i + 1}` }}
                />
              </Grid>
              <Grid item xs={1}>
                <IconButton
                  aria-label={`Remove property ${i + 1}`}
                  disabled={rows.length === 1}
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                >
                  <DeleteIcon />
                </IconButton>
              </Grid>
            </Grid>
          ))}
          <Grid item xs={12}>
            <Button size="small" onClick={() => setRows([...rows, emptyRow()])}>
              Add property
            </Button>
          </Grid>
          {existing && (
            <Grid item xs={12}>
              <FormControlLabel
                control={
                  <Checkbox
                    checked={confirmUnmanaged}
                    onChange={e => setConfirmUnmanaged(e.target.checked)}
                  />
                }
                label="I confirm: replace data even if it was not written by Backstage Secrets"
              />
            </Grid>
          )}
        </Grid>
        {error && (
          <Box mt={2}>
            <Alert severity="error">
              {error.message}
              {error.issues?.length
                ? `: ${error.issues
                    .map(i => `${i.path} ${i.message}`)
                    .join('; ')}`
                : ''}
            </Alert>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !store || !key}
          onClick={push}
        >
          Push
        </Button>
      </DialogActions>
    </Dialog>
  );
}
