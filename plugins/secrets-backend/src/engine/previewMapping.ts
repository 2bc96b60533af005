import {
  dynamicPath,
  dynamicSecretKeys,
  dynamicSecretType,
  isDynamic,
  type MappingPreview,
  type MappingSpec,
} from '@backstage-secrets/plugin-secrets-common';
import type { VaultGateway } from '../vault';
import { buildDesiredSecret } from './desired';
import { CycleReadCache } from './readCache';

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
