import type {
  Mapping,
  MappingDeletion,
  MappingPreview,
  MappingSpec,
} from '@internal/plugin-secrets-common';
import {
  dynamicPath,
  dynamicSecretKeys,
  dynamicSecretType,
  isDynamic,
} from '@internal/plugin-secrets-common';
import type { ClusterGateway } from '../kubernetes';
import type { VaultGateway } from '../vault';
import { removeSecret } from './applySecret';
import { buildDesiredSecret } from './desired';
import { describeFailure } from './failure';
import { CycleReadCache } from './readCache';

/**
 * What deleting a mapping does to its Secret in each cluster, by creationPolicy:
 * `Owner` deletes the Secret if it is still ours (by uid and labels), `Merge` leaves the
 * keys in the Secret it does not own, `Orphan` leaves the Secret. A cluster that cannot be
 * reached is reported as `failed`: the mapping goes anyway and the Secret shows up in the
 * audit's unmanaged list, rather than a mapping nobody can delete.
 */
export async function retireMapping(
  mapping: Mapping,
  cluster: (name: string) => ClusterGateway | undefined,
): Promise<MappingDeletion> {
  const policy = mapping.spec.target.creationPolicy ?? 'Owner';
  const secrets = await Promise.all(
    [...new Set(mapping.spec.target.clusters)].map(async name => {
      if (policy === 'Orphan')
        return {
          cluster: name,
          outcome: 'kept' as const,
          message: 'creationPolicy Orphan: the Secret stays',
        };
      if (policy === 'Merge')
        return {
          cluster: name,
          outcome: 'kept' as const,
          message:
            "creationPolicy Merge: the Secret is not ours; the mapping's keys stay in it",
        };
      const gateway = cluster(name);
      if (!gateway)
        return {
          cluster: name,
          outcome: 'failed' as const,
          message: `Cluster "${name}" is not configured`,
        };
      try {
        const removed = await removeSecret(gateway, mapping, []);
        return removed
          ? { cluster: name, outcome: 'deleted' as const }
          : {
              cluster: name,
              outcome: 'kept' as const,
              message: 'No Secret created by this mapping exists',
            };
      } catch (error) {
        return {
          cluster: name,
          outcome: 'failed' as const,
          message: describeFailure(error).message,
        };
      }
    }),
  );
  return { id: mapping.id, secrets };
}

/**
 * A dry run: reads what the mapping would read and builds the Secret in memory, then
 * keeps only names and versions. The values are dropped with the read cache.
 */
export async function previewMapping(
  spec: MappingSpec,
  vault: (store: string) => VaultGateway,
): Promise<MappingPreview> {
  if (isDynamic(spec)) {
    // Previewing must not issue credentials: the keys follow from the engine and templates.
    vault(spec.store);
    return {
      reads: [{ key: dynamicPath(spec.dynamic) }],
      secretKeys: [...dynamicSecretKeys(spec)].sort(),
      type: dynamicSecretType(spec),
    };
  }
  const desired = await buildDesiredSecret(spec, new CycleReadCache(vault));
  return {
    reads: desired.sources,
    secretKeys: Object.keys(desired.data).sort(),
    type: desired.type,
  };
}
