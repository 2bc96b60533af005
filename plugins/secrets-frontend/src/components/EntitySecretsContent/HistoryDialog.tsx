import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { MappingView } from '@backstage-secrets/plugin-secrets-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { secretsApiRef } from '../../api';
import { relativeTime } from '../shared/time';

/** A mapping's history, newest first: what happened, where, who did it. */
export function HistoryDialog({
  mapping,
  onClose,
}: {
  mapping?: MappingView;
  onClose(): void;
}) {
  const secretsApi = useApi(secretsApiRef);
  const { value, loading, error } = useAsync(
    async () => (mapping ? secretsApi.listEvents(mapping.id, 100) : []),
    [mapping, secretsApi],
  );
  return (
    <Dialog
      open={Boolean(mapping)}
      onClose={onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="history-title"
    >
      <DialogTitle id="history-title">
        History of {mapping?.spec.target.name}
      </DialogTitle>
      <DialogContent dividers>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        <List dense>
          {value?.map(e => (
            <ListItem key={e.id}>
              <ListItemText
                primary={`${e.type}${
                  e.reason && e.reason !== e.type ? ` (${e.reason})` : ''
                } — ${e.cluster}`}
                secondary={`${e.message ?? ''} · ${e.actor} · ${relativeTime(
                  e.at,
                )}`}
              />
            </ListItem>
          ))}
          {value?.length === 0 && <ListItem>No events yet.</ListItem>}
        </List>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
