import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lackedFilters } from './hdf5-filters.js';
import { CALL_TIMEOUT_MS, Hdf5File, hdf5Reason, missingFilter } from './hdf5-module.js';
import { frameFixedRows, frameTableRows, pandasKind } from './hdf5-pandas.js';
import { objectRows } from './hdf5-pickles.js';
import { arrayRows, attrText, childPath, fieldOf, nodeAt, recordRows, type H5Node, type Hdf5Walk } from './hdf5-records.js';
import { H5T, MAX_NUMERIC_ROWS, flat, textual } from './hdf5-values.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * HDF5 files in a data folder: what pandas' `to_hdf` and h5py write, where ML teams keep training
 * data. Read through the HDF5 library itself (h5wasm, `hdf5-module.ts`), never run: an HDF5 file
 * holds no code, but the pickles pandas stores in it are read for their strings only
 * (`hdf5-pandas.ts`).
 *
 * Every group and dataset is visited (hard links can make a cycle: at most MAX_OBJECTS objects,
 * MAX_DEPTH deep; external links are not followed). What becomes cells:
 * - string datasets, fixed or variable length: a row per index of the first dimension, the
 *   dataset's path as the field (`people.email`: groups joined by dots, so a column's own name is
 *   its last part, as in a JSON path), a 2-D one's columns as `grid[3]`;
 * - integer datasets of one dimension up to MAX_NUMERIC_ROWS values (the text of an `ssn` column);
 *   floats and wider numeric arrays (embeddings, images) are not read;
 * - compound datasets (PyTables tables, h5py record arrays): a row per record, a cell per text or
 *   integer member (`table.email`), pandas' frames by the frame's own column names;
 * - string attributes of every object, as header cells (`notes.attrs.comment`): scanned, not rows.
 * PyTables' own bookkeeping (index tables under `_i_*`, `CLASS`/`TITLE`/`FIELD_0_NAME` attributes,
 * pandas' metadata) is skipped: it repeats the data or describes it.
 *
 * Rows are numbered per dataset, as a database's are per table.
 */

/** Objects visited per file (a hard-linked cycle or a tree of millions of groups stops here). */
const MAX_OBJECTS = 100_000;
const MAX_DEPTH = 64;
/** Attributes' text read per object (a 100 MB attribute is not read). */
const MAX_ATTRIBUTE_BYTES = 1 << 20;

/** Attributes PyTables and pandas write to describe the data (on objects PyTables wrote): not text a person wrote. */
const BOOKKEEPING_ATTRS = /^(?:CLASS|TITLE|VERSION|FLAVOR|PSEUDOATOM|EXTDIM|NROWS|DIRTY|FILTERS|FIELD_\d+_(?:NAME|FILL)|pandas_type|pandas_version|encoding|errors|nan_rep|table_type|levels|index_cols|values_cols|non_index_axes|data_columns|info|metadata|kind|name|transposed|nblocks|ndim|\w+_(?:kind|dtype|meta|variety))$/;

/**
 * The rows of an HDF5 file on disk, or of its bytes in hand (a zip's member, a version from git
 * history: under 1 MiB), which the library can only open as a file: written to a private
 * temporary folder for the read, removed after.
 */
