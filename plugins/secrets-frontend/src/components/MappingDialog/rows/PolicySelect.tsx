import { MenuItem, TextField } from '@material-ui/core';
import type { MappingForm } from '../formModel';

type PolicyField = 'refreshPolicy' | 'creationPolicy' | 'deletionPolicy';

/** One of the mapping's policy choices as a select of its allowed values. */
export function PolicySelect(props: {
  label: string;
  field: PolicyField;
  options: string[];
  form: MappingForm;
  update(change: Partial<MappingForm>): void;
}) {
  return (
    <TextField
      select
      label={props.label}
      style={{ minWidth: 150 }}
      value={props.form[props.field]}
      onChange={e =>
        props.update({ [props.field]: e.target.value } as Partial<MappingForm>)
      }
    >
      {props.options.map(v => (
        <MenuItem key={v} value={v}>
          {v}
        </MenuItem>
      ))}
    </TextField>
  );
}
