import { useCallback, useState } from 'react';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  getEntityExternalSecretsPattern,
  type MappingView,
} from '@backstage-secrets/plugin-secrets-common';
import { Box, Button, Grid, Tooltip, Typography } from '@material-ui/core';
import { secretsApiRef } from '../../api';
import { useEntityMappings } from '../../hooks';
import { AdoptDialog } from '../AdoptDialog/AdoptDialog';
import { BulkImportDialog } from '../BulkImportDialog/BulkImportDialog';
import { MappingDialog } from '../MappingDialog/MappingDialog';
import { syncAlert, rotationAlert } from './alerts';
import { DeclaredPanel } from './DeclaredPanel';
import { DeleteDialog } from './DeleteDialog';
import { ReissueDialog } from './ReissueDialog';
import { HealthSummary } from './HealthSummary';
import { HistoryDialog } from './HistoryDialog';
import { KubernetesTabLink } from './KubernetesTabLink';
import { MappingsTable } from './MappingsTable';
import { download } from '../shared/download';
import { PushDialog } from '../PushDialog/PushDialog';
import { RotateDialog } from '../RotateDialog/RotateDialog';

/**
 * The Secrets tab of an entity page: the entity's Vault-to-Kubernetes mappings, their
 * health, and — for its owners — the controls to add, sync, edit and delete them. No
 * secret value is ever requested or shown.
 *
 * @public
 */
/** The dialog the tab shows, if any. */
type OpenDialog =
  | { kind: 'edit'; mapping?: MappingView }
  | {
      kind: 'delete' | 'history' | 'rotate' | 'reissue' | 'adopt';
      mapping: MappingView;
    }
  | { kind: 'push' }
  | { kind: 'bulkImport' };