export async function* readHdf5Source(absPath: string, content: Uint8Array | undefined, status: ReadStatus, maxRows: number, maxFileBytes: number, skipped: string[]): AsyncGenerator<DataRow> {
  if (!content) return yield* readHdf5(absPath, status, { maxRows, maxFileBytes, skipped });
  const dir = await mkdtemp(path.join(tmpdir(), 'aispm-hdf5-'));
  try {
    const file = path.join(dir, 'content.h5');
    await writeFile(file, content, { mode: 0o600 });
    yield* readHdf5(file, status, { maxRows, maxFileBytes, skipped });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What bounds one file's read. */
export interface Hdf5Limits {
  maxRows: number;
  /** A file over this many bytes is not opened (said in `skipped`). */
  maxFileBytes: number;
  skipped: string[];
  /** A call into the library (opening the file, one slice) past this fails the file. */
  callTimeoutMs?: number;
}

/**
 * The rows of an HDF5 file. A file the library cannot open, or that fails part-way, throws with
 * the library's reason; after a failure part-way the library's thread is ended (it may hold the
 * file open, be aborted or still be looping), and the next file starts a fresh one.
 */
export async function* readHdf5(absPath: string, status: ReadStatus, limits: Hdf5Limits): AsyncGenerator<DataRow> {
  const size = (await stat(absPath)).size;
  if (size > limits.maxFileBytes) {
    limits.skipped.push(`larger than ${limits.maxFileBytes} bytes (analyzers.data.maxDataBytes); not read`);
    // Nothing read, and the problem says why (no second issue that the rest was, or was not, read).
    status.truncated = true;
    status.unread = true;
    return;
  }
  const release = await oneFileAtATime();
  try {
    yield* readOpen(absPath, size, status, limits);
  } finally {
    release();
  }
}

/**
 * The files waiting for the library, in order. A failure ends the library's thread, and every
 * file being read in it then failed with it: of PyTables' 45 test files read together, one that
 * aborted (a Blosc filter the build lacks) took seven good ones down. One file at a time, a
 * failure is its own file's alone. Little is lost: the library answers one call at a time anyway.
 */
let queue: Promise<void> = Promise.resolve();
async function oneFileAtATime(): Promise<() => void> {
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const before = queue;
  queue = before.then(() => mine);
  await before;
  return release;
}

async function* readOpen(absPath: string, size: number, status: ReadStatus, limits: Hdf5Limits): AsyncGenerator<DataRow> {
  let file: Hdf5File;
  try {
    file = await Hdf5File.open(absPath, limits.callTimeoutMs ?? CALL_TIMEOUT_MS);
  } catch (e) {
    // (A failure that spoils the thread — an abort, the time limit — has ended it already.)
    // Nothing was read, and the problem says why: no second word that it was "read in part".
    status.unread = true;
    throw new Error(`not a readable HDF5 file: ${hdf5Reason(e)}`, { cause: e });
  }
  // Counted once the file opens: a file the library refuses was not read at all.
  status.bytes = size;
  const walk: Hdf5Walk = { file, maxRows: limits.maxRows, rows: 0, objects: 0, skipped: limits.skipped, truncated: false };
  try {
    const root = await nodeAt(walk, '/');
    // A Keras model saved as HDF5 is the models inspector's (classify.ts sends those elsewhere by
    // their opening; this catches one whose attribute sits past it).
    if (!('model_config' in root.info.attrs)) {
      for await (const r of group(walk, root, 0)) {
        if (!r.header) status.rows = walk.rows;
        yield r;
      }
    }
  } catch (e) {
    file.discard();
    throw new Error(`${hdf5Reason(e)}${walk.rows ? ` (after ${walk.rows} rows)` : ''}`, { cause: e });
  } finally {
    await file.close();
  }
  // Cut short (the row cap, the object cap). A part left out and read past is in `skipped` alone:
  // the caller marks the file read in part, and says the rest of it was read.
  if (walk.truncated) status.truncated = true;
}

async function* group(walk: Hdf5Walk, g: H5Node, depth: number): AsyncGenerator<DataRow> {
  yield* attributeRows(walk, g);
  const pandas = await pandasKind(walk, g);
  if (pandas === 'frame_table') return yield* frameTableRows(walk, g);
  if (pandas === 'frame') return yield* frameFixedRows(walk, g);
  // PyTables' index of a table's columns (`_i_table`): sorted copies of the table's values.
  if ((await attrText(walk, g, 'CLASS')) === 'TINDEX') return;
  if (depth >= MAX_DEPTH) {
    walk.skipped.push(`${g.path}: groups nested over ${MAX_DEPTH} deep; not read`);
    return;
  }
  for (const name of await walk.file.keys(g.path)) {
    if (walk.rows >= walk.maxRows) {
      walk.truncated = true;
      return;
    }
    if (++walk.objects > MAX_OBJECTS) {
      walk.skipped.push(`over ${MAX_OBJECTS} groups and datasets; the rest not read`);
      walk.truncated = true;
      return;
    }
    const child = await nodeAt(walk, childPath(g.path, name));
    // External links are not followed (they name another file); soft links are, within the bounds above.
    if (child.info.kind === 'Group') yield* group(walk, child, depth + 1);
    else if (child.info.kind === 'Dataset') yield* datasetOrSkip(walk, child);
  }
}

/** An object's string attributes, one header row (scanned, not a data row). */
async function* attributeRows(walk: Hdf5Walk, o: H5Node): AsyncGenerator<DataRow> {
  const unread = o.info.attrsUnread ?? [];
  if (unread.length) {
    const which = unread.includes('*') ? 'its attributes could not be listed' : `attribute${unread.length > 1 ? 's' : ''} ${unread.slice(0, 5).join(', ')}${unread.length > 5 ? ` (+${unread.length - 5} more)` : ''} not read`;
    walk.skipped.push(`${o.path}: ${which} (a type the HDF5 reader cannot describe)`);
  }
  const cells = [];
  const base = fieldOf(o.path);
  // PyTables marks every object it writes with CLASS: only there are these names its own (an h5py
  // user's `name` or `info` attribute is text like any other).
  const pytables = 'CLASS' in o.info.attrs || 'pandas_type' in o.info.attrs;
  for (const [name, a] of Object.entries(o.info.attrs)) {
    if ((pytables && BOOKKEEPING_ATTRS.test(name)) || a.metadata.type !== H5T.STRING) continue;
    const count = (a.shape ?? []).reduce((x, y) => x * y, 1);
    if (!a.metadata.vlen && a.metadata.size * count > MAX_ATTRIBUTE_BYTES) continue;
    const field = base ? `${base}.attrs.${name}` : `attrs.${name}`;
    for (const v of flat(await walk.file.attr(o.path, name))) if (typeof v === 'string' && v) cells.push({ text: v, field, verbatim: false });
  }
  if (cells.length) yield { cells, header: true };
}

/** Code units of a v7.3 MAT-file's char array read (a page of text is a few thousand). */
const MAX_MATLAB_CHARS = 1 << 20;

/**
 * A v7.3 MAT-file's char array: UTF-16 code units in a `uint16` dataset marked `MATLAB_class =
 * 'char'`, which would read as numbers. MATLAB writes its dimensions reversed (an M×N char matrix,
 * M strings of N characters, is an N×M dataset, column-major), so string j is the j-th of every row.
 */
async function* matlabCharRows(walk: Hdf5Walk, ds: H5Node, field: string): AsyncGenerator<DataRow> {
  const [len, count] = ds.info.metadata!.shape as [number, number];
  if (len * count > MAX_MATLAB_CHARS) {
    walk.skipped.push(`${ds.path}: a char array of ${len * count} characters, over the ${MAX_MATLAB_CHARS} read; not read`);
    return;
  }
  const units = flat(await walk.file.slice(ds.path, [[0, len], [0, count]]));
  const utf16 = new TextDecoder('utf-16le');
  for (let j = 0; j < count; j++) {
    if (walk.rows >= walk.maxRows) {
      walk.truncated = true;
      return;
    }
    const codes = new Uint16Array(len);
    for (let i = 0; i < len; i++) codes[i] = Number(units[i * count + j]);
    const text = utf16.decode(codes).replace(/\0+$/, '').trimEnd();
    walk.rows++;
    if (text) yield { row: j + 1, cells: [{ text, field, verbatim: false }] };
  }
}

/** A dataset's rows; one compressed with a filter no plugin here undoes is said, by name, and skipped, and the file read on. */
async function* datasetOrSkip(walk: Hdf5Walk, ds: H5Node): AsyncGenerator<DataRow> {
  try {
    yield* dataset(walk, ds);
  } catch (e) {
    if (!missingFilter(e)) throw e;
    const lacked = lackedFilters(ds.info.filters);
    walk.skipped.push(`${ds.path}: ${lacked ? `its data is compressed with ${lacked}, which no HDF5 plugin here decompresses` : hdf5Reason(e)}; not read`);
  }
}

/** A dataset's rows, by its type. */
async function* dataset(walk: Hdf5Walk, ds: H5Node): AsyncGenerator<DataRow> {
  yield* attributeRows(walk, ds);
  const m = ds.info.metadata;
  if (!m) return;
  const shape = m.shape ?? [];
  const field = fieldOf(ds.path);
  if (m.type === H5T.VLEN && shape.length === 1 && (await attrText(walk, ds, 'PSEUDOATOM')) === 'object') return yield* objectRows(walk, ds, field);
  if (m.type === H5T.INTEGER && shape.length === 2 && 'MATLAB_class' in ds.info.attrs && (await attrText(walk, ds, 'MATLAB_class')) === 'char') return yield* matlabCharRows(walk, ds, field);
  if (!textual(m) || shape.length === 0) return;
  if (m.type === H5T.COMPOUND) return yield* recordRows(walk, ds, (member, j) => (j === undefined ? `${field}.${member}` : `${field}.${member}[${j}]`));
  // Integer arrays: one column of modest length only (an `ssn` column, not an image).
  if (m.type !== H5T.STRING && (shape.length > 1 || shape[0]! > MAX_NUMERIC_ROWS)) return;
  yield* arrayRows(walk, ds, field);
}
