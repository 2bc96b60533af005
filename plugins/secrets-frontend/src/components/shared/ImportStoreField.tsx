import type { StoreStatus } from '@backstage-secrets/plugin-secrets-common';
import { MenuItem, TextField } from '@material-ui/core';

/**
 * The store an import uses instead of the one its manifests name; empty keeps theirs. Only
 * stores that allow the entity some path are offered.
 */
export function ImportStoreField(props: {
  stores: StoreStatus[];
  value: string;
  onChange(store: string): void;
  /** The field's accessible name. */
  ariaLabel: string;
  /** The empty choice, e.g. "as in the manifest". */
  keepLabel: string;
}) {
  return (
    <TextField
      select
      label="Store (if the manifest names another)"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      style={{ minWidth: 320, marginBottom: 16 }}
      inputProps={{ 'aria-label': props.ariaLabel }}
    >
      <MenuItem value="">{props.keepLabel}</MenuItem>
      {props.stores
        .filter(s => s.allowedPrefixes?.length)
        .map(s => (
          <MenuItem key={s.name} value={s.name}>
            {s.name}
          </MenuItem>
        ))}
    </TextField>
  );
}
