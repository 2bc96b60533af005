import type { ReactNode } from 'react';
import { usePermission } from '@backstage/plugin-permission-react';
import { secretsAuditPermission } from '@backstage-secrets/plugin-secrets-common';

/**
 * Renders its children only for those the permission framework lets use the platform
 * audit (`secrets.audit`), and nothing while it is asking — for the "Secrets audit"
 * sidebar item, which others could only open to read "not allowed".
 *
 * @public
 */
export function IfSecretsAuditAllowed(props: { children?: ReactNode }) {
  const { loading, allowed } = usePermission({
    permission: secretsAuditPermission,
  });
  return !loading && allowed ? <>{props.children}</> : null;
}
