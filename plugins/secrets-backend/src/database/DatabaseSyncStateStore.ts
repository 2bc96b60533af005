import { randomUUID } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { chunks } from './chunks';
import { completeStatement } from './completeStatement';
import { hasWaitingRequest, oldestDue } from './dueQueue';
import { migratedClient } from './migratedClient';
import { statePage } from './statePage';
import { isPostgres, optional, returnedRows, toIso } from './rows';
import { groupByMapping, toState } from './stateRows';
import {
  PRIORITY,
  type NewSyncEvent,
  type RequeueFailed,
  type SyncClaim,
  type SyncEvent,
  type SyncOutcome,
  type StatusSeries,
  type SyncState,
  type SyncStateStore,
} from './SyncStateStore';

const STATE = 'secrets_sync_state';
const TARGETS = 'secrets_mapping_targets';
/** A new row: Pending, due now and first in line. */
const pendingRow = (mappingId: string, cluster: string, now: Date) => ({
  mapping_id: mappingId,
  cluster,
  status: 'Pending',
  next_due_at: now,
  priority: PRIORITY.neverSynced,
  consecutive_failures: 0,
});

/** The priorities a claim takes in turn, highest first. */
const CLAIM_ORDER = Object.values(PRIORITY).sort((a, b) => b - a);
/** Rows added per query by `reconcileTargets`, and a bound on its queries per call. */
const RECONCILE_PAGE = 1000;
const MAX_RECONCILE_PAGES = 1000;
const EVENTS = 'secrets_sync_events';
const MAPPINGS = 'secrets_mappings';

