import { statSync } from 'node:fs';
import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { GitFormatError } from './errors.js';
import type { GitObject } from './loose.js';
import { ObjectStore, type ObjectStoreLimits } from './object-store.js';

/** Small files (a `.git` file, `commondir`, `config`, `shallow`) are refused past this size. */
const SMALL_FILE = 16 * 2 ** 20;

async function readSmall(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return undefined;
    if (s.size > SMALL_FILE) throw new GitFormatError(file, `file of ${s.size} bytes is larger than a git control file can be`);
    return await readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof GitFormatError) throw err;
    return undefined;
  }
}

/**
 * An opened repository, read from its `.git` bytes only; nothing in it is ever run. `gitDir` is the
 * per-worktree directory (HEAD), `commonDir` the shared one (objects, refs, config).
 */
export class GitRepository {
  private constructor(
    readonly gitDir: string,
    readonly commonDir: string,
    readonly objects: ObjectStore,
    /** Commits named in `.git/shallow`: their parents were not fetched. */
    readonly shallow: ReadonlySet<string>,
  ) {}

  /** @internal use openRepository. */
  static async open(gitDir: string, limits: ObjectStoreLimits): Promise<GitRepository> {
    const common = await readSmall(path.join(gitDir, 'commondir'));
    const commonDir = common ? path.resolve(gitDir, common.trim()) : gitDir;
    const configFile = path.join(commonDir, 'config');
    const config = (await readSmall(configFile)) ?? '';
    const ext = extensions(config);
    const format = ext.get('objectformat');
    if (format && format !== 'sha1') {
      throw new GitFormatError(configFile, `object format '${format}' (extensions.objectformat) is not supported; only SHA-1 repositories can be read`);
    }
    // Reftable keeps refs in binary tables this reader does not parse: no refs would mean no
    // history, silently, so it is refused instead.
    const refs = ext.get('refstorage');
    if (refs && refs !== 'files') throw new GitFormatError(configFile, `ref storage '${refs}' (extensions.refstorage) is not supported`);
    const shallowText = (await readSmall(path.join(commonDir, 'shallow'))) ?? '';
    const shallow = new Set(shallowText.split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-f]{40}$/.test(l)));
    const objects = await ObjectStore.open(path.join(commonDir, 'objects'), limits);
    return new GitRepository(gitDir, commonDir, objects, shallow);
  }

  /** Packs, idx files or alternates that could not be used; the rest of the store still serves. */
  get problems(): readonly GitFormatError[] {
    return this.objects.problems;
  }

  /** The object; GitFormatError when it is missing or unreadable. */
  read(id: string): Promise<GitObject> {
    return this.objects.read(id);
  }

  /** Closes open pack files. */
  close(): Promise<void> {
    return this.objects.close();
  }
}

/** The `[extensions]` keys of a git config, lower-cased with their values. */
function extensions(config: string): Map<string, string> {
  const out = new Map<string, string>();
  let section = '';
  for (const raw of config.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const sec = /^\[\s*([^\]\s"]+)[^\]]*\]\s*(.*)$/.exec(line);
    if (sec) {
      section = sec[1]!.toLowerCase();
      continue;
    }
    const kv = /^([A-Za-z][\w-]*)\s*=\s*"?([^"]*)"?$/.exec(line);
    if (section === 'extensions' && kv) out.set(kv[1]!.toLowerCase(), kv[2]!.trim().toLowerCase());
  }
  return out;
}

/**
 * Whether `dir` is laid out as a bare repository: a `HEAD` file beside `objects/` and `refs/`
 * folders (what git itself checks before it treats a folder as a git dir).
 */
export function isBareRepository(dir: string): boolean {
  try {
    return statSync(path.join(dir, 'HEAD')).isFile() && statSync(path.join(dir, 'objects')).isDirectory() && statSync(path.join(dir, 'refs')).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Opens the repository of a scan root: `<root>/.git` as a directory, or a `.git` file saying
 * `gitdir: <path>` (a linked worktree or a submodule; a relative path is resolved against the root,
 * and a worktree's `commondir` is followed), or the root itself when it is a bare repository. Undefined when the root holds no repository. Throws
 * GitFormatError for a repository that cannot be read (a broken `.git` file, a SHA-256 repo).
 */
export async function openRepository(root: string, limits: ObjectStoreLimits = {}): Promise<GitRepository | undefined> {
  const dotGit = path.join(root, '.git');
  let s;
  try {
    s = await lstat(dotGit);
  } catch {
    // A bare repository (`git clone --bare` / `--mirror`, a server's copy) is its own git dir.
    return isBareRepository(root) ? GitRepository.open(root, limits) : undefined;
  }
  let gitDir: string;
  if (s.isDirectory()) gitDir = dotGit;
  else if (s.isFile()) {
    const text = (await readSmall(dotGit)) ?? '';
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(text);
    if (!m) throw new GitFormatError(dotGit, "'.git' file has no 'gitdir:' line");
    gitDir = path.resolve(root, m[1]!);
  } else return undefined;
  const head = await readSmall(path.join(gitDir, 'HEAD'));
  if (head === undefined) {
    if (s.isFile()) throw new GitFormatError(dotGit, `gitdir ${gitDir} is not a repository (no HEAD)`);
    return undefined;
  }
  return GitRepository.open(gitDir, limits);
}
