import type { StoreConfig } from '../config';
import type {
  NotifiedState,
  ScanCursor,
  ScannedMapping,
  SyncedVersions,
} from '../database';
import { isRotationDue, maxAgeOf } from '../service/toStatus';
import {
  claimAndSend,
  clear,
  PAGE,
  topicRows,
  type NotifierContext,
} from './context';
import { rotationNotice, roughly } from './messages';

interface Due {
  mapping: ScannedMapping;
  oldest: { key: string; createdTime: string };
  maxAgeMs: number;
}

/** The oldest version with a creation time among a row's synced versions. */
function oldestOf(row: SyncedVersions): Due['oldest'] | undefined {
  let oldest: Due['oldest'] | undefined;
  for (const v of row.syncedVersions) {
    if (!v.createdTime) continue;
    if (!oldest || Date.parse(v.createdTime) < Date.parse(oldest.createdTime))
      oldest = { key: v.key, createdTime: v.createdTime };
  }
  return oldest;
}

/**
 * Mappings syncing a Vault version older than their maximum age (the mapping's `maxAge`,
 * else its store's) — the "rotation due" of the Secrets tab: told once, forgotten once
 * the version is rotated, so the next time it ages it is told again.
 */
export async function notifyRotations(
  ctx: NotifierContext,
  stores: ReadonlyMap<string, StoreConfig>,
): Promise<void> {
  const now = ctx.now.getTime();
  const due = new Map<string, Due>();
  let after: ScanCursor | undefined;
  for (;;) {
    const page = await ctx.scans.syncedVersions({ after, limit: PAGE });
    for (const row of page) {
      const maxAgeMs = maxAgeOf(
        row.mapping.spec,
        stores.get(row.mapping.spec.store),
      );
      if (maxAgeMs === undefined || due.has(row.mappingId)) continue;
      if (!isRotationDue(row, maxAgeMs, now)) continue;
      const oldest = oldestOf(row);
      if (oldest)
        due.set(row.mappingId, { mapping: row.mapping, oldest, maxAgeMs });
    }
    if (page.length < PAGE) break;
    const last = page[page.length - 1];
    after = { mappingId: last.mappingId, cluster: last.cluster };
  }

  const rows = await topicRows(ctx, 'rotation');
  const rotated: NotifiedState[] = [...rows.values()].filter(
    r => !due.has(r.mappingId),
  );
  await clear(ctx, 'rotation', rotated);
  for (const [mappingId, d] of due) {
    if (rows.has(mappingId)) continue;
    await claimAndSend(
      ctx,
      'rotation',
      [
        {
          from: 'absent',
          claims: [{ mappingId, entityRef: d.mapping.entityRef }],
        },
      ],
      () => rotationNotice(mappingId, d.mapping, d.oldest, roughly(d.maxAgeMs)),
    );
  }
}
