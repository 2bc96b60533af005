import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  MappingView,
  SecretComparison,
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
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { secretsApiRef } from '../../api';

/** A Secret that can be taken over: someone else's, identical, and controlled by no object. */
const adoptable = (c: SecretComparison) =>
  c.secret === 'foreign' && c.matches && !c.controller;

/**
 * For a mapping whose Secret someone else wrote (status SecretNotOwned): what the mapping
 * would write against what is there, key by key (names only), and **Adopt**, which takes
 * over the Secrets that already match without rewriting them.
 */
export function AdoptDialog(props: {
  mapping?: MappingView;
  onClose(): void;
  onAdopted(result: SecretComparison[]): void;
}) {
  const secretsApi = useApi(secretsApiRef);
  const { mapping } = props;
  const [adopting, setAdopting] = useState(false);
  const [error, setError] = useState<string>();
  const compared = useAsyncRetry(
    async () => (mapping ? secretsApi.compareMapping(mapping.id) : []),
    [secretsApi, mapping?.id],
  );
  const items = compared.value ?? [];

  const adopt = async () => {
    if (!mapping) return;
    setAdopting(true);
    setError(undefined);
    try {
      props.onAdopted(await secretsApi.adoptMapping(mapping.id));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setAdopting(false);
    }
  };

  return (
    <Dialog
      open={Boolean(mapping)}
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
    >
      <DialogTitle>
        Compare {mapping?.spec.target.namespace}/{mapping?.spec.target.name}{' '}
        with the mapping
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          The mapping never overwrites a Secret it did not write. Here is what
          it would write against what the Secret holds, key by key — names only.
          A Secret that matches exactly can be adopted: it gets the mapping's
          labels and annotations, and its data is not touched.
        </Typography>
        {compared.loading && <Typography>Comparing…</Typography>}
        {compared.error && (
          <Alert severity="error">{compared.error.message}</Alert>
        )}
        {error && <Alert severity="error">{error}</Alert>}
        {items.map(c => (
          <Box key={c.cluster} mt={2} aria-label={`Comparison in ${c.cluster}`}>
            <Typography variant="subtitle2">
              {c.cluster}:{' '}
              {c.secret === 'foreign' ? 'written by someone else' : c.secret}
              {c.controller ? `, controlled by ${c.controller}` : ''}
              {c.type.live && c.type.live !== c.type.desired
                ? ` (type ${c.type.live}, the mapping writes ${c.type.desired})`
                : ''}
            </Typography>
            {c.message && (
              <Alert severity={c.matches ? 'info' : 'warning'}>
                {c.message}
              </Alert>
            )}
            {c.keys.length > 0 && (
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>Key</TableCell>
                    <TableCell>Compared</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {c.keys.map(k => (
                    <TableRow key={k.key}>
                      <TableCell>{k.key}</TableCell>
                      <TableCell>{k.status}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Box>
        ))}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        <Button onClick={compared.retry} disabled={compared.loading}>
          Compare again
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={adopt}
          disabled={adopting || !items.some(adoptable)}
        >
          Adopt
        </Button>
      </DialogActions>
    </Dialog>
  );
}
