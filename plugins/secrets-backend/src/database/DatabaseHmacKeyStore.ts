import { randomBytes } from 'node:crypto';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { migratedClient } from './migratedClient';

const TABLE = 'secrets_engine_keys';
const DATA_HMAC = 'data-hmac';

/** Where the engine's keys live: one per purpose, shared by every replica. */
export interface HmacKeyStore {
  /**
   * The key for HMACs of Secret data (a plain SHA-256 of a short password could be
   * brute forced from an annotation). Created on first use.
   */
  dataHmacKey(): Promise<Buffer>;
}

/** {@link HmacKeyStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseHmacKeyStore implements HmacKeyStore {
  static async create(
    database: DatabaseService,
  ): Promise<DatabaseHmacKeyStore> {
    return new DatabaseHmacKeyStore(await migratedClient(database));
  }

  private readonly db: Knex;

  private constructor(db: Knex) {
    this.db = db;
  }

  async dataHmacKey(): Promise<Buffer> {
    // When replicas start together, the insert that loses is ignored and everyone reads
    // the one that won.
    await this.db(TABLE)
      .insert({
        name: DATA_HMAC,
        value: randomBytes(32).toString('base64'),
        created_at: new Date(),
      })
      .onConflict('name')
      .ignore();
    const row = await this.db(TABLE).where({ name: DATA_HMAC }).first();
    return Buffer.from(row.value, 'base64');
  }
}
