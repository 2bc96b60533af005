import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type { NotificationsConfig } from '../config';
import type {
  MappingStore,
  NotificationScans,
  NotificationStateStore,
  NotifiedClaim,
  NotifiedState,
  NotifiedTopic,
} from '../database';

/** What every step of one run of the notifier works with. */
export interface NotifierContext {
  scans: NotificationScans;
  state: NotificationStateStore;
  mappings: Pick<MappingStore, 'getMany' | 'list'>;
  notifications: Pick<NotificationService, 'send'>;
  config: NotificationsConfig;
  logger: LoggerService;
  /** The run's time: one clock reading for every decision of the run. */
  now: Date;
  /** Counts of the run, for the log and the tests. */
  report: NotifierReport;
}

/** What one run did. */
export interface NotifierReport {
  /** Notifications handed to the notifications backend. */
  sent: number;
  /** Notifications that could not be sent; their claims were undone for the next run. */
  failed: number;
  /** Conditions that ended without anything to tell (recovered within the grace, cleared). */
  cleared: number;
}

/** Rows per page of every scan: bounded reads, whatever the number of mappings. */
export const PAGE = 500;

/** Every row of a topic, page by page, by mapping id. */
export async function topicRows(
  ctx: NotifierContext,
  topic: NotifiedTopic,
): Promise<Map<string, NotifiedState>> {
  const rows = new Map<string, NotifiedState>();
  let after: string | undefined;
  for (;;) {
    const page = await ctx.state.list(topic, { after, limit: PAGE });
    for (const row of page) rows.set(row.mappingId, row);
    if (page.length < PAGE) return rows;
    after = page[page.length - 1].mappingId;
  }
}

async function send(
  ctx: NotifierContext,
  notice: NotificationSendOptions,
): Promise<boolean> {
  try {
    await ctx.notifications.send(notice);
    ctx.report.sent++;
    return true;
  } catch (error) {
    ctx.report.failed++;
    // The service's error names the notifications backend's answer, never the payload.
    ctx.logger.warn(
      `Could not send the notification "${notice.payload.title}"; the next run tries again: ${error}`,
    );
    return false;
  }
}

/**
 * Claims rows (see `NotificationStateStore.claim`) and sends one notification for the
 * ones this run claimed; when sending fails, the claim is undone so a later run sends it.
 * The claim comes first: whichever replica claims a change is the only one to tell it.
 */
export async function claimAndSend(
  ctx: NotifierContext,
  topic: NotifiedTopic,
  groups: { from: 'absent' | 'pending'; claims: NotifiedClaim[] }[],
  notice: (claimed: Set<string>) => NotificationSendOptions,
): Promise<void> {
  const claimed: { from: 'absent' | 'pending'; ids: string[] }[] = [];
  for (const group of groups) {
    if (group.claims.length === 0) continue;
    const ids = await ctx.state.claim(topic, group.from, group.claims, ctx.now);
    if (ids.length) claimed.push({ from: group.from, ids });
  }
  if (claimed.length === 0) return;
  const all = new Set(claimed.flatMap(c => c.ids));
  if (await send(ctx, notice(all))) return;
  for (const c of claimed) await ctx.state.unclaim(topic, c.from, c.ids);
}

/**
 * Removes `notified` rows (a recovery) and sends one notification for the ones this run
 * removed; when sending fails, the rows are put back so a later run tells the recovery.
 */
export async function releaseAndSend(
  ctx: NotifierContext,
  topic: NotifiedTopic,
  rows: NotifiedState[],
  notice: (released: NotifiedState[]) => NotificationSendOptions,
): Promise<void> {
  const ids = await ctx.state.release(
    topic,
    'notified',
    rows.map(r => r.mappingId),
  );
  if (ids.length === 0) return;
  const removed = new Set(ids);
  const released = rows.filter(r => removed.has(r.mappingId));
  if (await send(ctx, notice(released))) return;
  await ctx.state.restore(released);
}

/** Forgets rows whose condition ended with nothing to tell. */
export async function clear(
  ctx: NotifierContext,
  topic: NotifiedTopic,
  rows: NotifiedState[],
): Promise<void> {
  for (const state of ['pending', 'notified'] as const) {
    const ids = rows.filter(r => r.state === state).map(r => r.mappingId);
    if (ids.length)
      ctx.report.cleared += (await ctx.state.release(topic, state, ids)).length;
  }
}
