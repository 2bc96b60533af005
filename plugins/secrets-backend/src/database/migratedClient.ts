import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@backstage-secrets/plugin-secrets-backend',
  'migrations',
);
const migrated = new WeakMap<DatabaseService, Promise<Knex>>();

/**
 * The plugin's database client with its migrations run (unless the app config says to
 * skip them) — once per database service, however many stores ask for it.
 */
export function migratedClient(database: DatabaseService): Promise<Knex> {
  let client = migrated.get(database);
  if (!client) {
    client = database.getClient().then(async db => {
      if (!database.migrations?.skip)
        await db.migrate.latest({ directory: migrationsDir });
      return db;
    });
    migrated.set(database, client);
  }
  return client;
}
