import { Grid, IconButton, TextField } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import Autocomplete from '@material-ui/lab/Autocomplete';
import type { MappingForm } from '../formModel';
import type { FieldProps } from './fieldProps';

type Entry = MappingForm['entries'][number];

/** One `data[]` entry: the Secret key, the Vault path (suggested from the allowed prefixes), property and version. */
export function KeyRow(props: {
  index: number;
  entry: Entry;
  prefixes: string[];
  field: FieldProps;
  onChange(change: Partial<Entry>): void;
  onRemove(): void;
}) {
  const { index: i, entry, field, onChange } = props;
  return (
    <Grid item xs={12} container spacing={1} alignItems="flex-start">
      <Grid item xs={12} sm={3}>
        <TextField
          fullWidth
          label="Secret key"
          value={entry.secretKey}
          onChange={e => onChange({ secretKey: e.target.value })}
          {...field(`spec.data[${i}].secretKey`)}
          inputProps={{ 'aria-label': `Secret key ${i + 1}` }}
        />
      </Grid>
      <Grid item xs={12} sm={4}>
        <Autocomplete
          freeSolo
          options={props.prefixes}
          value={entry.key}
          inputValue={entry.key}
          // "reset" is MUI syncing the input on mount; ignoring it keeps an edited row's path.
          onInputChange={(_, value, reason) => {
            if (reason !== 'reset') onChange({ key: value });
          }}
          onChange={(_, value) => onChange({ key: value ?? '' })}
          renderInput={params => (
            <TextField
              {...params}
              label="Vault path"
              {...field(`spec.data[${i}].remoteRef.key`)}
              inputProps={{
                ...params.inputProps,
                'aria-label': `Vault path ${i + 1}`,
              }}
            />
          )}
        />
      </Grid>
      <Grid item xs={8} sm={3}>
        <TextField
          fullWidth
          label="Property"
          value={entry.property}
          onChange={e => onChange({ property: e.target.value })}
          {...field(`spec.data[${i}].remoteRef.property`)}
          inputProps={{ 'aria-label': `Property ${i + 1}` }}
        />
      </Grid>
      <Grid item xs={3} sm={1}>
        <TextField
          fullWidth
          label="Version"
          value={entry.version}
          onChange={e => onChange({ version: e.target.value })}
          {...field(`spec.data[${i}].remoteRef.version`)}
          inputProps={{ 'aria-label': `Version ${i + 1}` }}
        />
      </Grid>
      <Grid item xs={1}>
        <IconButton aria-label={`Remove key ${i + 1}`} onClick={props.onRemove}>
          <DeleteIcon />
        </IconButton>
      </Grid>
    </Grid>
  );
}
