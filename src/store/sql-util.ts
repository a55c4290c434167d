import type { SqlExecutor } from './driver.js';

/** Rows per bulk statement: big enough to amortise round trips, small enough to bound memory. */
export const CHUNK = 5000;

/** Runs `sql` once per chunk of `rows`, passing the chunk as JSON in the last parameter (after `first`). */
export async function insertChunks<T>(tx: SqlExecutor, sql: string, rows: readonly T[], first: readonly unknown[]): Promise<void> {
  // The JSON rows are always the last parameter.
  for (let i = 0; i < rows.length; i += CHUNK) await tx.query(sql, [...first, JSON.stringify(rows.slice(i, i + CHUNK))]);
}

