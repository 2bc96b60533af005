import type { Knex } from 'knex';
import { toIso } from './rows';
import { PRIORITY } from './SyncStateStore';

const STATE = 'secrets_sync_state';

/** Rows due at `now` that no live claim holds: what a replica running the engine would take. */
function dueAndFree(db: Knex, now: Date): Knex.QueryBuilder {
  return db(STATE)
    .where('next_due_at', '<=', now)
    .andWhere(q => q.whereNull('claim_until').orWhere('claim_until', '<', now));
}

/** Whether a row asked for ("sync now", a saved mapping, a drift) waits, due and free. */
export async function hasWaitingRequest(db: Knex, now: Date): Promise<boolean> {
  // On the claim index: the first requested row due and free, if any.
  const row = await dueAndFree(db, now)
    .andWhere('priority', PRIORITY.requested)
    .first('mapping_id');
  return row !== undefined;
}

/** When the longest-waiting row that is due and free became due; undefined when none waits. */
export async function oldestDue(
  db: Knex,
  now: Date,
): Promise<Date | undefined> {
  // On the due index, oldest first: only rows under a live claim (a few batches) are passed over.
  const row = await dueAndFree(db, now)
    .orderBy('next_due_at', 'asc')
    .first('next_due_at');
  return row ? new Date(toIso(row.next_due_at)) : undefined;
}
