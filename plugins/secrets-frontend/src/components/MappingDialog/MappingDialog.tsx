import { useEffect, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  validateMappingSpec,
  type ApiIssue,
  type ClusterInfo,
  type MappingPreview,
  type MappingView,
  type StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Tab,
  Tabs,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { secretsApiRef } from '../../api';
import { useSecretsAction } from '../../hooks';
import { emptyForm, fromSpec, toSpec, type MappingForm } from './formModel';
import { MappingFields } from './MappingFields';
import { ImportPanel } from './ImportPanel';

export interface MappingDialogProps {
  open: boolean;
  entityRef: string;
  /** The mapping to edit; absent to add one. */
  mapping?: MappingView;
  stores: StoreStatus[];
  clusters: ClusterInfo[];
  onClose(): void;
  onSaved(mapping: MappingView): void;
}

/**
 * Add or edit a mapping. The form is checked with the same rules as the API while the user
 * types; what the API still refuses (guardrails, collisions) appears next to the field it
 * names. Nothing here ever holds a secret value: the preview returns key names only.
 */
export function MappingDialog(props: MappingDialogProps) {
  const { open, entityRef, mapping, stores, clusters, onClose, onSaved } =
    props;
  const secretsApi = useApi(secretsApiRef);
  const initial = useMemo(() => {
    if (mapping) return fromSpec(mapping.spec);
    const usable = stores.filter(s => s.allowedPrefixes?.length);
    const namespaces = clusters[0]?.namespaces ?? [];
    return {
      unsupported: [],
      form: emptyForm({
        store: usable.length === 1 ? usable[0].name : '',
        clusters: clusters.length === 1 ? [clusters[0].name] : [],
        namespace: namespaces.length === 1 ? namespaces[0] : '',
      }),
    };
  }, [mapping, stores, clusters]);
  const [form, setForm] = useState<MappingForm>(initial.form);
  const [tab, setTab] = useState(0);
  const [touched, setTouched] = useState(false);
  const { busy, error: serverError, clearError, run } = useSecretsAction();
  const [preview, setPreview] = useState<MappingPreview>();
  const [notes, setNotes] = useState<ApiIssue[]>([]);

  useEffect(() => {
    if (open) {
      setForm(initial.form);
      setTab(0);
      setTouched(false);
      clearError();
      setPreview(undefined);
      setNotes([]);
    }
  }, [open, initial, clearError]);

  const spec = toSpec(form);
  const local = validateMappingSpec(spec);
  const localIssues = local.ok
    ? []
    : local.issues.map(i => ({ ...i, path: `spec.${i.path}` }));
  const issueAt = (path: string) =>
    serverError?.issueAt(path) ??
    (touched ? localIssues.find(i => i.path === path)?.message : undefined);
  const update = (change: Partial<MappingForm>) => {
    setForm(f => ({ ...f, ...change }));
    clearError();
    setPreview(undefined);
  };

  const save = () => {
    setTouched(true);
    if (!local.ok) return;
    run(async () => {
      const saved = mapping
        ? await secretsApi.updateMapping(mapping.id, spec, mapping.revision)
        : await secretsApi.createMapping(entityRef, spec);
      onSaved(saved);
    });
  };

  const runPreview = () => {
    setTouched(true);
    if (!local.ok) return;
    run(async () =>
      setPreview(await secretsApi.previewMapping(entityRef, spec)),
    );
  };

  // Issues the form cannot place next to a field are listed at the top.
  const fieldless =
    serverError?.issues.filter(
      i => !i.path.startsWith('spec.') || i.path === 'spec',
    ) ?? [];
  return (
    <Dialog
      open={open}
      onClose={busy ? undefined : onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="mapping-dialog-title"
    >
      <DialogTitle id="mapping-dialog-title">
        {mapping ? `Edit ${mapping.spec.target.name}` : 'Add mapping'}
      </DialogTitle>
      <DialogContent dividers>
        {!mapping && (
          <Tabs
            value={tab}
            onChange={(_, v) => setTab(v)}
            indicatorColor="primary"
            aria-label="How to add"
          >
            <Tab label="Form" />
            <Tab label="Import ESO YAML" />
          </Tabs>
        )}
        {serverError && (
          <Box my={1}>
            <Alert severity="error" role="alert">
              {serverError.issues.length
                ? 'The backend refused the mapping; see the fields below.'
                : serverError.message}
              {fieldless.map(i => (
                <div key={`${i.path}:${i.message}`}>
                  {i.path ? `${i.path}: ` : ''}
                  {i.message}
                </div>
              ))}
            </Alert>
          </Box>
        )}
        {notes.length > 0 && (
          <Box my={1}>
            <Alert severity="info">
              {notes.map(n => (
                <div key={`${n.path}:${n.message}`}>
                  {n.path}: {n.message}
                </div>
              ))}
            </Alert>
          </Box>
        )}
        {initial.unsupported.length > 0 && (
          <Box my={1}>
            <Alert severity="info">
              {initial.unsupported.join(', ')} cannot be edited here and will be
              kept as they are.
            </Alert>
          </Box>
        )}
        {tab === 1 && !mapping ? (
          <ImportPanel
            entityRef={entityRef}
            stores={stores}
            busy={busy}
            onConverted={(converted, importNotes) => {
              setForm(fromSpec(converted).form);
              setNotes(importNotes);
              setTab(0);
            }}
            run={run}
          />
        ) : (
          <MappingFields
            form={form}
            update={update}
            issueAt={issueAt}
            stores={stores}
            clusters={clusters}
          />
        )}
        {preview && (
          <Box mt={2} aria-label="Preview">
            <Typography variant="subtitle2">Preview (names only)</Typography>
            <Typography variant="body2">
              Reads:{' '}
              {preview.reads
                .map(r => `${r.key}${r.version ? ` (v${r.version})` : ''}`)
                .join(', ')}
            </Typography>
            <Typography variant="body2">
              Secret ({preview.type}) keys:{' '}
              {preview.secretKeys.join(', ') || 'none'}
            </Typography>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button onClick={runPreview} disabled={busy || tab === 1}>
          Preview
        </Button>
        <Button
          onClick={save}
          color="primary"
          variant="contained"
          disabled={busy || tab === 1}
        >
          {mapping ? 'Save' : 'Add'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
