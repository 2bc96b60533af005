import type { MappingView } from '@backstage-secrets/plugin-secrets-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@material-ui/core';

/**
 * Asks before an action on a mapping, saying what it will do: open while `mapping` is
 * set, the buttons disabled while the action runs.
 */
export function ConfirmMappingDialog(props: {
  mapping?: MappingView;
  /** Unique on the page: names the dialog by its title. */
  id: string;
  title(m: MappingView): string;
  consequence(m: MappingView): string;
  confirmLabel: string;
  busy: boolean;
  onCancel(): void;
  onConfirm(m: MappingView): void;
}) {
  const { mapping } = props;
  return (
    <Dialog
      open={Boolean(mapping)}
      onClose={props.onCancel}
      aria-labelledby={`${props.id}-title`}
    >
      <DialogTitle id={`${props.id}-title`}>
        {mapping && props.title(mapping)}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {mapping && props.consequence(mapping)}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel} disabled={props.busy}>
          Cancel
        </Button>
        <Button
          color="secondary"
          variant="contained"
          disabled={props.busy}
          onClick={() => mapping && props.onConfirm(mapping)}
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
