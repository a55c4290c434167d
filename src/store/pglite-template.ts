import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

/**
 * A new embedded store starts from a copy of an empty PostgreSQL cluster made once, at install
 * (`npm install` runs `prepare`, which writes it beside the built CLI), instead of running
 * `initdb` in WASM: measured on a one-file folder, a first scan took 6.7 s and peaked at 800 MB
 * resident (initdb's heap, which WASM never gives back), a later one 2.1 s and 253 MB; from the
 * template the cluster is ready in 1.6 s at about 300 MB. The template is PGlite's own dump of a
 * data directory (`dumpDataDir`, a gzipped tar) and is only ever read by `PGlite.create` —
 * without it (a build that skipped `prepare`, the tests run from source) a store is initialised as
 * before.
 */

/** Where the built CLI keeps the template: `dist/pglite-template.tar.gz`. */
export const DEFAULT_TEMPLATE = fileURLToPath(new URL('../../pglite-template.tar.gz', import.meta.url));

/** Whether `dir` holds no cluster yet (PostgreSQL writes PG_VERSION first of all). */
export function isNewCluster(dir: string): boolean {
  return !existsSync(path.join(dir, 'PG_VERSION'));
}

/** The template's bytes, when there is one to start from. */
export function readTemplate(file: string): Blob | undefined {
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    return undefined;
  }
}

/** Writes the template: an empty cluster made in memory (`conf` as the store runs it), dumped. */
export async function writePgliteTemplate(file: string, conf: string[]): Promise<void> {
  const db = await PGlite.create({ postgresqlconf: conf });
  try {
    const dump = await db.dumpDataDir('gzip');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
}

/** The names in a folder, before a start from the template writes into it. */
export async function namesIn(dir: string): Promise<Set<string>> {
  return new Set(await readdir(dir));
}

/**
 * Removes what a failed start from the template wrote into `dir`: the entries not in `before`.
 * Only those: the store folder may be one the user named, holding files of their own.
 */
export async function clearCluster(dir: string, before: Set<string>): Promise<void> {
  for (const name of await readdir(dir)) if (!before.has(name)) await rm(path.join(dir, name), { recursive: true, force: true });
}
