import type { AuditorService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { secretsMappingRotatePermission } from '@internal/plugin-secrets-common';
import type { Request } from 'express';
import type { MappingAccess } from '../access';
import type { LeaseStore } from '../dynamic';
import type { MappingStore } from '../mappings/MappingStore';
import { audited } from '../service/audited';
import { RequestInvalidError } from '../service/errors';

/**
 * "Issue new values now" for a dynamic mapping — after a suspected leak, say. The next
 * sync (run at once) issues new credentials or a new certificate, writes the Secret,
 * restarts consumers, and revokes the lease it replaced.
 */
export class ReissueService {
  constructor(
    private readonly o: {
      mappings: MappingStore;
      leases: Pick<LeaseStore, 'requestReplace'>;
      access: MappingAccess;
      auditor: AuditorService;
      syncNow(mappingId: string, actor: string): Promise<unknown>;
      clock?: () => Date;
    },
  ) {}

  reissue(req: Request, id: string): Promise<void> {
    return audited(
      this.o,
      req,
      {
        eventId: 'secret-reissue',
        severityLevel: 'high',
        meta: { mappingId: id },
      },
      async caller => {
        const mapping = await this.o.mappings.get(id);
        if (!mapping) throw new NotFoundError(`No mapping with id ${id}`);
        await this.o.access.forEntity(
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
        await this.o.leases.requestReplace(
          id,
          (this.o.clock ?? (() => new Date()))(),
        );
        await this.o.syncNow(id, caller.actor);
        return {
          result: undefined,
          meta: {
            entityRef: mapping.entityRef,
            engine: mapping.spec.dynamic.engine,
          },
        };
      },
    );
  }
}
