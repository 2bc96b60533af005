import type { Mapping } from '@backstage-secrets/plugin-secrets-common';
import type { SyncClaim } from '../database';

/**
 * The batch's claims as units of work: one claim each, except a dynamic mapping's claims for
 * several clusters, which run one after the other. Its clusters share one lease, and two of
 * them syncing at once would each issue values where the second should copy the first's.
 */
export function workItems(
  claims: SyncClaim[],
  mappings: ReadonlyMap<string, Mapping>,
): SyncClaim[][] {
  const items: SyncClaim[][] = [];
  const dynamic = new Map<string, SyncClaim[]>();
  for (const claim of claims) {
    if (!mappings.get(claim.mappingId)?.spec.dynamic) {
      items.push([claim]);
      continue;
    }
    const item = dynamic.get(claim.mappingId);
    if (item) item.push(claim);
    else {
      const first = [claim];
      dynamic.set(claim.mappingId, first);
      items.push(first);
    }
  }
  return items;
}
