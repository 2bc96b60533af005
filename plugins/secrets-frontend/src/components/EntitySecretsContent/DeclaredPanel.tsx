import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { DeclaredMappings } from '@backstage-secrets/plugin-secrets-common';
import { Box, Button, Tooltip, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { secretsApiRef } from '../../api';
import { DeclaredFileLink } from '../shared/SourceLink';
import { relativeTime } from '../shared/time';

/**
 * What the entity declares in its repository (`secrets.backstage.io/external-secrets`):
 * when the files were last read, why they could not be, and each refused document with
 * the fields that stop it. Owners may read the files again at once.
 */
export function DeclaredPanel(props: {
  entityRef: string;
  pattern: string;
  canEdit: boolean;
  /** Called after a read on demand, so the mappings table shows what it changed. */
  onChanged(): void;
}) {
  const secretsApi = useApi(secretsApiRef);
  const { entityRef, pattern, canEdit, onChanged } = props;
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string>();
  const state = useAsyncRetry(
    () => secretsApi.getDeclaredMappings(entityRef),
    [secretsApi, entityRef],
  );
  const status: DeclaredMappings | undefined = state.value;
  const refused = status?.documents.filter(d => d.outcome === 'refused') ?? [];

  const readNow = async () => {
    setReading(true);
    setReadError(undefined);
    try {
      await secretsApi.refreshDeclaredMappings(entityRef);
      state.retry();
      onChanged();
    } catch (e) {
      setReadError((e as Error).message);
    } finally {
      setReading(false);
    }
  };

  return (
    <Box mb={2} aria-label="Declared in Git">
      <Box display="flex" alignItems="center" style={{ gap: 16 }}>
        <Typography variant="body2">
          Mappings declared in Git: <code>{pattern}</code>
          {status?.checkedAt
            ? `, read ${relativeTime(status.checkedAt)}`
            : ', not read yet'}
          . They change with their files; edit those, not this page.
        </Typography>
        <Tooltip
          title={
            canEdit
              ? 'Read the files now instead of at the next scheduled read'
              : 'Only the owners or platform admins may read the files on demand'
          }
        >
          <span>
            <Button
              size="small"
              variant="outlined"
              disabled={!canEdit || reading}
              onClick={readNow}
            >
              {reading ? 'Reading…' : 'Read files now'}
            </Button>
          </span>
        </Tooltip>
      </Box>
      {state.error && (
        <Alert severity="warning">
          Could not load the declared files' status: {state.error.message}
        </Alert>
      )}
      {readError && <Alert severity="error">{readError}</Alert>}
      {status?.error && <Alert severity="error">{status.error}</Alert>}
      {refused.map(d => (
        <Alert
          key={`${d.file}#${d.name}`}
          severity="error"
          aria-label={`Refused ${d.name}`}
        >
          <DeclaredFileLink url={d.file} />: ExternalSecret <b>{d.name}</b> is
          refused{d.mappingId ? ' (its previous version is kept)' : ''}:{' '}
          {(d.issues ?? [])
            .map(i => (i.path ? `${i.path}: ${i.message}` : i.message))
            .join('; ')}
        </Alert>
      ))}
    </Box>
  );
}
