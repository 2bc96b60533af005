import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { chunks } from './chunks';
import { migratedClient } from './migratedClient';
import { optional, returnedRows, toDate } from './rows';
import type {
  NotificationStateStore,
  NotifiedClaim,
  NotifiedState,
  NotifiedTopic,
} from './NotificationStateStore';

const TABLE = 'secrets_notified';

function toState(row: any): NotifiedState {
  return {
    mappingId: row.mapping_id,
    topic: row.topic,
    state: row.state,
    entityRef: row.entity_ref,
    reason: optional(row.reason),
    summary: optional(row.summary),
    since: toDate(row.since),
    notifiedAt:
      row.notified_at === null || row.notified_at === undefined
        ? undefined
        : toDate(row.notified_at),
  };
}

/** {@link NotificationStateStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseNotificationStateStore implements NotificationStateStore {
  static async create(
    database: DatabaseService,
  ): Promise<DatabaseNotificationStateStore> {
    return new DatabaseNotificationStateStore(await migratedClient(database));
  }

  private constructor(private readonly db: Knex) {}

  async list(
    topic: NotifiedTopic,
    options: { after?: string; limit: number },
  ): Promise<NotifiedState[]> {
    const query = this.db(TABLE)
      .where({ topic })
      .orderBy('mapping_id')
      .limit(options.limit);
    if (options.after !== undefined)
      query.andWhere('mapping_id', '>', options.after);
    return (await query).map(toState);
  }

  async watch(
    topic: NotifiedTopic,
    rows: { mappingId: string; entityRef: string }[],
    since: Date,
  ): Promise<void> {
    for (const chunk of chunks(rows)) {
      await this.db(TABLE)
        .insert(
          chunk.map(r => ({
            mapping_id: r.mappingId,
            topic,
            state: 'pending',
            entity_ref: r.entityRef,
            since,
          })),
        )
        .onConflict(['mapping_id', 'topic'])
        .ignore();
    }
  }

  async claim(
    topic: NotifiedTopic,
    from: 'absent' | 'pending',
    rows: NotifiedClaim[],
    now: Date,
  ): Promise<string[]> {
    const claimed: string[] = [];
    if (from === 'absent') {
      for (const chunk of chunks(rows)) {
        const inserted = await this.db(TABLE)
          .insert(
            chunk.map(r => ({
              mapping_id: r.mappingId,
              topic,
              state: 'notified',
              entity_ref: r.entityRef,
              reason: r.reason ?? null,
              summary: r.summary ?? null,
              since: now,
              notified_at: now,
            })),
          )
          .onConflict(['mapping_id', 'topic'])
          .ignore()
          .returning('mapping_id');
        claimed.push(...inserted.map((r: any) => r.mapping_id));
      }
      return claimed;
    }
    // Rows differ in reason and summary: one conditional update each, on a
    // transition that happens once per failure, not on every scan.
    for (const r of rows) {
      const updated = await this.db(TABLE)
        .where({ mapping_id: r.mappingId, topic, state: 'pending' })
        .update({
          state: 'notified',
          entity_ref: r.entityRef,
          reason: r.reason ?? null,
          summary: r.summary ?? null,
          notified_at: now,
        })
        .returning('mapping_id');
      claimed.push(...updated.map((u: any) => u.mapping_id));
    }
    return claimed;
  }

  async unclaim(
    topic: NotifiedTopic,
    from: 'absent' | 'pending',
    mappingIds: string[],
  ): Promise<void> {
    for (const chunk of chunks(mappingIds)) {
      const rows = this.db(TABLE)
        .where({ topic, state: 'notified' })
        .whereIn('mapping_id', chunk);
      if (from === 'absent') await rows.delete();
      else await rows.update({ state: 'pending', notified_at: null });
    }
  }

  async release(
    topic: NotifiedTopic,
    state: NotifiedState['state'],
    mappingIds: string[],
  ): Promise<string[]> {
    const released: string[] = [];
    for (const chunk of chunks(mappingIds)) {
      // Raw, because knex returns only a count for DELETE … RETURNING on SQLite.
      const result = await this.db.raw(
        `DELETE FROM ${TABLE} WHERE topic = ? AND state = ? AND mapping_id IN (${chunk
          .map(() => '?')
          .join(', ')}) RETURNING mapping_id`,
        [topic, state, ...chunk],
      );
      released.push(...returnedRows(result).map(r => r.mapping_id));
    }
    return released;
  }

  async restore(rows: NotifiedState[]): Promise<void> {
    for (const chunk of chunks(rows)) {
      await this.db(TABLE)
        .insert(
          chunk.map(r => ({
            mapping_id: r.mappingId,
            topic: r.topic,
            state: r.state,
            entity_ref: r.entityRef,
            reason: r.reason ?? null,
            summary: r.summary ?? null,
            since: r.since,
            notified_at: r.notifiedAt ?? null,
          })),
        )
        .onConflict(['mapping_id', 'topic'])
        .ignore();
    }
  }

  async prune(): Promise<number> {
    return this.db(TABLE)
      .whereNotExists(
        this.db('secrets_mappings')
          .select(this.db.raw('1'))
          .whereRaw(`secrets_mappings.id = ${TABLE}.mapping_id`),
      )
      .delete();
  }
}
