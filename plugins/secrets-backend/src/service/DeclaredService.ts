import {
  secretsMappingReadPermission,
  secretsMappingSyncPermission,
  type DeclaredMappings as DeclaredStatus,
} from '@backstage-secrets/plugin-secrets-common';
import type { Caller, MappingAccess } from '../access';
import type { DeclaredMappings } from '../declared';
import type { Audited } from './types';

/** Mappings declared in Git as the API shows them: the last read, and a read on demand. */
export class DeclaredService {
  constructor(
    private readonly options: {
      access: MappingAccess;
      declared: Pick<DeclaredMappings, 'status' | 'reconcile'>;
    },
  ) {}

  async status(caller: Caller, entityRef: string): Promise<DeclaredStatus> {
    const access = await this.options.access.forEntity(
      caller,
      entityRef,
      secretsMappingReadPermission,
    );
    return this.options.declared.status(access.entityRef);
  }

  /** Reads the files now, with the same rules as the schedule; needs sync permission. */
  async refresh(
    caller: Caller,
    entityRef: string,
  ): Promise<Audited<DeclaredStatus>> {
    const access = await this.options.access.forEntity(
      caller,
      entityRef,
      secretsMappingSyncPermission,
    );
    const result = await this.options.declared.reconcile(
      access.entity,
      access.entityRef,
    );
    const count = (outcome: string) =>
      String(result.documents.filter(d => d.outcome === outcome).length);
    return {
      result,
      meta: {
        entityRef: access.entityRef,
        created: count('created'),
        updated: count('updated'),
        refused: count('refused'),
        ...(result.error ? { error: result.error } : {}),
      },
    };
  }
}
