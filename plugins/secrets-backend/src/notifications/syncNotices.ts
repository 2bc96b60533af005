import type { FailingSync, NotifiedState, ScanCursor } from '../database';
import {
  claimAndSend,
  clear,
  PAGE,
  releaseAndSend,
  topicRows,
  type NotifierContext,
} from './context';
import {
  failuresByMapping,
  pastGrace,
  splitByStore,
  type MappingFailure,
} from './failures';
import {
  failureNotice,
  recoveredNotice,
  storeFailureNotice,
  storeRecoveredNotice,
} from './messages';

/** Every failing row, page by page through the status index. */
async function failingRows(ctx: NotifierContext): Promise<FailingSync[]> {
  const rows: FailingSync[] = [];
  let after: ScanCursor | undefined;
  for (;;) {
    const page = await ctx.scans.failing({ after, limit: PAGE });
    rows.push(...page);
    if (page.length < PAGE) return rows;
    const last = page[page.length - 1];
    after = { mappingId: last.mappingId, cluster: last.cluster };
  }
}

/**
 * Failing and recovering mappings: a failure is told once past the grace (alone, or in its
 * store's summary when many fail for a store-level cause), and its recovery once, when
 * every cluster of the mapping is Synced again. A mapping that recovers within the grace
 * is never told.
 */
export async function notifySyncs(ctx: NotifierContext): Promise<void> {
  const { now, config } = ctx;
  const rows = await topicRows(ctx, 'sync');
  const failures = failuresByMapping(await failingRows(ctx));

  const due: MappingFailure[] = [];
  const watch: MappingFailure[] = [];
  for (const failure of failures.values()) {
    const row = rows.get(failure.mappingId);
    if (!row) {
      if (pastGrace(failure, now, now, config.grace)) due.push(failure);
      else watch.push(failure);
    } else if (
      row.state === 'pending' &&
      pastGrace(failure, row.since, now, config.grace)
    ) {
      due.push(failure);
    }
  }
  await ctx.state.watch(
    'sync',
    watch.map(f => ({
      mappingId: f.mappingId,
      entityRef: f.mapping.entityRef,
    })),
    now,
  );

  // Stores whose outage a summary told already, still failing: later failures join it.
  const summarised = (store: string) =>
    [...rows.values()].filter(
      r =>
        r.state === 'notified' &&
        r.summary === store &&
        failures.has(r.mappingId),
    );
  const openSummaries = new Set(
    [...rows.values()]
      .filter(
        r => r.state === 'notified' && r.summary && failures.has(r.mappingId),
      )
      .map(r => r.summary!),
  );
  const split = splitByStore(due, openSummaries, config.summaryThreshold);
  const from = (f: MappingFailure) =>
    rows.has(f.mappingId) ? ('pending' as const) : ('absent' as const);
  const claimOf = (f: MappingFailure, summary?: string) => ({
    mappingId: f.mappingId,
    entityRef: f.mapping.entityRef,
    reason: f.reason,
    summary,
  });

  for (const failure of split.single) {
    await claimAndSend(
      ctx,
      'sync',
      [{ from: from(failure), claims: [claimOf(failure)] }],
      () => failureNotice(failure, rows.get(failure.mappingId)?.since ?? now),
    );
  }
  for (const [store, list] of split.summaries) {
    const groups = (['absent', 'pending'] as const).map(f => ({
      from: f,
      claims: list.filter(x => from(x) === f).map(x => claimOf(x, store)),
    }));
    await claimAndSend(ctx, 'sync', groups, claimed => {
      const told = list.filter(f => claimed.has(f.mappingId));
      return storeFailureNotice(
        store,
        told,
        told.length + summarised(store).length,
      );
    });
  }

  await notifyRecoveries(ctx, rows, failures);
}

/** Rows of mappings no longer failing: recoveries to tell, or conditions to forget. */
async function notifyRecoveries(
  ctx: NotifierContext,
  rows: Map<string, NotifiedState>,
  failures: Map<string, MappingFailure>,
): Promise<void> {
  const quiet = [...rows.values()].filter(r => !failures.has(r.mappingId));
  if (quiet.length === 0) return;
  const statuses = await ctx.scans.statuses(quiet.map(r => r.mappingId));
  const forget: NotifiedState[] = [];
  const recovered: NotifiedState[] = [];
  for (const row of quiet) {
    const list = statuses.get(row.mappingId) ?? [];
    // Within the grace, or the mapping lost its clusters: nothing was or is to be told.
    if (row.state === 'pending' || list.length === 0) forget.push(row);
    // Pending (re-queued, edited) is not a recovery yet: wait for the outcome.
    else if (list.every(s => s === 'Synced')) recovered.push(row);
  }
  await clear(ctx, 'sync', forget);

  const alone = recovered.filter(r => !r.summary);
  const specs = await ctx.mappings.getMany(alone.map(r => r.mappingId));
  for (const row of alone) {
    const mapping = specs.get(row.mappingId);
    if (!mapping) continue; // Deleted meanwhile: the next prune forgets the row.
    await releaseAndSend(ctx, 'sync', [row], () =>
      recoveredNotice(row.mappingId, mapping),
    );
  }

  const byStore = new Map<string, NotifiedState[]>();
  for (const row of recovered.filter(r => r.summary))
    byStore.set(row.summary!, [...(byStore.get(row.summary!) ?? []), row]);
  for (const [store, list] of byStore) {
    const stillFailing = [...rows.values()].filter(
      r => r.summary === store && failures.has(r.mappingId),
    ).length;
    await releaseAndSend(ctx, 'sync', list, released =>
      storeRecoveredNotice(store, released, stillFailing),
    );
  }
}