export const EntitySecretsContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const secretsApi = useApi(secretsApiRef);
  const alertApi = useApi(alertApiRef);
  const state = useEntityMappings(entityRef);
  // At most one dialog is open; which one, and for which mapping.
  const [open, setOpen] = useState<OpenDialog>();
  const close = () => setOpen(undefined);
  const mappingIn = (kind: OpenDialog['kind']) =>
    open?.kind === kind && 'mapping' in open ? open.mapping : undefined;
  const deleting = mappingIn('delete');
  const reissuing = mappingIn('reissue');
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const { retry } = state;

  const withBusy = useCallback(
    async (id: string, action: () => Promise<void>) => {
      setBusy(b => new Set(b).add(id));
      try {
        await action();
      } catch (e) {
        alertApi.post({ message: (e as Error).message, severity: 'error' });
      } finally {
        setBusy(b => {
          const next = new Set(b);
          next.delete(id);
          return next;
        });
        retry();
      }
    },
    [alertApi, retry],
  );

  if (state.loading && !state.value) return <Progress />;
  if (state.error)
    return (
      <ResponseErrorPanel
        title="Could not load the secret mappings"
        error={state.error}
      />
    );
  const { mappings, stores, clusters } = state.value!;
  const { canEdit, owners } = mappings.access;
  const ownersText = owners.join(', ') || 'no owner recorded';
  const addButton = (
    <Tooltip
      title={
        canEdit
          ? 'Add a mapping'
          : `Only the owners (${ownersText}) or platform admins may add mappings`
      }
    >
      <span>
        <Button
          variant="contained"
          color="primary"
          disabled={!canEdit}
          onClick={() => setOpen({ kind: 'edit' })}
        >
          Add mapping
        </Button>
      </span>
    </Tooltip>
  );

  const importButton = (
    <Tooltip
      title={
        canEdit
          ? 'Import ExternalSecret files or a folder of them, checked first'
          : `Only the owners (${ownersText}) or platform admins may import`
      }
    >
      <span>
        <Button
          variant="outlined"
          disabled={!canEdit}
          onClick={() => setOpen({ kind: 'bulkImport' })}
        >
          Import YAML
        </Button>
      </span>
    </Tooltip>
  );
  const declaredPattern = getEntityExternalSecretsPattern(entity);

  return (
    <Grid container spacing={3} direction="column">
      {declaredPattern && (
        <Grid item>
          <DeclaredPanel
            entityRef={entityRef}
            pattern={declaredPattern}
            canEdit={canEdit}
            onChanged={retry}
          />
        </Grid>
      )}
      {mappings.items.length === 0 ? (
        <Grid item>
          <EmptyState
            missing="content"
            title="No secret mappings yet"
            description={
              canEdit
                ? 'A mapping copies values from Vault into a Kubernetes Secret of this service and keeps them in sync. Add one to start.'
                : `A mapping copies values from Vault into a Kubernetes Secret of this service. Ask its owners (${ownersText}) to add one.`
            }
            action={
              <Box display="flex" style={{ gap: 8 }}>
                {importButton}
                {addButton}
              </Box>
            }
          />
        </Grid>
      ) : (
        <>
          <Grid item>
            <HealthSummary
              mappings={mappings.items}
              stores={stores}
              clusters={clusters}
            />
          </Grid>
          <Grid item>
            <Box
              display="flex"
              justifyContent="space-between"
              alignItems="center"
              mb={1}
            >
              <Box display="flex" alignItems="center" style={{ gap: 16 }}>
                <Typography variant="body2" color="textSecondary">
                  Owned by {ownersText}.
                </Typography>
                <KubernetesTabLink entity={entity} />
              </Box>
              <Box display="flex" style={{ gap: 8 }}>
                <Tooltip
                  title={
                    canEdit
                      ? 'Write values into Vault below the paths this entity may use'
                      : `Only the owners (${ownersText}) or platform admins may push values`
                  }
                >
                  <span>
                    <Button
                      variant="outlined"
                      disabled={!canEdit}
                      onClick={() => setOpen({ kind: 'push' })}
                    >
                      Push to Vault
                    </Button>
                  </span>
                </Tooltip>
                {importButton}
                <Tooltip title="Download every mapping of this entity as ExternalSecret manifests">
                  <Button
                    variant="outlined"
                    onClick={() =>
                      withBusy('export-all', async () => {
                        download(
                          await secretsApi.exportEntityMappings(entityRef),
                          `${entity.metadata.name}.externalsecrets.yaml`,
                          'text/yaml',
                        );
                      })
                    }
                  >
                    Export all
                  </Button>
                </Tooltip>
                {addButton}
              </Box>
            </Box>
            <MappingsTable
              mappings={mappings.items}
              stores={stores}
              canEdit={canEdit}
              owners={owners}
              busy={busy}
              actions={{
                sync: m =>
                  withBusy(m.id, async () => {
                    const result = await secretsApi.syncMapping(m.id);
                    alertApi.post(syncAlert(m, result));
                  }),
                edit: m => setOpen({ kind: 'edit', mapping: m }),
                remove: m => setOpen({ kind: 'delete', mapping: m }),
                history: m => setOpen({ kind: 'history', mapping: m }),
                rotate: m => setOpen({ kind: 'rotate', mapping: m }),
                reissue: m => setOpen({ kind: 'reissue', mapping: m }),
                adopt: m => setOpen({ kind: 'adopt', mapping: m }),
                exportYaml: m =>
                  withBusy(m.id, async () => {
                    const yaml = await secretsApi.exportExternalSecret(m.id);
                    download(
                      yaml,
                      `${m.spec.target.name}.externalsecret.yaml`,
                      'text/yaml',
                    );
                  }),
              }}
            />
          </Grid>
        </>
      )}
      <MappingDialog
        open={open?.kind === 'edit'}
        mapping={mappingIn('edit')}
        entityRef={entityRef}
        stores={stores}
        clusters={clusters}
        onClose={close}
        onSaved={saved => {
          close();
          alertApi.post({
            message: `Mapping ${saved.spec.target.name} saved; syncing`,
            severity: 'success',
            display: 'transient',
          });
          // The backend starts the first sync at once; the tab looks again while it is Pending.
          retry();
        }}
      />
      <DeleteDialog
        mapping={deleting}
        busy={Boolean(deleting && busy.has(deleting.id))}
        onCancel={close}
        onConfirm={m =>
          withBusy(m.id, async () => {
            const result = await secretsApi.deleteMapping(m.id);
            close();
            const failed = result.secrets.filter(s => s.outcome === 'failed');
            alertApi.post({
              message: failed.length
                ? `Mapping deleted; the Secret could not be removed in ${failed
                    .map(f => f.cluster)
                    .join(', ')}: ${failed.map(f => f.message).join('; ')}`
                : `Mapping ${m.spec.target.name} deleted`,
              severity: failed.length ? 'warning' : 'success',
            });
          })
        }
      />
      <HistoryDialog mapping={mappingIn('history')} onClose={close} />
      <ReissueDialog
        mapping={reissuing}
        busy={Boolean(reissuing && busy.has(reissuing.id))}
        onCancel={close}
        onConfirm={m =>
          withBusy(m.id, async () => {
            const result = await secretsApi.reissueMapping(m.id);
            close();
            const failed = result.status.filter(s => s.status !== 'Synced');
            alertApi.post({
              message: failed.length
                ? `New values for ${
                    m.spec.target.name
                  } were not written: ${failed
                    .map(f => `${f.cluster}: ${f.message ?? f.reason}`)
                    .join('; ')}`
                : `New ${
                    m.spec.dynamic?.engine === 'pki'
                      ? 'certificate'
                      : 'credentials'
                  } issued for ${m.spec.target.name}`,
              severity: failed.length ? 'warning' : 'success',
            });
          })
        }
      />
      <AdoptDialog
        mapping={mappingIn('adopt')}
        onClose={close}
        onAdopted={result => {
          close();
          const adopted = result.filter(r => r.adopted).map(r => r.cluster);
          alertApi.post({
            message: adopted.length
              ? `Adopted in ${adopted.join(
                  ', ',
                )}; the Secret's data was not changed`
              : `Nothing adopted: ${result
                  .map(r => `${r.cluster}: ${r.message}`)
                  .join('; ')}`,
            severity: adopted.length ? 'success' : 'warning',
          });
          retry();
        }}
      />
      <BulkImportDialog
        open={open?.kind === 'bulkImport'}
        entityRef={entityRef}
        stores={stores}
        onClose={close}
        onImported={result => {
          close();
          const created = result.documents.filter(
            d => d.outcome === 'created',
          ).length;
          alertApi.post({
            message: `${created} mapping(s) imported; syncing`,
            severity: 'success',
            display: 'transient',
          });
          retry();
        }}
      />
      <PushDialog
        open={open?.kind === 'push'}
        entityRef={entityRef}
        stores={stores}
        onClose={close}
        onDone={result => {
          close();
          alertApi.post(rotationAlert(result));
          retry();
        }}
      />
      <RotateDialog
        mapping={mappingIn('rotate')}
        onClose={close}
        onDone={result => {
          close();
          alertApi.post(rotationAlert(result));
          retry();
        }}
      />
    </Grid>
  );
};
