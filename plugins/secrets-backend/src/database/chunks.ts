/**
 * Rows per multi-row statement. knex writes a multi-row insert on SQLite as one compound
 * SELECT, and SQLite refuses more than 500 terms in one; both databases also cap the
 * bound values per statement (SQLite 32,766, PostgreSQL 65,535). 100 rows stays far
 * below all three for the widest row any store writes.
 */
export const ROWS_PER_STATEMENT = 100;

/** `items` in slices of at most `size`, in order. */
export function chunks<T>(items: T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}
