import { NotFoundError } from '@backstage/errors';
import {
  secretsMappingSyncPermission,
  secretsMappingUpdatePermission,
  type Mapping,
  type SecretComparison,
} from '@backstage-secrets/plugin-secrets-common';
import type { Caller, MappingAccess } from '../access';
import type { MappingStore } from '../database';
import { vaultReadError } from './engineErrors';
import { RequestInvalidError } from './errors';
import type { Audited } from './types';

/**
 * Moving a Secret someone else wrote (ESO, kubectl) under a mapping without rewriting it:
 * compare what the mapping would write with what is there, key names only, then adopt
 * where both are the same.
 */
export class AdoptionService {
  constructor(
    private readonly options: {
      mappings: Pick<MappingStore, 'get'>;
      access: MappingAccess;
      engine: {
        compare(mapping: Mapping, adopt: boolean): Promise<SecretComparison[]>;
      };
    },
  ) {}

  /** Reads Vault and the Secrets on the entity's behalf: needs sync permission. */
  async compare(caller: Caller, id: string): Promise<SecretComparison[]> {
    const mapping = await this.load(caller, id, secretsMappingSyncPermission);
    return this.run(mapping, false);
  }

  /** Changes who owns the Secrets: needs update permission. */
  async adopt(
    caller: Caller,
    id: string,
  ): Promise<Audited<SecretComparison[]>> {
    const mapping = await this.load(caller, id, secretsMappingUpdatePermission);
    const result = await this.run(mapping, true);
    return {
      result,
      meta: {
        entityRef: mapping.entityRef,
        mappingId: mapping.id,
        adopted: result.filter(r => r.adopted).map(r => r.cluster),
        notAdopted: result
          .filter(r => !r.adopted)
          .map(r => `${r.cluster}: ${r.message ?? ''}`),
      },
    };
  }

  private async load(
    caller: Caller,
    id: string,
    permission: Parameters<MappingAccess['require']>[2],
  ): Promise<Mapping> {
    const mapping = await this.options.mappings.get(id);
    if (!mapping) throw new NotFoundError(`No mapping with id ${id}`);
    await this.options.access.forEntity(caller, mapping.entityRef, permission);
    return mapping;
  }

  private async run(
    mapping: Mapping,
    adopt: boolean,
  ): Promise<SecretComparison[]> {
    if (mapping.spec.dynamic)
      throw new RequestInvalidError([
        {
          path: 'spec.dynamic',
          message:
            'a dynamic mapping issues new values: there is nothing to compare or adopt',
        },
      ]);
    try {
      return await this.options.engine.compare(mapping, adopt);
    } catch (error) {
      throw vaultReadError(error);
    }
  }
}
