import type {
  MappingSyncResult,
  MappingView,
  RotateResult,
} from '@backstage-secrets/plugin-secrets-common';
import type { AlertMessage } from '@backstage/core-plugin-api';

/** What "sync now" tells the user: done, still running, or why it failed. */
export function syncAlert(
  m: MappingView,
  result: MappingSyncResult,
): AlertMessage {
  const name = m.spec.target.name;
  if (!result.completed)
    return {
      message: `Sync of ${name} is still running`,
      severity: 'info',
      display: 'transient',
    };
  const failed = result.status.filter(s => s.status === 'SyncedError');
  if (failed.length)
    return {
      message: `Sync of ${name} failed: ${failed
        .map(f => f.message)
        .join('; ')}`,
      severity: 'error',
    };
  return {
    message: `${name} synced`,
    severity: 'success',
    display: 'transient',
  };
}

/** "payments/x is now v3; 2 of 2 Secrets updated", naming any consumer that failed. */
export function rotationAlert(result: RotateResult) {
  const secrets = result.consumers.flatMap(c => c.secrets);
  const failed = secrets.filter(x => x.status !== 'Synced');
  return {
    message: `${result.key} is now v${result.version}; ${
      secrets.length - failed.length
    } of ${secrets.length} Secrets updated${
      failed.length
        ? `, failing: ${failed
            .map(f => `${f.namespace}/${f.name} (${f.reason})`)
            .join(', ')}`
        : ''
    }`,
    severity: failed.length ? ('warning' as const) : ('success' as const),
  };
}
