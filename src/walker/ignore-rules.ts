import ignore, { type Ignore } from 'ignore';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Folders no AI asset lives in that would only slow a scan (overridable in aispm.yaml). */
export const DEFAULT_EXCLUDED_DIRS = ['.git', '.hg', '.svn', 'node_modules', '.aispm', '__pycache__', '.mypy_cache', '.pytest_cache', '.tox', '.ruff_cache'];

/** The ignore files honoured in every folder, in the order they apply. */
export const IGNORE_FILES = ['.gitignore', '.aispmignore'];

/** One folder's ignore rules, applied to paths relative to that folder (as git does). */
export interface IgnoreScope {
  /** Absolute folder the rules are relative to. */
  base: string;
  ig: Ignore;
}

/** Reads the ignore files in `dir`; returns undefined when it has none. Unreadable files are skipped. */
export async function loadIgnoreScope(dir: string, names: readonly string[]): Promise<IgnoreScope | undefined> {
  let ig: Ignore | undefined;
  for (const name of IGNORE_FILES) {
    if (!names.includes(name)) continue;
    try {
      const text = await readFile(path.join(dir, name), 'utf8');
      ig ??= ignore();
      ig.add(text);
    } catch {
      // An unreadable ignore file ignores nothing; the walker reports unreadable files elsewhere.
    }
  }
  return ig ? { base: dir, ig } : undefined;
}

/** True when any scope from the root down ignores `abs` (a trailing `/` marks a directory). */
export function isIgnored(scopes: readonly IgnoreScope[], abs: string, isDir: boolean): boolean {
  for (const s of scopes) {
    let rel = path.relative(s.base, abs);
    if (!rel || rel.startsWith('..')) continue;
    rel = rel.split(path.sep).join('/');
    if (s.ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}
