import { hasWord, MAX_DEPTH, MAX_LEAVES, PathTree, tooWide, type PathNode } from './json-paths.js';
import type { DataRow, TextCell } from './types.js';

/**
 * One JSONL line → one row: the same cells and record as `leaves` + `recordOf` would give, in one
 * walk that makes the cells directly (no leaf objects in between) and takes each field path, with
 * its label/role verdicts, from a tree shared by all lines.
 */
const paths = new PathTree();

// The row being built. Module state rather than a closure or a context object: the walk recurses
// per value, and every argument it does not pass is one less to copy.
let cells: TextCell[] = [];
let source = '';
let lineNo = 0;
let label: string | undefined;
let text = '';
/** The walk stopped at MAX_LEAVES or MAX_DEPTH with values left. */
let capped = false;

function leaf(value: string, at: PathNode): void {
  cells.push({ text: value, line: lineNo, field: at.path, verbatim: false, source });
  // The record view, as `recordOf` decides it, leaf by leaf in document order.
  if (label === undefined && value.length <= 64 && at.labelKey) label = value.trim();
  else if (value.length > 20 && !at.role && hasWord(value)) text = text ? text + ' ' + value : value;
}

function walk(v: unknown, at: PathNode, depth: number): void {
  if (cells.length >= MAX_LEAVES || depth > MAX_DEPTH) {
    // Worth a second look only if something was left (null and booleans carry no text).
    capped ||= typeof v === 'string' || typeof v === 'number' || (typeof v === 'object' && v !== null);
    return;
  }
  if (typeof v === 'string') leaf(v, at);
  else if (typeof v === 'number') leaf(String(v), at);
  else if (typeof v === 'object' && v !== null) {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], at.item(i), depth + 1);
    } else {
      const o = v as Record<string, unknown>;
      // for-in, not Object.keys: no key array per object. A parsed object's keys are all its own
      // and come in the same order either way (the reference test compares against Object.keys).
      for (const k in o) walk(o[k], at.member(k), depth + 1);
    }
  }
  // JSON.parse makes no other leaf kinds (no Date, no bigint); booleans and null carry no text.
}

/** One JSONL line → one row. Throws on a line that is not JSON (the caller counts and reports). */
export function jsonlRow(line: string, lineNo_: number, row: number): DataRow {
  const v: unknown = JSON.parse(line);
  cells = [];
  source = line;
  lineNo = lineNo_;
  label = undefined;
  text = '';
  capped = false;
  walk(v, paths.root(), 0);
  const r: DataRow = { row, cells, record: text ? { text, label, line: lineNo_ } : undefined };
  // Too wide or deep to take value by value: the whole line is scanned as text (no field names).
  if (capped && tooWide(v)) {
    r.cells = [{ text: line, line: lineNo_, column: 1, verbatim: true }];
    r.asText = true;
  }
  cells = [];
  source = '';
  return r;
}
