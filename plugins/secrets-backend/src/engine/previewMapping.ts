import {
  dynamicPath,
  dynamicSecretKeys,
  dynamicSecretType,
  isDynamic,
  type MappingPreview,
  type MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import type { ClusterGateway } from '../kubernetes';
import type { VaultGateway } from '../vault';
import { buildDesiredSecret, clusterTemplateSources } from './desired';
import { CycleReadCache } from './readCache';

/**
 * A dry run: reads what the mapping would read (and what its templateFrom names, in
 * `cluster`) and builds the Secret in memory, then keeps only names and versions. The values are dropped with the read cache.
 */
export async function previewMapping(
  spec: MappingSpec,
  vault: (store: string) => VaultGateway,
  cluster?: ClusterGateway,
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
  // templateFrom ConfigMaps and Secrets are read from the first target cluster.
  const desired = await buildDesiredSecret(
    spec,
    new CycleReadCache(vault),
    cluster && clusterTemplateSources(cluster, spec.target.namespace),
  );
  return {
    reads: desired.sources,
    secretKeys: Object.keys(desired.data).sort(),
    type: desired.type,
  };
}
