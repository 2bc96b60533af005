import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import { DesiredSecretError } from '../engine/desired';
import { ClusterError } from '../kubernetes';
import { VaultError } from '../vault';
import { RequestInvalidError } from './errors';

/** A mapping declared in Git changes with its file only; sync now and rotation still work. */
export function refuseDeclared(mapping: Mapping, verb: string): void {
  if (!mapping.source) return;
  throw new ConflictError(
    `Mapping ${mapping.id} is declared in Git (${mapping.source.url}, ExternalSecret "${mapping.source.document}") and cannot be ${verb} here: change the file instead`,
  );
}

/** Vault answers of a read on the caller's behalf (preview, compare) as API errors: a missing path is the caller's to fix. */
export function vaultReadError(error: unknown): Error {
  if (error instanceof DesiredSecretError)
    return new RequestInvalidError([
      { path: `spec.${error.field}`, message: error.message },
    ]);
  if (error instanceof VaultError) {
    if (error.kind === 'notFound' || error.kind === 'rejected')
      return new RequestInvalidError([
        { path: 'spec', message: error.message },
      ]);
    // Inside the allowed prefixes but outside the engine's Vault policy: not the caller's
    // permission (that would be 403), but Vault refusing the engine — say so.
    if (error.kind === 'denied')
      return new RequestInvalidError([
        {
          path: 'spec',
          message: `Vault refused the engine's read (${error.message}): the store's Vault policy does not cover this path; the platform team can grant it`,
        },
      ]);
    return new ServiceUnavailableError(error.message);
  }
  // The cluster's answer (unreachable, refused) is the platform's to fix, not the caller's.
  if (error instanceof ClusterError)
    return new ServiceUnavailableError(error.message);
  return error as Error;
}
