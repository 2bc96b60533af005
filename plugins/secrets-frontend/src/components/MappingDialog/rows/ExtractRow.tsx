import { Grid, IconButton, TextField } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import type { FieldProps } from './fieldProps';

/** One `dataFrom[].extract`: every key of a Vault path. */
export function ExtractRow(props: {
  index: number;
  path: string;
  field: FieldProps;
  onChange(path: string): void;
  onRemove(): void;
}) {
  const i = props.index;
  return (
    <Grid item xs={12} container spacing={1}>
      <Grid item xs={11}>
        <TextField
          fullWidth
          label="All keys of Vault path"
          value={props.path}
          onChange={e => props.onChange(e.target.value)}
          {...props.field(`spec.dataFrom[${i}].extract.key`)}
          inputProps={{ 'aria-label': `All keys of Vault path ${i + 1}` }}
        />
      </Grid>
      <Grid item xs={1}>
        <IconButton
          aria-label={`Remove extract ${i + 1}`}
          onClick={props.onRemove}
        >
          <DeleteIcon />
        </IconButton>
      </Grid>
    </Grid>
  );
}
