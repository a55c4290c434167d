import { realpath, stat } from 'node:fs/promises';
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import path from 'node:path';
import type { FileInfo, ScanIssue } from '../core/index.js';
import { sniff } from './sniff.js';
import { DEFAULT_EXCLUDED_DIRS, isIgnored, loadIgnoreScope, type IgnoreScope } from './ignore-rules.js';

export const HEAD_BYTES = 4096;
/** Files up to this size are read whole while walking (one open, no second read later). */
export const SMALL_FILE_BYTES = 64 * 1024;
/** Reused for every file's first read (the walker reads synchronously, one file at a time). */
const SCRATCH = Buffer.allocUnsafe(SMALL_FILE_BYTES + 1);

export interface WalkOptions {
  /** Deeper folders are reported and not entered. */
  maxDepth?: number;
  /** Folder names never entered. */
  excludeDirs?: readonly string[];
  /** Honour .gitignore and .aispmignore (default true). */
  useIgnoreFiles?: boolean;
  /** Follow symbolic links (default true); loops are detected by real path either way. */
  followSymlinks?: boolean;
  /** Extra gitignore-style patterns from the config, relative to the scan root. */
  ignorePatterns?: readonly string[];
}

export interface WalkEntry {
  absPath: string;
  info: FileInfo;
  /** The whole content, for files up to SMALL_FILE_BYTES (saves analyzers a second read). */
  content?: Buffer;
}

interface DirJob {
  abs: string;
  /** Its path relative to the scan root, `/`-separated ('' for the root itself). */
  rel: string;
  /** Its real path when known without asking the OS (reached by plain names from a known real path). */
  real?: string;
  depth: number;
  scopes: IgnoreScope[];
}

/**
 * Lists every file under `root` (or `root` itself when it is a file) with its sniffed type.
 * Never throws for one bad entry: unreadable folders, symlink loops and too-deep trees become
 * issues through `onIssue`, and the walk goes on. Yields in batches so callers can overlap reads.
 */
