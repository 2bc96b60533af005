import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { chunks } from './chunks';
import { migratedClient } from './migratedClient';
import { toDate } from './rows';
import type {
  WatchFailureRecord,
  WatchFailureStore,
} from './WatchFailureStore';

const TABLE = 'secrets_watch_failures';
/** A message is a short error description; anything longer is cut, not refused. */
const MESSAGE_LENGTH = 1000;

/** {@link WatchFailureStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseWatchFailureStore implements WatchFailureStore {
  static async create(
    database: DatabaseService,
  ): Promise<DatabaseWatchFailureStore> {
    return new DatabaseWatchFailureStore(await migratedClient(database));
  }

  private constructor(private readonly db: Knex) {}

  async publish(
    replica: string,
    failures: WatchFailureRecord[],
    now: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(TABLE).where({ replica }).delete();
      for (const chunk of chunks(failures))
        await tx(TABLE).insert(
          chunk.map(f => ({
            replica,
            cluster: f.cluster,
            namespace: f.namespace,
            since: f.since,
            message: f.message.slice(0, MESSAGE_LENGTH),
            seen_at: now,
          })),
        );
    });
  }

  async current(seenSince: Date): Promise<WatchFailureRecord[]> {
    const rows = await this.db(TABLE)
      .where('seen_at', '>=', seenSince)
      .orderBy(['cluster', 'namespace', 'since']);
    const out = new Map<string, WatchFailureRecord>();
    for (const row of rows) {
      const key = `${row.cluster}/${row.namespace}`;
      // Ordered by since: the first row of a namespace is its earliest failure.
      if (!out.has(key))
        out.set(key, {
          cluster: row.cluster,
          namespace: row.namespace,
          since: toDate(row.since),
          message: row.message,
        });
    }
    return [...out.values()];
  }

  async forget(replica: string): Promise<void> {
    await this.db(TABLE).where({ replica }).delete();
  }
}
