import { existsSync } from 'node:fs';
import { isPostgresUrl, openStore, resolveStoreSpec, type Store } from '../../store/index.js';
import { CliError, EXIT } from '../exit-codes.js';

/** Opens the store for a command (`--db`, $AISPM_DATABASE_URL, or `.aispm/`); a failure is exit 3 with the reason. */
export async function openCliStore(db?: string, opts: { mustExist?: boolean } = {}): Promise<Store> {
  const spec = resolveStoreSpec(db);
  // Reading commands (diff, history) must not leave an empty store folder behind a typo.
  if (opts.mustExist && !isPostgresUrl(spec) && !existsSync(spec)) throw new CliError(`no scan store at ${spec} (run aispm scan first, or pass --db)`, EXIT.usage);
  try {
    return await openStore(spec);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new CliError(`cannot open the scan store (${spec.startsWith('postgres') ? 'PostgreSQL' : spec}): ${msg}`, EXIT.failed);
  }
}

/** Runs `fn` with an open store and always closes it. */
export async function withStore<T>(db: string | undefined, fn: (s: Store) => Promise<T>, opts: { mustExist?: boolean } = {}): Promise<T> {
  const store = await openCliStore(db, opts);
  try {
    return await fn(store);
  } finally {
    await store.close().catch(() => undefined);
  }
}
