import { randomUUID } from 'node:crypto';
import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  NewSyncEvent,
  SyncClaim,
  SyncEvent,
  SyncOutcome,
  SyncState,
  SyncStateStore,
} from './types';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-secrets-backend',
  'migrations',
);
const STATE = 'secrets_sync_state';
const EVENTS = 'secrets_sync_events';

/** Queue positions: a user's "sync now" first, then never-synced mappings, then the rest by due time. */
export const PRIORITY = { normal: 0, neverSynced: 10, requested: 20 } as const;

// SQLite returns timestamps as numbers, PostgreSQL as Dates.
const iso = (v: unknown) =>
  v === null || v === undefined
    ? undefined
    : new Date(v as string).toISOString();
const opt = <T>(v: T | null) => (v === null ? undefined : v);

function toState(row: any): SyncState {
  return {
    mappingId: row.mapping_id,
    cluster: row.cluster,
    status: row.status,
    reason: opt(row.reason),
    message: opt(row.message),
    syncedVersions: row.synced_versions ? JSON.parse(row.synced_versions) : [],
    dataHmac: opt(row.data_hmac),
    lastSyncedAt: iso(row.last_synced_at),
    lastAttemptAt: iso(row.last_attempt_at),
    nextDueAt: iso(row.next_due_at)!,
    consecutiveFailures: Number(row.consecutive_failures),
    priority: Number(row.priority),
  };
}

/** {@link SyncStateStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseSyncStateStore implements SyncStateStore {
  static async create(
    database: DatabaseService,
  ): Promise<DatabaseSyncStateStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip)
      await client.migrate.latest({ directory: migrationsDir });
    return new DatabaseSyncStateStore(client);
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
        .insert(
          clusters.map(cluster => ({
            mapping_id: mappingId,
            cluster,
            status: 'Pending',
            next_due_at: now,
            priority: PRIORITY.neverSynced,
            consecutive_failures: 0,
          })),
        )
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

  async claimDue(options: {
    now: Date;
    limit: number;
    owner: string;
    leaseMs: number;
  }): Promise<SyncClaim[]> {
    const token = randomUUID();
    const until = new Date(options.now.getTime() + options.leaseMs);
    const isPostgres = this.db.client.config.client === 'pg';
    // One statement picks and claims, so two replicas can never take the same row. On
    // PostgreSQL, SKIP LOCKED lets concurrent claimers pass over each other's rows instead
    // of waiting; SQLite has a single writer, so the statement is atomic as it is.
    const result = await this.db.raw(
      `UPDATE ${STATE} SET claimed_by = ?, claim_until = ?, claim_token = ?
       WHERE (mapping_id, cluster) IN (
         SELECT mapping_id, cluster FROM ${STATE}
         WHERE next_due_at <= ? AND (claim_until IS NULL OR claim_until < ?)
         ORDER BY priority DESC, next_due_at ASC, mapping_id ASC
         LIMIT ? ${isPostgres ? 'FOR UPDATE SKIP LOCKED' : ''}
       )
       RETURNING *`,
      [options.owner, until, token, options.now, options.now, options.limit],
    );
    const rows: any[] = isPostgres ? result.rows : result;
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

  async complete(claim: SyncClaim, outcome: SyncOutcome): Promise<boolean> {
    // A "sync now" that arrived while this claim ran changed the priority or the due time
    // (also when the claim itself served a "sync now"): keep them, so the request is served
    // by the next cycle instead of being lost. SET expressions all see the row as it was.
    const untouched = 'priority = ? AND next_due_at = ?';
    const claimed = [claim.state.priority, new Date(claim.state.nextDueAt)];
    const changed = await this.db(STATE)
      .where({
        mapping_id: claim.mappingId,
        cluster: claim.cluster,
        claim_token: claim.token,
      })
      .update({
        status: outcome.status,
        reason: outcome.reason ?? null,
        message: outcome.message ?? null,
        ...(outcome.syncedVersions
          ? { synced_versions: JSON.stringify(outcome.syncedVersions) }
          : {}),
        ...(outcome.dataHmac ? { data_hmac: outcome.dataHmac } : {}),
        ...(outcome.lastSyncedAt
          ? { last_synced_at: outcome.lastSyncedAt }
          : {}),
        last_attempt_at: outcome.lastAttemptAt,
        consecutive_failures: outcome.consecutiveFailures,
        next_due_at: this.db.raw(
          `CASE WHEN ${untouched} THEN ? ELSE next_due_at END`,
          [...claimed, outcome.nextDueAt],
        ),
        priority: this.db.raw(
          `CASE WHEN ${untouched} THEN ? ELSE priority END`,
          [...claimed, PRIORITY.normal],
        ),
        claimed_by: null,
        claim_until: null,
        claim_token: null,
      });
    return changed > 0;
  }

  async get(mappingId: string): Promise<SyncState[]> {
    return (
      await this.db(STATE).where('mapping_id', mappingId).orderBy('cluster')
    ).map(toState);
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

  appendEvent(event: NewSyncEvent): Promise<void> {
    return this.appendEvents([event]);
  }

  async appendEvents(events: NewSyncEvent[]): Promise<void> {
    // Chunks keep each statement well below SQLite's limit on bound values.
    for (let i = 0; i < events.length; i += 100) {
      await this.db(EVENTS).insert(
        events.slice(i, i + 100).map(event => ({
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
      at: iso(row.at)!,
      type: row.type,
      actor: row.actor,
      reason: opt(row.reason),
      message: opt(row.message),
    }));
  }
}
