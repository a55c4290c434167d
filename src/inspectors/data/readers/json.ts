import { LABEL_KEYS, MAX_DEPTH, MAX_LEAVES } from './json-paths.js';
import type { DataRow, TextCell } from './types.js';

export { jsonlRow } from './jsonl-row.js';

export interface Leaf {
  path: string;
  value: string;
  /** The nearest object key on the path (`content` for `messages[2].content`, `tags` for `tags[1]`). */
  key: string;
}

/** Flattens a parsed JSON value into string leaves with field paths (`messages[2].content`). */
export function leaves(v: unknown, path = '', out: Leaf[] = [], depth = 0, key = ''): Leaf[] {
  if (out.length >= MAX_LEAVES || depth > MAX_DEPTH) return out;
  // Plain loops and string concatenation: this runs for every value of every record.
  if (typeof v === 'string') out.push({ path, value: v, key });
  else if (typeof v === 'number' || typeof v === 'bigint') out.push({ path, value: String(v), key });
  else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) leaves(v[i], path + '[' + i + ']', out, depth + 1, key);
  } else if (v instanceof Date) out.push({ path, value: Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10), key });
  else if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) leaves((v as Record<string, unknown>)[k], path ? path + '.' + k : k, out, depth + 1, k);
  }
  return out;
}

/**
 * The record view of one JSON object: free text is every long-ish string leaf except the label;
 * the label is a short value under a label-like key. Chat records (`messages[]`) use the user turns
 * as the text and a short final assistant turn as the label.
 */
export function recordOf(ls: readonly Leaf[]): { text: string; label?: string } | undefined {
  let label: string | undefined;
  let text = '';
  for (const l of ls) {
    if (label === undefined && l.value.length <= 64 && LABEL_KEYS.test(l.key)) label = l.value.trim();
    else if (l.value.length > 20 && !l.path.endsWith('.role')) text = text ? text + ' ' + l.value : l.value;
  }
  if (!text) return undefined;
  return { text, label };
}

/**
 * Locates leaf values in the raw line / document so cells get real lines and columns: leaves come
 * in document order, so a forward-moving cursor finds each encoded value in one pass.
 */
export class Locator {
  private cursor = 0;
  private lineAt = 1;
  private lineStart = 0;
  private scanned = 0;
  constructor(
    private readonly raw: string,
    private readonly firstLine = 1,
  ) {}

  locate(value: string): { line: number; column: number } | undefined {
    const enc = JSON.stringify(value).slice(1, -1);
    if (!enc.length) return undefined;
    const at = this.raw.indexOf(enc, this.cursor);
    if (at < 0) return undefined;
    // Advance line bookkeeping from the last scanned position to `at`.
    for (let i = this.raw.indexOf('\n', this.scanned); i >= 0 && i < at; i = this.raw.indexOf('\n', i + 1)) {
      this.lineAt++;
      this.lineStart = i + 1;
    }
    this.scanned = at;
    this.cursor = at + enc.length;
    return { line: this.firstLine + this.lineAt - 1, column: at - this.lineStart + 1 };
  }
}

function cellsOf(ls: readonly Leaf[], loc: Locator, prefix: string): TextCell[] {
  return ls.map((l) => {
    const p = loc.locate(l.value);
    const field = prefix && l.path ? `${prefix}.${l.path}` : prefix || l.path;
    // Verbatim when the value needed no escaping: then offsets inside it are exact.
    return { text: l.value, line: p?.line, column: p?.column, field, verbatim: !!p && JSON.stringify(l.value).length === l.value.length + 2 };
  });
}

/**
 * Where a decoded value sits on its JSON line: its column, and whether offsets inside it are exact
 * (it needed no escaping). Found only when a finding needs it: an encode and a search per leaf
 * would be wasted on the vast majority of values, which have no hit.
 */
export function locateOnLine(line: string, value: string): { column?: number; verbatim: boolean } {
  const enc = JSON.stringify(value);
  const at = line.indexOf(enc.slice(1, -1));
  return at < 0 ? { verbatim: false } : { column: at + 1, verbatim: enc.length === value.length + 2 };
}

/** Keys under which a JSON document keeps its list of records. */
const ROW_KEYS = ['data', 'rows', 'records', 'examples', 'items', 'documents', 'train', 'test', 'validation', 'instances'];

/**
 * A whole JSON document: an array of records (top level or under a conventional key) yields one row
 * per element; anything else is one row of leaves.
 */
export function* jsonDocumentRows(raw: string, v: unknown): Generator<DataRow> {
  const loc = new Locator(raw);
  let list: unknown[] | undefined;
  let prefix = '';
  if (Array.isArray(v)) list = v;
  else if (v && typeof v === 'object') {
    for (const k of ROW_KEYS) {
      const x = (v as Record<string, unknown>)[k];
      if (Array.isArray(x) && x.length && typeof x[0] === 'object') {
        list = x;
        prefix = k;
        break;
      }
    }
  }
  if (!list) {
    yield { cells: cellsOf(leaves(v), loc, '') };
    return;
  }
  let row = 0;
  for (const item of list) {
    row++;
    const ls = leaves(item);
    const cells = cellsOf(ls, loc, '').map((c) => ({ ...c, field: `${prefix}[${row - 1}]${c.field ? (c.field.startsWith('[') ? '' : '.') + c.field : ''}` }));
    const rec = recordOf(ls);
    yield { row, cells, record: rec && { ...rec, line: cells[0]?.line } };
  }
}
