/**
 * The one contract both SQL drivers satisfy: PGlite (embedded, a folder) and a PostgreSQL server.
 * Everything above this file speaks PostgreSQL through it, so one schema and one test suite cover both.
 */

/** A row as returned by the driver; callers cast to the shape their SELECT promises. */
export type Row = Record<string, unknown>;

/** Runs statements. Inside a transaction this is the transaction; outside it, the connection. */
export interface SqlExecutor {
  /** One parameterised statement ($1, $2, …); returns its rows (empty for DML without RETURNING). */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** A human description for messages (`.aispm/` or a URL with the password hidden). */
  readonly description: string;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. A process that
   * dies inside leaves nothing behind (PostgreSQL's own guarantee, on both drivers).
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Hides the password of a connection URL for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
