import path from 'node:path';
import type { SqlDriver } from './driver.js';
import { openPglite } from './pglite-driver.js';
import { openPostgres } from './pg-driver.js';
import { Store } from './store.js';

/** The default embedded store folder, under the current directory (DESIGN §5). */
export const DEFAULT_STORE_DIR = '.aispm';
export const DATABASE_URL_ENV = 'AISPM_DATABASE_URL';

export function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

/**
 * Where the store lives: `--db` when given (a folder or a postgres:// URL), else $AISPM_DATABASE_URL,
 * else `.aispm/` under `cwd`.
 */
export function resolveStoreSpec(db?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const spec = db ?? env[DATABASE_URL_ENV] ?? DEFAULT_STORE_DIR;
  return isPostgresUrl(spec) ? spec : path.resolve(cwd, spec);
}

/** Opens the driver for a spec (folder → PGlite, URL → PostgreSQL), without migrating. */
export function openDriver(spec: string, opts: { schema?: string } = {}): Promise<SqlDriver> {
  return isPostgresUrl(spec) ? openPostgres(spec, opts) : openPglite(spec);
}

/** Opens and migrates the store for a spec (see `resolveStoreSpec`). */
export async function openStore(spec: string, opts: { schema?: string } = {}): Promise<Store> {
  const db = await openDriver(spec, opts);
  try {
    return await Store.on(db);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
