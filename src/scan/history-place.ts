import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type ignore from 'ignore';
import type { ScanIssue } from '../core/index.js';
import { gitBlobId, isBareRepository } from '../walker/git/index.js';

/** The `source` of every issue history reading raises. */
export const HISTORY_SOURCE = 'history';

/** The detectors history is read for: what was exposed. Poisoning of data since deleted trains nothing. */
const HISTORY_DETECTORS = ['secrets', 'pii'];

/**
 * A walk's note as a scan issue: a bound reached (named by the setting a user changes) is a
 * `limit`, anything else is what the repository's bytes would not give (`parse-error`).
 */
export function historyIssue(where: string, message: string): ScanIssue {
  const limit = /maxBlobBytes = \d+|maxCommits = \d+|over the (\d+-byte )?limit/.exec(message);
  const text = message.replace(/maxBlobBytes = \d+/, 'limits.maxReadBytes').replace(/maxCommits = (\d+)/, 'history.maxCommits ($1)');
  return { path: where, reason: limit ? 'limit' : 'parse-error', message: `${where}: git history: ${text}`, source: HISTORY_SOURCE };
}

/**
 * The repository a target is in: a `.git` (folder, or file of a linked worktree) in the target or
 * the nearest folder above it, or the target itself when it is a bare repository (a mirror). `sub` is the target's path inside the repository, `/`-separated.
 */
export function repositoryOf(target: string): { repoRoot: string; sub: string } | undefined {
  let dir = path.resolve(target);
  for (let depth = 0; depth < 256; depth++) {
    if (existsSync(path.join(dir, '.git')) || isBareRepository(dir)) return { repoRoot: dir, sub: path.relative(dir, path.resolve(target)).split(path.sep).join('/') };
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** The inspector's detectors for history: secrets and personal data, within what the user chose. */
export function narrowDetectors(chosen: unknown): string[] {
  const list = Array.isArray(chosen) ? HISTORY_DETECTORS.filter((d) => chosen.includes(d)) : HISTORY_DETECTORS;
  return list.length ? list : HISTORY_DETECTORS;
}

/**
 * A blob's path is left out by the scan's own ignore patterns and the folders never scanned
 * (`node_modules`, …), not by `.gitignore`: a file in history was committed whatever the ignore
 * file says now, and `.env` committed before it was ignored is what this is for.
 */
export function skipped(relPath: string, ig: ReturnType<typeof ignore>, excluded: ReadonlySet<string>): boolean {
  const parts = relPath.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (excluded.has(parts[i]!)) return true;
  return ig.ignores(relPath);
}

/**
 * Ids of HEAD's blobs whose file on disk is unchanged: those are scanned as files. A file edited
 * since the last commit is not among them, so a key removed from it but still committed is read
 * from history.
 */
export async function blobsOnDisk(root: string, head: ReadonlyMap<string, string>, local: (repoPath: string) => string | undefined, maxBytes: number): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const [repoPath, id] of head) {
    const rel = local(repoPath);
    if (rel === undefined) continue;
    const abs = path.join(root, ...rel.split('/'));
    try {
      const st = await stat(abs);
      if (!st.isFile()) continue;
      // A large file is hashed as a stream: it was scanned on disk, and its committed copy must not
      // be reported as "over the read limit" from history as well.
      const blobId = st.size > maxBytes ? await streamedBlobId(abs, st.size) : gitBlobId(await readFile(abs));
      if (blobId === id) ids.add(id);
    } catch {
      // Deleted or unreadable on disk: its committed version is read from history.
    }
  }
  return ids;
}

/** `gitBlobId` of a file read as a stream (a file too large to hold). */
function streamedBlobId(abs: string, size: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha1').update(`blob ${size}\0`);
    createReadStream(abs)
      .on('data', (d) => hash.update(d))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
