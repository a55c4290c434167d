import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { GitRepository } from './repository.js';

/** Bounds against a hostile logs tree: nesting, files, bytes a file, ids in all. */
const MAX_DEPTH = 16;
const MAX_FILES = 10_000;
const MAX_FILE_BYTES = 64 * 2 ** 20;
const MAX_IDS = 1_000_000;
const ENTRY = /^([0-9a-f]{40}) ([0-9a-f]{40}) /;
const ZERO = '0'.repeat(40);

/**
 * Every commit id the reflogs remember (`logs/HEAD`, `logs/refs/**`, a linked worktree's own
 * `logs/HEAD`): the commits a branch pointed at before an amend, a reset, a rebase or its deletion.
 * No ref reaches them any more, but their objects stay in the clone until the reflog expires (90
 * days by default) and `git gc` prunes them — a key committed and amended away a minute later is
 * still on that disk. Ids whose objects are gone are the caller's to skip. Unreadable files are
 * left out: a reflog is a best-effort record.
 */
export async function reflogCommits(repo: GitRepository): Promise<string[]> {
  const ids = new Set<string>();
  const files: string[] = [];
  const dirs = repo.gitDir === repo.commonDir ? [repo.gitDir] : [repo.gitDir, repo.commonDir];
  for (const dir of dirs) await listLogs(path.join(dir, 'logs'), 0, files);
  for (const file of files) {
    if (ids.size >= MAX_IDS) break;
    let text: string;
    try {
      const s = await stat(file);
      if (!s.isFile() || s.size > MAX_FILE_BYTES) continue;
      text = await readFile(file, 'latin1');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      const m = ENTRY.exec(line);
      if (!m) continue;
      if (m[1] !== ZERO) ids.add(m[1]!);
      if (m[2] !== ZERO) ids.add(m[2]!);
    }
  }
  return [...ids];
}

/** Log files under `dir`, symlinks not followed (a hostile repository could point one anywhere). */
async function listLogs(dir: string, depth: number, out: string[]): Promise<void> {
  if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await listLogs(p, depth + 1, out);
    else if (e.isFile() && out.length < MAX_FILES) out.push(p);
  }
}
