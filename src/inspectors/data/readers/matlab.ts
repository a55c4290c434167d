import { LABEL_KEYS } from './json-paths.js';
import { MatError } from './matlab-elements.js';
import { isMatV4, readV4 } from './matlab-v4.js';
import { isMatV5, readV5, type EachVariable, type V5Reading } from './matlab-v5.js';
import type { MatValue } from './matlab-values.js';
import { RecordRow } from './record-row.js';
import { documentRead, type DocumentRead, type RowSink } from './sheet-table.js';

/**
 * MATLAB MAT-files (`.mat`, levels 4 and 5 — v7.3 files are HDF5, read by `hdf5.ts`): research
 * and medical data (EEG, imaging studies, survey exports) keep subject names, ids, birth dates
 * and notes in char arrays, cell arrays and structs. Each variable gives rows, numbered from 1:
 * a struct array one per element with a cell per field (`subjects.name`, so its fields are the
 * table's columns), a cell array one per cell, a char matrix one per string, a small numeric
 * vector one per value. Inside a row, nested containers are paths: `visit.site`, a struct
 * array's `visits(2).date`, a cell's `notes{3}`. A scalar struct whose fields are all columns of
 * one length (a table saved as a struct of columns) is a row per index.
 */

/** Whether the bytes open a MAT-file: the level-5 header text anywhere, a level-4 matrix header under a `.mat` name. */
export function isMatFile(name: string, head: Uint8Array): boolean {
  return isMatV5(head) || (name.toLowerCase().endsWith('.mat') && isMatV4(head));
}

/**
 * Whether the bytes open a v7.3 MAT-file: HDF5 behind a 512-byte user block that starts with the
 * MAT-file header text. The walker sniffs HDF5 by its signature at byte 0 only, so such a file
 * sniffs as binary; the HDF5 reader reads it (the library finds the superblock past the block).
 */
export function isMatV73(head: Uint8Array): boolean {
  return head.length >= 520 && head[0] === 0x4d && Buffer.from(head.subarray(0, 19)).toString('latin1') === 'MATLAB 7.3 MAT-file' && Buffer.from(head.subarray(512, 520)).toString('latin1') === '\x89HDF\r\n\x1a\n';
}

/** Hands each variable's rows to `sink`, at most `maxRows` in all; `truncated()` says whether the cap stopped it. */
export function rowEmitter(maxRows: number, sink: RowSink): { each: EachVariable; truncated: () => boolean } {
  let rows = 0;
  let truncated = false;
  const each = (name: string, value: MatValue): boolean => {
    for (const cells of variableRows(name, value)) {
      if (rows >= maxRows) {
        truncated = true;
        return false;
      }
      rows++;
      cells.row.emit(sink, cells.n);
    }
    return true;
  };
  return { each, truncated: () => truncated };
}

/** Every variable's rows of a file held whole to `sink`, at most `maxRows`; inflating at most `maxInflated` bytes in all. */
export function eachMatRow(bytes: Uint8Array, maxRows: number, sink: RowSink, maxInflated: number): DocumentRead {
  const problems: string[] = [];
  const out = rowEmitter(maxRows, sink);
  const r: V5Reading = { budget: { left: maxInflated }, matrices: 0, problems };
  try {
    if (isMatV5(bytes)) readV5(bytes, r, out.each);
    else readV4(bytes, out.each);
  } catch (e) {
    if (!(e instanceof MatError)) throw e;
    problems.push(`not a readable MAT-file: ${e.message}`);
    r.stopped = true;
  }
  return matRead(r, out.truncated());
}

/**
 * How a MAT-file's reading ended: cut short (the row cap, a broken file, the bounds spent), or read
 * to its end with the variables its problems name left out.
 */
export function matRead(r: V5Reading, capped: boolean): DocumentRead {
  return documentRead(r.problems, capped || r.stopped === true);
}

/** A variable's rows, one at a time (a 100,000-element cell array is not held as rows). */
function* variableRows(name: string, v: MatValue): Generator<{ row: RecordRow; n: number }> {
  const one = (add: (row: RecordRow) => void, n: number) => {
    const row = new RecordRow();
    add(row);
    return { row, n };
  };
  if (v.kind === 'struct') {
    const columns = v.items.length === 1 ? columnLength(v.fields, v.items[0]!) : 0;
    if (columns > 1) {
      for (let i = 0; i < columns; i++) yield one((row) => v.fields.forEach((f, k) => addAt(row, `${name}.${f}`, v.items[0]![k]!, i)), i + 1);
      return;
    }
    for (let i = 0; i < v.items.length; i++) yield one((row) => v.fields.forEach((f, k) => add(row, `${name}.${f}`, v.items[i]![k]!)), i + 1);
  } else if (v.kind === 'cell') {
    for (let i = 0; i < v.items.length; i++) yield one((row) => add(row, name, v.items[i]!), i + 1);
  } else if (v.kind === 'text') {
    for (let i = 0; i < v.strings.length; i++) yield one((row) => row.add(name, v.strings[i]!, isLabel(name)), i + 1);
  } else if (v.kind === 'numbers') {
    for (let i = 0; i < v.texts.length; i++) yield one((row) => row.add(name, v.texts[i]!, isLabel(name), false), i + 1);
  }
}

/** The length shared by every field of a scalar struct when each is a column (a vector of text, numbers or cells), else 0. */
function columnLength(fields: readonly string[], values: readonly MatValue[]): number {
  let n = -1;
  for (const v of values) {
    if (v.kind === 'skipped') continue;
    const len = v.kind === 'text' ? v.strings.length : v.kind === 'numbers' ? v.texts.length : v.kind === 'cell' ? v.items.length : 0;
    if (len === 0 || (n >= 0 && len !== n)) return 0;
    n = len;
  }
  return fields.length ? Math.max(n, 0) : 0;
}

/** Element `i` of a column-like field to `row`. */
function addAt(row: RecordRow, path: string, v: MatValue, i: number): void {
  if (v.kind === 'text') row.add(path, v.strings[i]!, isLabel(path));
  else if (v.kind === 'numbers') row.add(path, v.texts[i]!, isLabel(path), false);
  else if (v.kind === 'cell') add(row, path, v.items[i]!);
}

/** A value's text as cells of `row` under `path`, nested containers as paths (their depth was bounded by the reader). */
function add(row: RecordRow, path: string, v: MatValue): void {
  switch (v.kind) {
    case 'text':
      for (const s of v.strings) row.add(path, s, isLabel(path));
      break;
    case 'numbers':
      for (const t of v.texts) row.add(path, t, isLabel(path), false);
      break;
    case 'cell':
      v.items.forEach((item, k) => add(row, `${path}{${k + 1}}`, item));
      break;
    case 'struct':
      v.items.forEach((item, i) => v.fields.forEach((f, k) => add(row, v.items.length === 1 ? `${path}.${f}` : `${path}(${i + 1}).${f}`, item[k]!)));
      break;
    default:
      break;
  }
}

/** Whether a path's last field names a class label (`label`, `diagnosis` is not one). */
function isLabel(path: string): boolean {
  return LABEL_KEYS.test(path.slice(path.lastIndexOf('.') + 1).replace(/[({].*$/, ''));
}