export async function* walk(root: string, onIssue: (i: ScanIssue) => void, opts: WalkOptions = {}): AsyncGenerator<WalkEntry[]> {
  const maxDepth = opts.maxDepth ?? 64;
  const exclude = new Set(opts.excludeDirs ?? DEFAULT_EXCLUDED_DIRS);
  const useIgnore = opts.useIgnoreFiles ?? true;
  const follow = opts.followSymlinks ?? true;
  const absRoot = path.resolve(root);
  const rel = (abs: string) => path.relative(absRoot, abs).split(path.sep).join('/') || path.basename(abs);
  const issue = (abs: string, reason: string, message: string) => onIssue({ path: rel(abs), reason, message, source: 'walker' });

  let rootStat: Stats;
  try {
    rootStat = await stat(absRoot);
  } catch (e) {
    issue(absRoot, 'unreadable', `cannot read scan target: ${(e as Error).message}`);
    return;
  }
  if (rootStat.isFile()) {
    const entry = describe(absRoot, path.basename(absRoot), issue);
    if (entry) yield [entry];
    return;
  }

  /** Folders entered, by real path: the report path each was first entered as. */
  const seenDirs = new Map<string, string>();
  const rootScopes: IgnoreScope[] = [];
  if (opts.ignorePatterns?.length) {
    const { default: ignore } = await import('ignore');
    rootScopes.push({ base: absRoot, ig: ignore().add([...opts.ignorePatterns]) });
  }
  const stack: DirJob[] = [{ abs: absRoot, rel: '', depth: 0, scopes: rootScopes }];
  while (stack.length) {
    const job = stack.pop()!;
    let real: string;
    try {
      // realpath only where a symlink may have been crossed: one call per scan root and per linked folder.
      real = job.real ?? (await realpath(job.abs));
    } catch (e) {
      issue(job.abs, 'unreadable', `cannot resolve folder: ${(e as Error).message}`);
      continue;
    }
    const first = seenDirs.get(real);
    if (first !== undefined) {
      // A link back into its own ancestry is a loop; a second way into a folder scanned elsewhere
      // (Debian's /usr/share/doc links one package's folder under another's name) is not.
      const loop = first === '' || job.rel.startsWith(`${first}/`);
      issue(job.abs, 'symlink-loop', `${loop ? 'a symlink loop' : 'the same folder'} as ${first || 'the scan root'}, reached again through a symlink; not entered again`);
      continue;
    }
    seenDirs.set(real, job.rel);
    let dirents: Dirent[];
    try {
      // Synchronous, like the file reads below: a folder listing is short, and a thread-pool round
      // trip per folder left the scan idle between batches.
      dirents = readdirSync(job.abs, { withFileTypes: true });
    } catch (e) {
      issue(job.abs, 'unreadable', `cannot list folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      continue;
    }
    let scopes = job.scopes;
    if (useIgnore) {
      const scope = await loadIgnoreScope(job.abs, dirents.map((d) => d.name));
      if (scope) scopes = [...scopes, scope];
    }
    const files: { abs: string; rel: string }[] = [];
    // Paths are built by appending names (a name holds no separator): path.join and path.relative
    // per entry were 5 % of a 100,000-file discovery scan.
    const dirPrefix = job.abs.endsWith(path.sep) ? job.abs : job.abs + path.sep;
    const relPrefix = job.rel ? `${job.rel}/` : '';
    for (const d of dirents) {
      const abs = dirPrefix + d.name;
      let isDir = d.isDirectory();
      let isFile = d.isFile();
      const linked = d.isSymbolicLink();
      if (linked) {
        if (!follow) continue;
        try {
          const s = await stat(abs);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch (e) {
          // ELOOP: links that point at each other (`a -> b -> a`) resolve to nothing, like a dangling one, but are no typo.
          issue(abs, 'unreadable', (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'symbolic link loop (the links point at each other)' : 'broken symbolic link');
          continue;
        }
      }
      if (isDir) {
        if (exclude.has(d.name)) continue;
        if (scopes.length && isIgnored(scopes, abs, true)) continue;
        if (job.depth + 1 > maxDepth) {
          issue(abs, 'limit', `folder deeper than ${maxDepth} levels; not entered`);
          continue;
        }
        stack.push({ abs, rel: relPrefix + d.name, real: linked ? undefined : path.join(real, d.name), depth: job.depth + 1, scopes });
      } else if (isFile) {
        if (scopes.length && isIgnored(scopes, abs, false)) continue;
        files.push({ abs, rel: relPrefix + d.name });
      }
    }
    if (!files.length) continue;
    // Synchronous open/fstat/read: for the many small files of a source tree this is several times
    // faster than three thread-pool round trips per file, and a batch is one folder, so it is short.
    const entries = files.map((f) => describe(f.abs, f.rel, issue));
    const batch = entries.filter((e): e is WalkEntry => e !== undefined);
    if (batch.length) yield batch;
  }
}

function describe(abs: string, relPath: string, issue: (abs: string, reason: string, msg: string) => void): WalkEntry | undefined {
  const name = path.basename(abs).toLowerCase();
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    // One read into a scratch buffer one byte larger than a small file: a regular file's read
    // comes back short only at its end, so a short read is the whole file and its size — no fstat
    // and no second read per file.
    const got = readSync(fd, SCRATCH, 0, SCRATCH.length, 0);
    let size = got;
    let content: Buffer | undefined;
    if (got <= SMALL_FILE_BYTES) content = Buffer.from(SCRATCH.subarray(0, got));
    else size = fstatSync(fd).size;
    const head: Uint8Array = content ? content.subarray(0, HEAD_BYTES) : Buffer.from(SCRATCH.subarray(0, HEAD_BYTES));
    const entry: WalkEntry = { absPath: abs, info: { path: relPath, name, ext, size, sniffed: sniff(head, ext), head } };
    if (content) entry.content = content;
    return entry;
  } catch (e) {
    issue(abs, 'unreadable', `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
