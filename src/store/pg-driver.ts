import pg from 'pg';
import { redactUrl, type Row, type SqlDriver, type SqlExecutor } from './driver.js';

/** Query parameters aispm reads itself and removes before handing the URL to `pg`. */
const SCHEMA_PARAM = 'schema';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function wrap(q: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const r = await q.query<T>(sql, params as unknown[]);
      return r.rows;
    },
    async exec(sql: string): Promise<void> {
      await q.query(sql);
    },
  };
}

/**
 * A PostgreSQL server through `pg`. `?schema=NAME` in the URL (an aispm extension) keeps aispm's
 * tables in their own schema — created when missing — so one database can hold several stores
 * (and parallel test runs never collide).
 */
export async function openPostgres(url: string, opts: { schema?: string } = {}): Promise<SqlDriver> {
  const u = new URL(url);
  const schema = opts.schema ?? u.searchParams.get(SCHEMA_PARAM) ?? undefined;
  u.searchParams.delete(SCHEMA_PARAM);
  if (schema !== undefined && !IDENT.test(schema)) throw new Error(`invalid schema name "${schema}" (letters, digits, _)`);
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max: 4,
    // Every pooled connection sees the store's schema first; set at connect time so no query can miss it.
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
  });
  // An idle client that errors (server restart) must not crash the CLI; the next query reports it.
  pool.on('error', () => undefined);
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    else await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  const base = wrap(pool);
  return {
    kind: 'postgres',
    description: redactUrl(url),
    query: base.query,
    exec: base.exec,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
