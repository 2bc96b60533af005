import type {
  ClusterInfo,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Grid,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { DynamicSourceFields } from './DynamicSourceFields';
import { emptyEntry, type MappingForm } from './formModel';
import { ExtractRow } from './rows/ExtractRow';
import type { FieldProps } from './rows/fieldProps';
import { KeyRow } from './rows/KeyRow';
import { PolicySelect } from './rows/PolicySelect';
import { TemplateRow } from './rows/TemplateRow';

const SECRET_TYPES = [
  'Opaque',
  'kubernetes.io/dockerconfigjson',
  'kubernetes.io/tls',
  'kubernetes.io/basic-auth',
  'kubernetes.io/ssh-auth',
];

export interface MappingFieldsProps {
  form: MappingForm;
  update(change: Partial<MappingForm>): void;
  /** The problem of a field by its API path (`spec.target.name`), if any. */
  issueAt(path: string): string | undefined;
  stores: StoreStatus[];
  clusters: ClusterInfo[];
}

/** The first problem of any restart target, by the index the parsed list gives it. */
function restartProblem(
  issueAt: (path: string) => string | undefined,
  text: string,
) {
  const count = text.split(',').filter(p => p.trim()).length;
  for (let i = 0; i < count; i++) {
    for (const field of ['', '.kind', '.name']) {
      const message = issueAt(
        `spec.target.rolloutRestartTargets[${i}]${field}`,
      );
      if (message) return `Entry ${i + 1}: ${message}`;
    }
  }
  return issueAt('spec.target.rolloutRestartTargets');
}

/** The mapping form's fields; each shows the issue the API or the local rules name for it. */
export function MappingFields({
  form,
  update,
  issueAt,
  stores,
  clusters,
}: MappingFieldsProps) {
  const field: FieldProps = path => ({
    error: Boolean(issueAt(path)),
    helperText: issueAt(path),
  });
  const store = stores.find(s => s.name === form.store);
  // A KV source needs allowed paths; a dynamic one needs allowed roles of its engine.
  const usable = (s: MappingFieldsProps['stores'][number]) =>
    form.source === 'kv'
      ? Boolean(s.allowedPrefixes?.length)
      : (s.allowedDynamicPaths ?? []).some(p =>
          p.includes(form.source === 'pki' ? '/issue/' : '/creds/'),
        );
  const what = form.source === 'kv' ? 'paths' : 'roles of this engine';
  const prefixes = (store?.allowedPrefixes ?? []).map(p => `${p}/`);
  const namespaces = [
    ...new Set(
      clusters
        .filter(c => form.clusters.includes(c.name))
        .flatMap(c => c.namespaces ?? []),
    ),
  ];
  const setEntry = (
    i: number,
    change: Partial<MappingForm['entries'][number]>,
  ) =>
    update({
      entries: form.entries.map((e, j) => (j === i ? { ...e, ...change } : e)),
    });

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={4}>
        <TextField
          select
          fullWidth
          label="Source"
          value={form.source}
          onChange={e => {
            const source = e.target.value as MappingForm['source'];
            // A certificate belongs in a TLS Secret; switching back leaves a chosen type alone.
            let type = form.type;
            if (source === 'pki') type = 'kubernetes.io/tls';
            else if (type === 'kubernetes.io/tls') type = 'Opaque';
            update({ source, type });
          }}
          inputProps={{ 'aria-label': 'Source' }}
        >
          <MenuItem value="kv">Vault KV secrets</MenuItem>
          <MenuItem value="database">Database credentials (dynamic)</MenuItem>
          <MenuItem value="pki">Certificate (PKI)</MenuItem>
        </TextField>
      </Grid>
      <Grid item xs={12} sm={8}>
        <TextField
          select
          fullWidth
          label="Vault store"
          value={form.store}
          onChange={e => update({ store: e.target.value })}
          {...field('spec.store')}
          helperText={
            issueAt('spec.store') ??
            (prefixes.length
              ? `Paths below ${prefixes.join(', ')}`
              : 'Stores this entity may use')
          }
          inputProps={{ 'aria-label': 'Vault store' }}
        >
          {stores.map(s => (
            <MenuItem key={s.name} value={s.name} disabled={!usable(s)}>
              {s.name} (KV v{s.kvVersion}, {s.mount})
              {usable(s) ? '' : ` — no ${what} allowed for this entity`}
              {s.health.sealed ? ' — sealed' : ''}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={12} sm={6}>
        <TextField
          select
          fullWidth
          label="Clusters"
          SelectProps={{ multiple: true }}
          value={form.clusters}
          onChange={e =>
            update({ clusters: e.target.value as unknown as string[] })
          }
          {...field('spec.target.clusters')}
          inputProps={{ 'aria-label': 'Clusters' }}
        >
          {clusters.map(c => (
            <MenuItem key={c.name} value={c.name}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={12} sm={4}>
        <TextField
          select
          fullWidth
          label="Namespace"
          value={form.namespace}
          onChange={e => update({ namespace: e.target.value })}
          {...field('spec.target.namespace')}
          inputProps={{ 'aria-label': 'Namespace' }}
        >
          {(namespaces.includes(form.namespace) || !form.namespace
            ? namespaces
            : [...namespaces, form.namespace]
          ).map(n => (
            <MenuItem key={n} value={n}>
              {n}
            </MenuItem>
          ))}
        </TextField>
      </Grid>
      <Grid item xs={12} sm={4}>
        <TextField
          fullWidth
          label="Secret name"
          value={form.name}
          onChange={e => update({ name: e.target.value })}
          {...field('spec.target.name')}
          inputProps={{ 'aria-label': 'Secret name' }}
        />
      </Grid>
      <Grid item xs={12} sm={4}>
        <Autocomplete
          freeSolo
          options={SECRET_TYPES}
          value={form.type}
          // "reset" is MUI syncing the input to the value on mount: not a user edit.
          onInputChange={(_, value, reason) => {
            if (reason !== 'reset') update({ type: value });
          }}
          renderInput={params => (
            <TextField
              {...params}
              label="Secret type"
              {...field('spec.target.type')}
            />
          )}
        />
      </Grid>

      {form.source !== 'kv' && (
        <DynamicSourceFields
          form={form}
          update={update}
          issueAt={issueAt}
          allowed={store?.allowedDynamicPaths ?? []}
        />
      )}
      {form.source === 'kv' && (
        <Grid item xs={12}>
          <Typography variant="subtitle2">Keys</Typography>
        </Grid>
      )}
      {form.source === 'kv' &&
        form.entries.map((entry, i) => (
          <KeyRow
            key={i}
            index={i}
            entry={entry}
            prefixes={prefixes}
            field={field}
            onChange={change => setEntry(i, change)}
            onRemove={() =>
              update({ entries: form.entries.filter((_, j) => j !== i) })
            }
          />
        ))}
      {form.source === 'kv' &&
        form.extracts.map((path, i) => (
          <ExtractRow
            key={`x${i}`}
            index={i}
            path={path}
            field={field}
            onChange={value =>
              update({
                extracts: form.extracts.map((k, j) => (j === i ? value : k)),
              })
            }
            onRemove={() =>
              update({ extracts: form.extracts.filter((_, j) => j !== i) })
            }
          />
        ))}
      <Grid item xs={12}>
        {issueAt('spec.data') && (
          <Typography color="error" variant="body2">
            {issueAt('spec.data')}
          </Typography>
        )}
        {form.source === 'kv' && (
          <>
            <Button
              size="small"
              onClick={() =>
                update({ entries: [...form.entries, emptyEntry()] })
              }
            >
              Add key
            </Button>
            <Button
              size="small"
              onClick={() =>
                update({ extracts: [...form.extracts, prefixes[0] ?? ''] })
              }
            >
              Add all keys of a path
            </Button>
          </>
        )}
        <Button
          size="small"
          onClick={() =>
            update({
              templates: [...form.templates, { key: '', template: '' }],
            })
          }
        >
          Add template
        </Button>
      </Grid>

      {form.templates.map((t, i) => (
        <TemplateRow
          key={`t${i}`}
          index={i}
          template={t}
          field={field}
          onChange={change =>
            update({
              templates: form.templates.map((x, j) =>
                j === i ? { ...x, ...change } : x,
              ),
            })
          }
          onRemove={() =>
            update({ templates: form.templates.filter((_, j) => j !== i) })
          }
        />
      ))}

      <Grid item xs={12}>
        <TextField
          fullWidth
          label="Restart after a change"
          placeholder="Deployment/payments-api, StatefulSet/worker"
          value={form.restartTargets}
          onChange={e => update({ restartTargets: e.target.value })}
          error={Boolean(restartProblem(issueAt, form.restartTargets))}
          helperText={
            restartProblem(issueAt, form.restartTargets) ??
            `Workloads in ${
              form.namespace || 'the namespace'
            } to restart when the Secret's data changes (Deployment, StatefulSet, DaemonSet)`
          }
          inputProps={{ 'aria-label': 'Restart after a change' }}
        />
      </Grid>
      <Grid item xs={12}>
        <Box display="flex" style={{ gap: 16 }}>
          <TextField
            label="Refresh interval"
            value={form.refreshInterval}
            onChange={e => update({ refreshInterval: e.target.value })}
            {...field('spec.refreshInterval')}
            helperText={
              issueAt('spec.refreshInterval') ??
              'Go duration, e.g. 15m, 1h; 0 = once'
            }
            inputProps={{ 'aria-label': 'Refresh interval' }}
          />
          <PolicySelect
            label="Refresh policy"
            field="refreshPolicy"
            options={['Periodic', 'OnChange', 'CreatedOnce']}
            form={form}
            update={update}
          />
          <PolicySelect
            label="Creation policy"
            field="creationPolicy"
            options={['Owner', 'Merge', 'Orphan', 'None']}
            form={form}
            update={update}
          />
          <PolicySelect
            label="If deleted in Vault"
            field="deletionPolicy"
            options={['Retain', 'Delete', 'Merge']}
            form={form}
            update={update}
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={form.immutable}
                onChange={e => update({ immutable: e.target.checked })}
                inputProps={{ 'aria-label': 'Immutable Secret' }}
              />
            }
            label="Immutable"
            title="Written once with immutable: true; Vault changes reach it only after the Secret is deleted"
          />
        </Box>
      </Grid>
    </Grid>
  );
}
