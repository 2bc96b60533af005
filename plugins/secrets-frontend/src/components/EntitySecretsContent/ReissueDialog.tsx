import {
  formatRestartTargets,
  type MappingView,
} from '@backstage-secrets/plugin-secrets-common';
import { ConfirmMappingDialog } from '../shared/ConfirmMappingDialog';

/** What re-issuing a dynamic mapping changes, said before it happens. */
export function reissueConsequence(m: MappingView): string {
  const t = m.spec.target;
  const restarts = t.rolloutRestartTargets?.length
    ? ` ${formatRestartTargets(t.rolloutRestartTargets)} restart${
        t.rolloutRestartTargets.length > 1 ? '' : 's'
      }.`
    : ' No workload is restarted (the mapping names none).';
  const old =
    m.spec.dynamic?.engine === 'pki'
      ? ' The current certificate stays valid until it expires.'
      : ' The current lease is revoked: anything still using the old credentials stops working.';
  return `Vault issues new values and the Secret ${t.namespace}/${
    t.name
  } in ${t.clusters.join(', ')} is updated at once.${restarts}${old}`;
}

/** Confirms "new credentials (or certificate) now" for a dynamic mapping. */
export function ReissueDialog(props: {
  mapping?: MappingView;
  busy: boolean;
  onCancel(): void;
  onConfirm(m: MappingView): void;
}) {
  return (
    <ConfirmMappingDialog
      {...props}
      id="reissue"
      title={m =>
        `Issue ${
          m.spec.dynamic?.engine === 'pki'
            ? 'a new certificate'
            : 'new credentials'
        } for ${m.spec.target.name} now?`
      }
      consequence={reissueConsequence}
      confirmLabel="Re-issue"
    />
  );
}