/** {@link SyncStateStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseSyncStateStore implements SyncStateStore {
  static async create(
    database: DatabaseService,
  ): Promise<DatabaseSyncStateStore> {
    return new DatabaseSyncStateStore(await migratedClient(database));
  }

  private readonly db: Knex;

  private constructor(db: Knex) {
    this.db = db;
  }

  async ensure(
    mappingId: string,
    clusters: string[],
    now: Date,
  ): Promise<void> {
    if (clusters.length > 0) {
      await this.db(STATE)
        .insert(clusters.map(cluster => pendingRow(mappingId, cluster, now)))
        .onConflict(['mapping_id', 'cluster'])
        .ignore();
    }
    await this.db(STATE)
      .where('mapping_id', mappingId)
      .whereNotIn('cluster', clusters)
      .delete();
  }

  async remove(mappingId: string): Promise<void> {
    await this.db(STATE).where('mapping_id', mappingId).delete();
  }

  async reconcileTargets(
    now: Date,
  ): Promise<{ added: number; removed: number }> {
    // Anti-joins on the two tables' indexes: only the differences leave the database.
    let added = 0;
    for (let page = 0; page < MAX_RECONCILE_PAGES; page++) {
      const missing: { mapping_id: string; cluster: string }[] = await this.db(
        `${TARGETS} as t`,
      )
        .leftJoin(`${STATE} as s`, join =>
          join
            .on('s.mapping_id', 't.mapping_id')
            .andOn('s.cluster', 't.cluster'),
        )
        .whereNull('s.mapping_id')
        .distinct('t.mapping_id', 't.cluster')
        .limit(RECONCILE_PAGE);
      if (missing.length === 0) break;
      for (const chunk of chunks(missing))
        await this.db(STATE)
          .insert(chunk.map(m => pendingRow(m.mapping_id, m.cluster, now)))
          .onConflict(['mapping_id', 'cluster'])
          .ignore();
      added += missing.length;
      if (missing.length < RECONCILE_PAGE) break;
    }
    const removed = await this.db(STATE)
      .whereNotExists(
        this.db(`${TARGETS} as t`)
          .select(this.db.raw('1'))
          .whereRaw('t.mapping_id = ??', [`${STATE}.mapping_id`])
          .andWhereRaw('t.cluster = ??', [`${STATE}.cluster`]),
      )
      .delete();
    return { added, removed: Number(removed) };
  }

  async claimDue(options: {
    now: Date;
    limit: number;
    owner: string;
    leaseMs: number;
  }): Promise<SyncClaim[]> {
    const token = randomUUID();
    const until = new Date(options.now.getTime() + options.leaseMs);
    const postgres = isPostgres(this.db);
    // One statement per priority, highest first, each on the (priority, next_due_at,
    // mapping_id) index: it reads only the rows it claims. One statement ordered by
    // priority over all due rows sorted every due row for each batch — at 200,000 due rows
    // about 100 ms per claim, quadratic over a cold sync.
    // Each statement picks and claims, so two replicas can never take the same row. On
    // PostgreSQL, SKIP LOCKED lets concurrent claimers pass over each other's rows instead
    // of waiting; SQLite has a single writer, so the statement is atomic as it is.
    const rows: any[] = [];
    for (const priority of CLAIM_ORDER) {
      const limit = options.limit - rows.length;
      if (limit <= 0) break;
      const result = await this.db.raw(
        `UPDATE ${STATE} SET claimed_by = ?, claim_until = ?, claim_token = ?
         WHERE (mapping_id, cluster) IN (
           SELECT mapping_id, cluster FROM ${STATE}
           WHERE priority = ? AND next_due_at <= ?
             AND (claim_until IS NULL OR claim_until < ?)
           ORDER BY next_due_at ASC, mapping_id ASC
           LIMIT ? ${postgres ? 'FOR UPDATE SKIP LOCKED' : ''}
         )
         RETURNING *`,
        [
          options.owner,
          until,
          token,
          priority,
          options.now,
          options.now,
          limit,
        ],
      );
      rows.push(...returnedRows(result));
    }
    return rows
      .map(row => ({
        mappingId: row.mapping_id,
        cluster: row.cluster,
        token,
        state: toState(row),
      }))
      .sort(
        (a, b) =>
          b.state.priority - a.state.priority ||
          a.state.nextDueAt.localeCompare(b.state.nextDueAt),
      );
  }

  hasWaitingRequest(now: Date): Promise<boolean> {
    return hasWaitingRequest(this.db, now);
  }

  oldestDue(now: Date): Promise<Date | undefined> {
    return oldestDue(this.db, now);
  }

  async requestSync(
    mappingId: string,
    cluster?: string,
    now: Date = new Date(),
  ): Promise<boolean> {
    const query = this.db(STATE).where('mapping_id', mappingId);
    if (cluster) query.andWhere('cluster', cluster);
    return (
      (await query.update({ priority: PRIORITY.requested, next_due_at: now })) >
      0
    );
  }

  async markDrifted(
    mappingId: string,
    cluster: string,
    drift: { reason: string; message: string },
  ): Promise<boolean> {
    const changed = await this.db(STATE)
      .where({ mapping_id: mappingId, cluster })
      .andWhere(q =>
        q.whereNot('status', 'Drifted').orWhereNot('reason', drift.reason),
      )
      .update({
        status: 'Drifted',
        reason: drift.reason,
        message: drift.message,
      });
    return changed > 0;
  }

  async completeMany(
    items: { claim: SyncClaim; outcome: SyncOutcome }[],
  ): Promise<boolean[]> {
    const recorded = new Set<string>();
    for (const chunk of chunks(items)) {
      const { sql, bindings } = completeStatement(chunk);
      const result = await this.db.raw(sql, bindings);
      for (const row of returnedRows(result))
        recorded.add(`${row.mapping_id}\n${row.cluster}`);
    }
    return items.map(({ claim }) =>
      recorded.has(`${claim.mappingId}\n${claim.cluster}`),
    );
  }

  async get(mappingId: string): Promise<SyncState[]> {
    return (
      await this.db(STATE).where('mapping_id', mappingId).orderBy('cluster')
    ).map(toState);
  }

  async getMany(mappingIds: string[]): Promise<Map<string, SyncState[]>> {
    const result = new Map<string, SyncState[]>();
    // One indexed query per 500 ids (the primary key leads with mapping_id).
    for (let i = 0; i < mappingIds.length; i += 500) {
      const rows = await this.db(STATE)
        .whereIn('mapping_id', mappingIds.slice(i, i + 500))
        .orderBy([{ column: 'mapping_id' }, { column: 'cluster' }]);
      groupByMapping(rows, result);
    }
    return result;
  }

  async ofEntity(entityRef: string): Promise<Map<string, SyncState[]>> {
    const rows = await this.db(STATE)
      .join(MAPPINGS, `${MAPPINGS}.id`, `${STATE}.mapping_id`)
      .where(`${MAPPINGS}.entity_ref`, entityRef)
      .select(`${STATE}.*`)
      .orderBy([
        { column: `${STATE}.mapping_id` },
        { column: `${STATE}.cluster` },
      ]);
    return groupByMapping(rows, new Map());
  }

  async list(): Promise<SyncState[]> {
    return (
      await this.db(STATE).orderBy([
        { column: 'mapping_id' },
        { column: 'cluster' },
      ])
    ).map(toState);
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db(STATE)
      .select('status')
      .count({ n: '*' })
      .groupBy('status');
    return Object.fromEntries(
      rows.map((row: any) => [row.status, Number(row.n)]),
    );
  }

  async seriesPage(options: {
    after?: { mappingId: string; cluster: string };
    limit: number;
  }): Promise<StatusSeries[]> {
    const query = statePage(this.db, options.after, options.limit).select(
      's.mapping_id',
      's.cluster',
      's.status',
      's.reason',
      'm.entity_ref',
      'm.spec',
    );
    return (await query).map((row: any) => {
      const spec = JSON.parse(row.spec);
      return {
        mappingId: row.mapping_id,
        cluster: row.cluster,
        status: row.status,
        reason: optional(row.reason),
        entityRef: row.entity_ref,
        store: spec.store,
        namespace: spec.target?.namespace ?? '',
        name: spec.target?.name ?? '',
      };
    });
  }

  async requeueFailed(options: RequeueFailed): Promise<number> {
    const { now, reasons } = options;
    if (reasons.length === 0) return 0;
    const spread = Math.max(1, Math.floor(options.spreadMs));
    const postgres = isPostgres(this.db);
    // A due time at random per row within the spread, computed by the database so the
    // whole re-queue stays one statement. SQLite keeps these columns as epoch milliseconds.
    const due = postgres
      ? this.db.raw(
          `CAST(? AS timestamptz) + floor(random() * ?) * interval '1 millisecond'`,
          [now, spread],
        )
      : this.db.raw('? + (abs(random()) % ?)', [now, spread]);
    // The (reason, cluster) index finds the failed rows; a claimed row is being synced,
    // and one due within the spread anyway keeps its time.
    const query = this.db(STATE)
      .whereIn('reason', [...reasons])
      .where('status', 'SyncedError')
      .where('next_due_at', '>', new Date(now.getTime() + spread))
      .where(q => q.whereNull('claim_until').orWhere('claim_until', '<', now));
    if ('cluster' in options) {
      query.where('cluster', options.cluster);
    } else {
      // The store is part of the mapping's spec: checked for the failed rows only.
      const store = postgres
        ? `CAST(m.spec AS json) ->> 'store' = ?`
        : `json_extract(m.spec, '$.store') = ?`;
      query.whereExists(sub =>
        sub
          .select(this.db.raw('1'))
          .from(`${MAPPINGS} as m`)
          .whereRaw(`m.id = ${STATE}.mapping_id`)
          .andWhereRaw(store, [options.store]),
      );
    }
    return query.update({ next_due_at: due });
  }

  appendEvent(event: NewSyncEvent): Promise<void> {
    return this.appendEvents([event]);
  }

  async appendEvents(events: NewSyncEvent[]): Promise<void> {
    for (const chunk of chunks(events)) {
      await this.db(EVENTS).insert(
        chunk.map(event => ({
          mapping_id: event.mappingId,
          cluster: event.cluster,
          at: event.at,
          type: event.type,
          actor: event.actor,
          reason: event.reason ?? null,
          message: event.message ?? null,
        })),
      );
    }
  }

  async listEvents(
    mappingId: string,
    options: { limit?: number } = {},
  ): Promise<SyncEvent[]> {
    const rows = await this.db(EVENTS)
      .where('mapping_id', mappingId)
      .orderBy('id', 'desc')
      .limit(options.limit ?? 100);
    return rows.map(row => ({
      id: Number(row.id),
      mappingId: row.mapping_id,
      cluster: row.cluster,
      at: toIso(row.at),
      type: row.type,
      actor: row.actor,
      reason: optional(row.reason),
      message: optional(row.message),
    }));
  }
}
