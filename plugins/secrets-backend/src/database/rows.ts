// Row decoding and the dialect check shared by the Database* stores. SQLite returns timestamps as numbers or strings, PostgreSQL as Dates.

import type { Knex } from 'knex';

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

/** Whether `db` talks to PostgreSQL (knex names it pg, postgres or postgresql); else SQLite. */
export const isPostgres = (db: Knex): boolean =>
  /pg|postgres/.test(String(db.client.config.client));
