import { NotFoundError } from '@backstage/errors';
import { secretsMappingRotatePermission } from '@backstage-secrets/plugin-secrets-common';
import type { Caller, MappingAccess } from '../access';
import type { LeaseStore, MappingStore } from '../database';
import { RequestInvalidError } from './errors';
import type { Audited } from './types';

export interface ReissueServiceOptions {
  mappings: MappingStore;
  leases: Pick<LeaseStore, 'requestReplace'>;
  access: MappingAccess;
  syncNow(mappingId: string, actor: string): Promise<unknown>;
  clock?: () => Date;
}

/**
 * "Issue new values now" for a dynamic mapping — after a suspected leak, say. The next
 * sync (run at once) issues new credentials or a new certificate, writes the Secret,
 * restarts consumers, and revokes the lease it replaced.
 */
export class ReissueService {
  constructor(private readonly options: ReissueServiceOptions) {}

  async reissue(caller: Caller, id: string): Promise<Audited<void>> {
    const mapping = await this.options.mappings.get(id);
    if (!mapping) throw new NotFoundError(`No mapping with id ${id}`);
    await this.options.access.forEntity(
      caller,
      mapping.entityRef,
      secretsMappingRotatePermission,
    );
    if (!mapping.spec.dynamic)
      throw new RequestInvalidError([
        {
          path: 'spec.dynamic',
          message:
            'only dynamic mappings are re-issued; rotate the Vault secret a KV mapping reads instead',
        },
      ]);
    // No lease yet: the sync issues the first values anyway.
    await this.options.leases.requestReplace(
      id,
      (this.options.clock ?? (() => new Date()))(),
    );
    await this.options.syncNow(id, caller.actor);
    return {
      result: undefined,
      meta: {
        entityRef: mapping.entityRef,
        engine: mapping.spec.dynamic.engine,
      },
    };
  }
}
