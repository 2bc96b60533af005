import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-secrets-backend',
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

// Row decoding. SQLite returns timestamps as numbers or strings, PostgreSQL as Dates.

/** A nullable column as an optional field. */
export const optional = <T>(v: T | null): T | undefined =>
  v === null ? undefined : v;

export const toDate = (v: unknown): Date => new Date(v as string);

export const toIso = (v: unknown): string => toDate(v).toISOString();

export const toOptionalIso = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : toIso(v);

/** The rows of a raw `… RETURNING` statement: PostgreSQL wraps them in a result, SQLite does not. */
export const returnedRows = (result: any): any[] =>
  Array.isArray(result) ? result : result.rows;
