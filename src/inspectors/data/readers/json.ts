import { hasWord, LABEL_KEYS, MAX_DEPTH, MAX_LEAVES, tooWide } from './json-paths.js';
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
  else if (v instanceof Uint8Array) {
    // Parquet binary (fixed-length byte arrays: hashes, UUIDs, codes): text when it is text, never
    // one leaf per byte.
    const t = binaryText(v);
    if (t) out.push({ path, value: t, key });
  } else if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) leaves((v as Record<string, unknown>)[k], path ? path + '.' + k : k, out, depth + 1, k);
  }
  return out;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Bytes that are UTF-8 text without control characters (tabs and line breaks aside), as text. */
export function binaryText(b: Uint8Array): string | undefined {
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f) return undefined;
  }
  try {
    return utf8Strict.decode(b);
  } catch {
    return undefined;
  }
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
    else if (l.value.length > 20 && !l.path.endsWith('.role') && hasWord(l.value)) text = text ? text + ' ' + l.value : l.value;
  }
  if (!text) return undefined;
  return { text, label };
}

/** How far past the last located value the next one is looked for (keys, nulls and booleans sit between). */
const LOCATE_WINDOW = 256 * 1024;

/**
 * Locates leaf values in the raw line / document so cells get real lines and columns: leaves come
 * in document order, so a forward-moving cursor finds each encoded value in one pass. Both searches
 * are bounded: a value not found within LOCATE_WINDOW of the cursor has no location, and newlines
 * are walked once — a one-line document of 300,000 records (the newline search ran to its end for
 * every value) or values that are not found as encoded (`1e5`, `\u00e9`) made this quadratic.
 * Python's `json.dumps` escapes every non-ASCII character: that spelling is tried too.
 */
export class Locator {
  private cursor = 0;
  private lineAt = 1;
  private lineStart = 0;
  /** The first newline at or after the last located value (-1: none to the end). */
  private nextNewline: number;
  constructor(
    private readonly raw: string,
    private readonly firstLine = 1,
  ) {
    this.nextNewline = raw.indexOf('\n');
  }

  locate(value: string): { line: number; column: number } | undefined {
    const enc = JSON.stringify(value).slice(1, -1);
    if (!enc.length) return undefined;
    let at = this.find(enc);
    let len = enc.length;
    if (at < 0) {
      const ascii = asciiEscaped(enc);
      if (ascii === enc || (at = this.find(ascii)) < 0) return undefined;
      len = ascii.length;
    }
    // Advance line bookkeeping from the last newline seen to `at`.
    while (this.nextNewline >= 0 && this.nextNewline < at) {
      this.lineAt++;
      this.lineStart = this.nextNewline + 1;
      this.nextNewline = this.raw.indexOf('\n', this.lineStart);
    }
    this.cursor = at + len;
    return { line: this.firstLine + this.lineAt - 1, column: at - this.lineStart + 1 };
  }

  private find(enc: string): number {
    const end = Math.min(this.raw.length, this.cursor + LOCATE_WINDOW + enc.length);
    const rel = (this.cursor === 0 && end === this.raw.length ? this.raw : this.raw.slice(this.cursor, end)).indexOf(enc);
    return rel < 0 ? -1 : this.cursor + rel;
  }
}

/** A JSON string body with every non-ASCII character as a `\uXXXX` escape (lower-case hex, as Python writes them). */
function asciiEscaped(enc: string): string {
  return enc.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
export const ROW_KEYS = ['data', 'rows', 'records', 'examples', 'items', 'documents', 'train', 'test', 'validation', 'instances'];

/**
 * A whole JSON document: an array of records (top level or under a conventional key) yields one row
 * per element; anything else is one row of leaves.
 */
export function* jsonDocumentRows(raw: string, v: unknown): Generator<DataRow> {
  const loc = new Locator(raw);
  const items = recordItems(v);
  if (!items) {
    yield { cells: cellsOf(leaves(v), loc, '') };
    return;
  }
  let row = 0;
  for (const { path, value } of items) {
    row++;
    if (tooWide(value)) {
      // Too wide or deep to take value by value: its text, without field names (as JSONL's lines).
      const text = JSON.stringify(value);
      yield { row, cells: [{ text, field: path, verbatim: false }], asText: true };
      continue;
    }
    const ls = leaves(value);
    const cells = cellsOf(ls, loc, '').map((c) => ({ ...c, field: `${path}${c.field ? (c.field.startsWith('[') ? '' : '.') + c.field : ''}` }));
    const rec = recordOf(ls);
    yield { row, cells, record: rec && { ...rec, line: cells[0]?.line } };
  }
}

/**
 * The records of a JSON document, each with its path: a top-level array (Alpaca's
 * `alpaca_data.json`, 52,000 instructions), an array under a key such as `data` or `examples`, or
 * LlamaIndex's docstore (`docstore/data`: nodes by id). Undefined when the document is one record.
 */
export function recordItems(v: unknown): { path: string; value: unknown }[] | undefined {
  if (Array.isArray(v)) return v.map((value, i) => ({ path: `[${i}]`, value }));
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  for (const k of ROW_KEYS) {
    const x = o[k];
    if (Array.isArray(x) && x.length && typeof x[0] === 'object') return x.map((value, i) => ({ path: `${k}[${i}]`, value }));
  }
  const nodes = o['docstore/data'];
  if (nodes && typeof nodes === 'object' && !Array.isArray(nodes)) return Object.entries(nodes as Record<string, unknown>).map(([id, value]) => ({ path: `docstore/data.${id}`, value }));
  return undefined;
}
