import { useState } from 'react';
import {
  InfoCard,
  ResponseErrorPanel,
  Table,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { AuditPathConsumer } from '@backstage-secrets/plugin-secrets-common';
import { Box, Button, TextField } from '@material-ui/core';
import { secretsApiRef } from '../../api';

/** "Who reads this Vault path?": every entity, cluster and Secret consuming it. */
export function ReverseLookup() {
  const secretsApi = useApi(secretsApiRef);
  const [store, setStore] = useState('');
  const [key, setKey] = useState('');
  const [result, setResult] = useState<AuditPathConsumer[]>();
  const [error, setError] = useState<Error>();
  const search = async () => {
    setError(undefined);
    try {
      setResult(await secretsApi.auditPaths(store, key));
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <InfoCard title="Reverse lookup: who consumes a Vault path?">
      <Box
        component="form"
        display="flex"
        style={{ gap: 16 }}
        onSubmit={(e: React.FormEvent) => {
          e.preventDefault();
          search();
        }}
      >
        <TextField
          label="Store"
          value={store}
          onChange={e => setStore(e.target.value)}
          inputProps={{ 'aria-label': 'Lookup store' }}
          required
        />
        <TextField
          label="Vault path"
          value={key}
          onChange={e => setKey(e.target.value)}
          inputProps={{ 'aria-label': 'Lookup Vault path' }}
          required
          style={{ minWidth: 320 }}
        />
        <Button type="submit" variant="outlined">
          Look up
        </Button>
      </Box>
      {error && <ResponseErrorPanel error={error} />}
      {result && (
        <Table
          options={{
            paging: false,
            search: false,
            padding: 'dense',
            toolbar: false,
          }}
          columns={[
            { title: 'Entity', field: 'entityRef' },
            { title: 'Cluster', field: 'cluster' },
            { title: 'Secret', render: c => `${c.namespace}/${c.secretName}` },
            { title: 'Field', field: 'field' },
          ]}
          data={result}
          emptyContent={<Box p={2}>No mapping reads this path.</Box>}
        />
      )}
    </InfoCard>
  );
}
