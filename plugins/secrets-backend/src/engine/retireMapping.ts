import type {
  Mapping,
  MappingDeletion,
} from '@backstage-secrets/plugin-secrets-common';
import type { ClusterGateway } from '../kubernetes';
import { removeSecret } from './applySecret';
import { describeFailure } from './failure';

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
      if (policy === 'None')
        return {
          cluster: name,
          outcome: 'kept' as const,
          message: 'creationPolicy None: the mapping wrote no Secret',
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
