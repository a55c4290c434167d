import { escapeRegExp } from '../../core/index.js';
/**
 * Finds the line of each MCP server's key in its config in one pass over the text.
 *
 * A server's line is the first line that names it in one of four shapes:
 *   (1) `"github":` anywhere in the line (JSON/JSONC),
 *   (2) `[mcp_servers.github]` at the line start (TOML tables),
 *   (3) `- name: github` (YAML lists, Continue),
 *   (4) `github:` at the line start (YAML maps).
 * Testing one regex per server against every line was quadratic (minutes at 16,000 servers), so each
 * line is instead cut once into the keys it could name, and each server is then one map lookup.
 *
 * The cut is exact for names without `"` or `]`, with fewer than `MAX_COLONS` colons and without a
 * quote or white space at either end. The rare other names keep the per-name regex scan, which the cut
 * cannot reproduce exactly; that scan reads the whole file per name, so only the first
 * `MAX_SLOW_NAMES` of them get it and the caller reports the rest as left without a line.
 */

/** The old per-name pattern: the reference the index must agree with, and the fallback for odd names. */
export function namePattern(name: string): RegExp {
  const esc = escapeRegExp(name);
  return new RegExp(`("${esc}"\\s*:|^\\s*\\[[\\w.]*\\.${esc}\\]|^\\s*-?\\s*name:\\s*["']?${esc}["']?\\s*$|^\\s*${esc}\\s*:)`);
}

/** Shape (4) is cut at each of a line's first colons; a name with more colons is not cuttable. */
const MAX_COLONS = 8;
/** Odd names scanned the slow way per file: enough for any real config, bounded for a hostile one. */
export const MAX_SLOW_NAMES = 100;

/** True when the one-pass cut finds this name exactly where `namePattern` would. */
function cuttable(name: string): boolean {
  return !/["\]]/.test(name) && !/^[\s']|[\s']$/.test(name) && name.split(':').length <= MAX_COLONS;
}

const RUN = /^[\w.]*/;
const COLON_AFTER = /\s*:/y;
const YAML_NAME = /^\s*-?\s*name:\s*/;
const TABLE_OPEN = /^\s*\[/;

/**
 * The part of a TOML table key after its last dot inside the leading `[\w.]` run. Shape (2) for a
 * name X is `[P.X]` with P of `[\w.]`; X and `P.X` share this tail, so lines are filed under it.
 */
function tableTail(key: string): string | undefined {
  const run = RUN.exec(key)![0].length;
  const dot = run > 0 ? key.lastIndexOf('.', run - 1) : -1;
  return dot >= 0 ? key.slice(dot + 1) : undefined;
}

/** Keys of shapes (1), (3) and (4) in one line, each handed to `seen` (linear in the line). */
function lineKeys(s: string, seen: (key: string) => void): void {
  // (1) every pair of consecutive quotes followed by a colon.
  for (let q = s.indexOf('"'); q >= 0; ) {
    const n = s.indexOf('"', q + 1);
    if (n < 0) break;
    COLON_AFTER.lastIndex = n + 1;
    if (COLON_AFTER.test(s)) seen(s.slice(q + 1, n));
    q = n;
  }
  // (3) `- name: 'x'`: the value with one optional quote stripped at each end.
  const y = YAML_NAME.exec(s);
  if (y) {
    let v = s.slice(y[0].length).trimEnd();
    if (/^["']/.test(v)) v = v.slice(1);
    if (/["']$/.test(v)) v = v.slice(0, -1);
    seen(v);
  }
  // (4) the text before each of the first colons (a name may hold colons: `github:prod:`).
  const start = s.length - s.trimStart().length;
  for (let c = s.indexOf(':'), k = 0; c >= 0 && k < MAX_COLONS; c = s.indexOf(':', c + 1), k++) seen(s.slice(start, c).trimEnd());
}

/** Where each server name sits, and how many odd names were over the slow-scan budget. */
export interface NameLines {
  /** 1-based line per name, as `namePattern(name)` tested line by line gives it; absent when on no line. */
  lines: Map<string, number>;
  /** Names not searched at all because more than `MAX_SLOW_NAMES` needed the slow scan. */
  unsearched: number;
}

/** Locates every name in one pass (see the file comment). */
export function locateNames(lines: readonly string[], names: Iterable<string>): NameLines {
  const first = new Map<string, number>();
  const tables = new Map<string, { line: number; key: string }[]>();
  for (let i = 0; i < lines.length; i++) {
    const s = lines[i]!;
    lineKeys(s, (k) => {
      if (!first.has(k)) first.set(k, i + 1);
    });
    const open = TABLE_OPEN.exec(s);
    if (open) {
      const end = s.indexOf(']', open[0].length);
      const key = end >= 0 ? s.slice(open[0].length, end) : '';
      const tail = end >= 0 ? tableTail(key) : undefined;
      if (tail !== undefined) {
        const list = tables.get(tail) ?? [];
        if (!list.length) tables.set(tail, list);
        list.push({ line: i + 1, key });
      }
    }
  }
  const out = new Map<string, number>();
  let slow = 0;
  let unsearched = 0;
  for (const name of names) {
    if (out.has(name)) continue;
    let line: number | undefined;
    if (cuttable(name)) {
      line = first.get(name);
      const table = tables.get(tableTail(`.${name}`)!)?.find((t) => t.key.endsWith(`.${name}`));
      if (table && (line === undefined || table.line < line)) line = table.line;
    } else if (++slow > MAX_SLOW_NAMES) {
      unsearched++;
      continue;
    } else {
      const re = namePattern(name);
      const i = lines.findIndex((l) => re.test(l));
      if (i >= 0) line = i + 1;
    }
    if (line !== undefined) out.set(name, line);
  }
  return { lines: out, unsearched };
}
