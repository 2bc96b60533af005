import type { DeclaredMappings } from '@backstage-secrets/plugin-secrets-common';

/**
 * The outcome of the last read of each entity's declared files. Kept in the database so
 * that every replica answers the same, whichever one ran the read.
 */
export interface DeclaredStatusStore {
  get(entityRef: string): Promise<DeclaredMappings | undefined>;
  put(entityRef: string, status: DeclaredMappings): Promise<void>;
  delete(entityRef: string): Promise<void>;
  /** Entities that have a stored outcome: those that declared something at some point. */
  entityRefs(): Promise<string[]>;
}
