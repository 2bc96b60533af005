import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ApiIssue,
  MappingSpec,
  StoreStatus,
} from '@backstage-secrets/plugin-secrets-common';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import { secretsApiRef } from '../../api';
import { ImportStoreField } from '../shared/ImportStoreField';

/** Paste an ESO ExternalSecret; the backend converts it (dry run) and the form is filled in. */
export function ImportPanel(props: {
  entityRef: string;
  stores: StoreStatus[];
  busy: boolean;
  run(action: () => Promise<void>): void;
  onConverted(spec: MappingSpec, notes: ApiIssue[]): void;
}) {
  const secretsApi = useApi(secretsApiRef);
  const [yaml, setYaml] = useState('');
  const [store, setStore] = useState('');
  const convert = () =>
    props.run(async () => {
      const result = await secretsApi.importExternalSecret(props.entityRef, {
        yaml,
        ...(store ? { store } : {}),
        dryRun: true,
      });
      props.onConverted(result.spec, result.notes);
    });
  return (
    <Box mt={2}>
      <Typography variant="body2" gutterBottom>
        Paste an ExternalSecret (external-secrets.io v1beta1 or v1). Fields that
        Backstage Secrets cannot honour are listed by name; nothing is saved
        until you add the mapping.
      </Typography>
      <ImportStoreField
        stores={props.stores}
        value={store}
        onChange={setStore}
        ariaLabel="Import store"
        keepLabel="as in the manifest"
      />
      <TextField
        fullWidth
        multiline
        minRows={12}
        label="ExternalSecret YAML"
        value={yaml}
        onChange={e => setYaml(e.target.value)}
        inputProps={{
          'aria-label': 'ExternalSecret YAML',
          style: { fontFamily: 'monospace' },
        }}
      />
      <Box mt={1}>
        <Button
          variant="outlined"
          onClick={convert}
          disabled={props.busy || !yaml.trim()}
        >
          Convert
        </Button>
      </Box>
    </Box>
  );
}
