import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Row, SqlDriver, SqlExecutor } from './driver.js';
import { lockFolder } from './folder-lock.js';
import { clearCluster, DEFAULT_TEMPLATE, isNewCluster, namesIn, readTemplate } from './pglite-template.js';

function wrap(q: PGlite | Transaction): SqlExecutor {
  return {
    async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const r = await q.query<T>(sql, params as unknown[]);
      return r.rows;
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  };
}

/**
 * PostgreSQL's default 128 MB of shared buffers, allocated in the WASM heap and touched, was most
 * of the CLI's own memory (a scan of a one-file folder peaked at 406 MB). A store holds a team's
 * scans, megabytes, and its files stay in the operating system's cache: 16 MB is plenty.
 */
export const PGLITE_CONF = ['shared_buffers = 16MB'];

/**
 * The embedded store: PostgreSQL compiled to WASM, persisted in a folder. One process at a time may
 * open a folder at a time (PGlite is single-user), so a lock file makes a second process wait; a team
 * that scans in parallel points at a server instead.
 */
export async function openPglite(dir: string, template = DEFAULT_TEMPLATE): Promise<SqlDriver> {
  await mkdir(dir, { recursive: true });
  const release = await lockFolder(dir);
  let db: PGlite;
  try {
    db = await createCluster(dir, template);
  } catch (e) {
    release();
    throw e;
  }
  const base = wrap(db);
  return {
    kind: 'pglite',
    description: dir,
    query: base.query,
    exec: base.exec,
    transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) => db.transaction((tx) => fn(wrap(tx))),
    close: async () => {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * Opens the cluster in `dir`; a new one starts from the template when there is one
 * (pglite-template.ts), and is initialised as before when there is none or it does not load.
 */
async function createCluster(dir: string, template: string): Promise<PGlite> {
  const blob = isNewCluster(dir) ? readTemplate(template) : undefined;
  if (blob) {
    const before = await namesIn(dir);
    try {
      return await PGlite.create(dir, { postgresqlconf: PGLITE_CONF, loadDataDir: blob });
    } catch {
      // A template of another PGlite build, or damaged: what it wrote is cleared and initdb runs.
      await clearCluster(dir, before);
    }
  }
  return PGlite.create(dir, { postgresqlconf: PGLITE_CONF });
}
