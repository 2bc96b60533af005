import { ClusterError } from '../kubernetes';
import { VaultError } from '../vault';
import { ApplyRefusedError } from './applySecret';
import { DesiredSecretError } from './desired';

/** A mapping names a store or cluster that the configuration does not have. */
export class ConfigurationError extends Error {
  readonly reason: 'StoreNotConfigured' | 'ClusterNotConfigured';

  constructor(reason: ConfigurationError['reason'], message: string) {
    super(message);
    this.name = 'ConfigurationError';
    this.reason = reason;
  }
}

/** Why a sync failed, for the status: a CamelCase reason and a message with no secret value. */
export interface SyncFailure {
  reason: string;
  message: string;
}

/** `notFound` → `NotFound`: reasons are CamelCase. */
export const camel = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Maps any error of a sync to its status. Gateway and builder errors are value-free by
 * construction and keep their message; anything else is an unexpected bug, whose message
 * is not trusted into the status (it goes to the log as its class name only).
 */
export function describeFailure(error: unknown): SyncFailure {
  if (error instanceof VaultError) {
    const reason =
      error.kind === 'notFound'
        ? 'VaultSecretNotFound'
        : `Vault${camel(error.kind)}`;
    return { reason, message: error.message };
  }
  if (error instanceof ClusterError)
    return { reason: `Kubernetes${camel(error.kind)}`, message: error.message };
  if (error instanceof DesiredSecretError) {
    // A vanished Vault secret reads the same whether Vault or the builder noticed it.
    const special: Record<string, string> = {
      notFound: 'VaultSecretNotFound',
      conflict: 'SecretKeyConflict',
      invalidKey: 'InvalidSecretKey',
      tooLarge: 'SecretTooLarge',
    };
    return {
      reason: special[error.reason] ?? `Invalid${camel(error.reason)}`,
      message: error.message,
    };
  }
  if (error instanceof ApplyRefusedError)
    return { reason: error.reason, message: error.message };
  if (error instanceof ConfigurationError)
    return { reason: error.reason, message: error.message };
  return {
    reason: 'InternalError',
    message: 'Unexpected error while syncing; see the backend logs',
  };
}
