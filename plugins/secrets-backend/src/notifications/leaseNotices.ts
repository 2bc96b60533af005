import type { NotifiedState } from '../database';
import {
  claimAndSend,
  clear,
  topicRows,
  type NotifierContext,
} from './context';
import { leaseNotice } from './messages';

/**
 * How late the engine may be with a lease's renewal or re-issue before it counts as "could
 * not renew": a due action is taken by the next sync cycle (every few seconds), so a
 * minute overdue means attempts failed (or no replica is syncing).
 */
export const OVERDUE_MS = 60_000;

/** Leases near their end are few; more than this in one look means something else is wrong. */
const LEASE_LIMIT = 10_000;

/**
 * Dynamic leases and certificates the engine could not renew or replace and that expire
 * within the window: told once per lease (a new lease that gets stuck is told again), and
 * forgotten once renewed, replaced or gone.
 */
export async function notifyLeases(ctx: NotifierContext): Promise<void> {
  const { now } = ctx;
  const rows = await topicRows(ctx, 'lease');
  const leases = await ctx.scans.unrenewedLeases({
    expiresBefore: new Date(now.getTime() + ctx.config.expiryWindowMs),
    actionBefore: new Date(now.getTime() - OVERDUE_MS),
    limit: LEASE_LIMIT,
  });
  const current = new Set<string>();
  const stale: NotifiedState[] = [];
  for (const lease of leases) {
    current.add(lease.mappingId);
    const reason = String(lease.leaseRowId);
    const row = rows.get(lease.mappingId);
    if (row?.reason === reason) continue;
    if (row) {
      // An earlier lease of the mapping was told: this one is a new change.
      await clear(ctx, 'lease', [row]);
    }
    await claimAndSend(
      ctx,
      'lease',
      [
        {
          from: 'absent',
          claims: [
            {
              mappingId: lease.mappingId,
              entityRef: lease.mapping.entityRef,
              reason,
            },
          ],
        },
      ],
      () => leaseNotice(lease, now),
    );
  }
  // A truncated list cannot tell which leases were renewed: forget nothing then.
  if (leases.length >= LEASE_LIMIT) return;
  for (const row of rows.values())
    if (!current.has(row.mappingId)) stale.push(row);
  await clear(ctx, 'lease', stale);
}
