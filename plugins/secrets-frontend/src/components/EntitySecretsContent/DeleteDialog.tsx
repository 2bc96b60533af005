import type { MappingView } from '@backstage-secrets/plugin-secrets-common';
import { ConfirmMappingDialog } from '../shared/ConfirmMappingDialog';

/** What deleting does to the Secret, by the mapping's creation policy. */
export function deletionConsequence(m: MappingView): string {
  const where = `${m.spec.target.namespace}/${
    m.spec.target.name
  } in ${m.spec.target.clusters.join(', ')}`;
  let lease = '';
  if (m.spec.dynamic?.engine === 'pki')
    lease = ' The certificate is not revoked; it expires on its own.';
  else if (m.spec.dynamic)
    lease =
      ' Its lease is revoked in Vault: the credentials stop working at once.';
  return `${consequence(m, where)}${lease}`;
}

function consequence(m: MappingView, where: string): string {
  switch (m.spec.target.creationPolicy ?? 'Owner') {
    case 'Orphan':
      return `The Secret ${where} stays as it is (creation policy Orphan); it is no longer updated from Vault.`;
    case 'Merge':
      return `The Secret ${where} is not ours (creation policy Merge); the keys this mapping added stay in it.`;
    default:
      return `The Secret ${where} is deleted (creation policy Owner). Workloads that read it lose it on their next restart.`;
  }
}

export function DeleteDialog(props: {
  mapping?: MappingView;
  busy: boolean;
  onCancel(): void;
  onConfirm(m: MappingView): void;
}) {
  return (
    <ConfirmMappingDialog
      {...props}
      id="delete"
      title={m => `Delete mapping ${m.spec.target.name}?`}
      consequence={deletionConsequence}
      confirmLabel="Delete"
    />
  );
}
