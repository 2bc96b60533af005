import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { DeclaredMappings } from '@backstage-secrets/plugin-secrets-common';
import type { Knex } from 'knex';
import type { DeclaredStatusStore } from './DeclaredStatusStore';
import { migratedClient } from './migratedClient';

const TABLE = 'secrets_declared';

/** {@link DeclaredStatusStore} on the plugin's database through knex. */
export class DatabaseDeclaredStatusStore implements DeclaredStatusStore {
  static async create(
    database: DatabaseService,
  ): Promise<DatabaseDeclaredStatusStore> {
    return new DatabaseDeclaredStatusStore(await migratedClient(database));
  }

  private constructor(private readonly db: Knex) {}

  async get(entityRef: string): Promise<DeclaredMappings | undefined> {
    const row = await this.db(TABLE).where({ entity_ref: entityRef }).first();
    return row ? JSON.parse(row.status) : undefined;
  }

  async put(entityRef: string, status: DeclaredMappings): Promise<void> {
    await this.db(TABLE)
      .insert({
        entity_ref: entityRef,
        status: JSON.stringify(status),
        checked_at: new Date(),
      })
      .onConflict('entity_ref')
      .merge();
  }

  async delete(entityRef: string): Promise<void> {
    await this.db(TABLE).where({ entity_ref: entityRef }).delete();
  }

  async entityRefs(): Promise<string[]> {
    const rows = await this.db(TABLE).select('entity_ref');
    return rows.map(r => r.entity_ref);
  }
}
