import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Location } from '../../core/index.js';
import { targetPlaces } from '../../scan/index.js';
import { parseCodeowners, type CodeownersEntry } from '../../store/index.js';

/** Files above this are not read for inline ignores (a comment in a 50 MB file is not worth it). */
const MAX_LINES_FILE = 4 * 1024 * 1024;

/** Maps report paths back to files on disk, the same way the scan built them (see run-scan prefixes). */
export class ReportPaths {
  private readonly roots: { prefix: string; root: string }[];
  constructor(targets: readonly string[], cwd = process.cwd()) {
    // A target without a prefix (a file in the base folder) is tried last: it would take any path.
    this.roots = targetPlaces(targets, cwd)
      .map(({ prefix, dir }) => ({ prefix, root: dir }))
      .sort((a, b) => Number(!a.prefix) - Number(!b.prefix));
  }

  /** Absolute path of a report path, or undefined when it is outside every target (never escapes a root). */
  resolve(reportPath: string): string | undefined {
    for (const { prefix, root } of this.roots) {
      if (prefix && !reportPath.startsWith(prefix)) continue;
      const abs = path.resolve(root, reportPath.slice(prefix.length));
      if (abs === root || abs.startsWith(root + path.sep)) return abs;
    }
    return undefined;
  }

  /** Scan roots (folders), for CODEOWNERS lookup. */
  get rootDirs(): { prefix: string; root: string }[] {
    return this.roots;
  }
}

/**
 * Reads a location's lines (a notebook cell's own lines when `cell` is set), split once per file
 * (and per notebook) and cached: every finding asks, and splitting the file again for each of
 * 16,000 findings in one Terraform file took two minutes.
 */
export function lineReader(paths: ReportPaths): (loc: Location) => Promise<readonly string[] | undefined> {
  const files = new Map<string, Promise<string | undefined>>();
  const lines = new Map<string, string[]>();
  const cells = new Map<string, string[][] | undefined>();
  const text = (abs: string) => {
    let p = files.get(abs);
    if (!p) {
      p = (async () => {
        try {
          if ((await stat(abs)).size > MAX_LINES_FILE) return undefined;
          return await readFile(abs, 'utf8');
        } catch {
          return undefined;
        }
      })();
      files.set(abs, p);
    }
    return p;
  };
  /** The notebook's cells split into lines, all on the first lookup; undefined when it is not JSON. */
  const notebookCells = (abs: string, t: string): string[][] | undefined => {
    if (!cells.has(abs)) {
      try {
        const nb = JSON.parse(t) as { cells?: { source?: string | string[] }[] };
        cells.set(abs, (nb.cells ?? []).map((c) => (Array.isArray(c.source) ? c.source.join('') : (c.source ?? '')).split(/\r?\n/)));
      } catch {
        cells.set(abs, undefined);
      }
    }
    return cells.get(abs);
  };
  return async (loc) => {
    // A location in git history is a line of that commit's version, not of the file on disk: an
    // ignore comment there now says nothing about it (suppress it by rule, path or fingerprint).
    if (loc.commit) return undefined;
    const abs = loc.path ? paths.resolve(loc.path) : undefined;
    if (!abs) return undefined;
    const t = await text(abs);
    if (t === undefined) return undefined;
    if (loc.cell !== undefined && abs.endsWith('.ipynb')) {
      const all = notebookCells(abs, t);
      return all ? (all[loc.cell] ?? ['']) : undefined;
    }
    let l = lines.get(abs);
    if (!l) lines.set(abs, (l = t.split(/\r?\n/)));
    return l;
  };
}

/** sha256 of a file's bytes, streamed (datasets can be large). */
export function sha256File(abs: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(abs)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

export function fileHasher(paths: ReportPaths): (reportPath: string) => Promise<string | undefined> {
  return async (p) => {
    const abs = paths.resolve(p);
    if (!abs) return undefined;
    try {
      return await sha256File(abs);
    } catch {
      return undefined;
    }
  };
}

const CODEOWNERS_AT = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

/** CODEOWNERS of each scan root (first of .github/, root, docs/ — GitHub's order), patterns prefixed for multi-target reports. */
export async function loadCodeowners(paths: ReportPaths): Promise<CodeownersEntry[]> {
  const out: CodeownersEntry[] = [];
  for (const { prefix, root } of paths.rootDirs) {
    for (const rel of CODEOWNERS_AT) {
      let text: string;
      try {
        text = await readFile(path.join(root, rel), 'utf8');
      } catch {
        continue;
      }
      for (const e of parseCodeowners(text)) {
        if (!prefix) out.push(e);
        else out.push({ ...e, pattern: e.pattern.startsWith('/') ? `/${prefix}${e.pattern.slice(1)}` : `${prefix}**/${e.pattern}` });
      }
      break;
    }
  }
  return out;
}
