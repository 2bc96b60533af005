import { Grid, IconButton, TextField } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import type { MappingForm } from '../formModel';
import type { FieldProps } from './fieldProps';

type Template = MappingForm['templates'][number];

/** One `target.template.data` entry: a Secret key and its ESO v2 template. */
export function TemplateRow(props: {
  index: number;
  template: Template;
  field: FieldProps;
  onChange(change: Partial<Template>): void;
  onRemove(): void;
}) {
  const { index: i, template: t } = props;
  return (
    <Grid item xs={12} container spacing={1}>
      <Grid item xs={12} sm={3}>
        <TextField
          fullWidth
          label="Templated key"
          value={t.key}
          onChange={e => props.onChange({ key: e.target.value })}
          inputProps={{ 'aria-label': `Templated key ${i + 1}` }}
        />
      </Grid>
      <Grid item xs={11} sm={8}>
        <TextField
          fullWidth
          multiline
          minRows={2}
          label="Template (ESO v2)"
          value={t.template}
          onChange={e => props.onChange({ template: e.target.value })}
          {...props.field(`spec.target.template.data["${t.key}"]`)}
          inputProps={{
            'aria-label': `Template ${i + 1}`,
            style: { fontFamily: 'monospace' },
          }}
        />
      </Grid>
      <Grid item xs={1}>
        <IconButton
          aria-label={`Remove template ${i + 1}`}
          onClick={props.onRemove}
        >
          <DeleteIcon />
        </IconButton>
      </Grid>
    </Grid>
  );
}
