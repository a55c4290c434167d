import { attrText, childPath, fieldOf, nodeAt, recordRows, rowCollector, type H5Node, type Hdf5Walk } from './hdf5-records.js';
import { H5T, cellText, flat, nsDateText } from './hdf5-values.js';
import { arrayValues, pickleStrings } from './hdf5-pickles.js';
import { RecordRow } from './record-row.js';
import type { DataRow } from './types.js';

/**
 * pandas' `to_hdf` frames, read by the frame's own column names (`df.email`, `df.ssn`) so the
 * column classifier sees what a column is:
 * - `format='table'` (PyTables table, `pandas_type` `frame_table`): a compound dataset `table`
 *   whose members are the index, each `data_columns` column under its own name, and
 *   `values_block_N` arrays holding the other columns, named by the table's `values_block_N_kind`
 *   attribute (a protocol-0 pickle of the list of names);
 * - `format='fixed'` (`pandas_type` `frame`): blocks of columns, `blockN_items` naming them and
 *   `blockN_values` holding them, rows × columns; a block of strings (object dtype) is one pickled
 *   numpy object array in a VLArray.
 * Every pickle here is read for its strings by `pickle-strings.ts`, which runs nothing.
 */

/** How pandas wrote the frame under this group, if it did. */
export async function pandasKind(walk: Hdf5Walk, g: H5Node): Promise<'frame_table' | 'frame' | undefined> {
  const t = await attrText(walk, g, 'pandas_type');
  return t === 'frame_table' || t === 'frame' ? t : undefined;
}

/** A protocol-0 pickle of a list of names, as pandas keeps them in attributes (`(lp0\nVemail\np1\na…`). */
async function pickledNames(walk: Hdf5Walk, o: H5Node, attr: string): Promise<string[] | undefined> {
  const text = await attrText(walk, o, attr);
  return text === undefined ? undefined : pickleStrings(new TextEncoder().encode(text));
}

/** A `format='table'` frame: the table's records, its members named by pandas' columns. */
export async function* frameTableRows(walk: Hdf5Walk, g: H5Node): AsyncGenerator<DataRow> {
  const ds = await nodeAt(walk, childPath(g.path, 'table'));
  if (ds.info.kind !== 'Dataset' || ds.info.metadata?.type !== H5T.COMPOUND) return;
  const key = fieldOf(g.path);
  const blocks = new Map<string, string[]>();
  // Members pandas keeps datetimes in (`dob_dtype = datetime64`): int64 nanoseconds, read as dates.
  const dates = new Set<string>();
  for (const x of ds.info.metadata.compound_type?.members ?? []) {
    if (`${x.name}_dtype` in ds.info.attrs && (await attrText(walk, ds, `${x.name}_dtype`))?.startsWith('datetime64')) dates.add(x.name);
    if (!x.name.startsWith('values_block_')) continue;
    const names = await pickledNames(walk, ds, `${x.name}_kind`);
    if (names) blocks.set(x.name, names);
  }
  yield* recordRows(walk, ds, (member, j) => {
    // The index is the frame's row labels (numbers, dates): not a column.
    if (member === 'index') return undefined;
    const names = blocks.get(member);
    const col = names && j !== undefined ? names[j] : j === undefined ? member : `${member}[${j}]`;
    return `${key}.${col ?? `${member}[${j}]`}`;
  }, dates);
}

/** A `format='fixed'` frame: rows across its blocks, each cell named by its column. */
export async function* frameFixedRows(walk: Hdf5Walk, g: H5Node): AsyncGenerator<DataRow> {
  const key = fieldOf(g.path);
  const nblocks = g.info.attrs['nblocks'] ? Number(await walk.file.attr(g.path, 'nblocks')) || 0 : 0;
  const axis1 = await nodeAt(walk, childPath(g.path, 'axis1'));
  const n = Number(axis1.info.metadata?.shape?.[0] ?? 0);
  const columns: { name: string; values: readonly unknown[]; stride: number; at: number }[] = [];
  let rows = 0;
  for (let b = 0; b < Math.min(nblocks, 10_000); b++) {
    const items = await nodeAt(walk, childPath(g.path, `block${b}_items`));
    const values = await nodeAt(walk, childPath(g.path, `block${b}_values`));
    const m = values.info.metadata;
    if (items.info.kind !== 'Dataset' || !m) continue;
    const names = flat(await walk.file.slice(items.path, [[0, Math.min(items.info.metadata?.shape?.[0] ?? 0, 100_000)]])).map(String);
    if (m.type === H5T.VLEN && (await attrText(walk, values, 'PSEUDOATOM')) === 'object') {
      // A block of Python objects: one pickled numpy array of rows × columns, read for its strings.
      const blob = flat(await walk.file.slice(values.path, [[0, 1]]))[0];
      if (!(blob instanceof Uint8Array)) continue;
      const strings = (await pickleStrings(blob)) ?? [];
      const want = n * names.length;
      // numpy's array pickle names the dtype's byte order (`|`) last before the values: the strings
      // after it are the values in order when every value is a string.
      if (want > 0 && strings.length > want && strings[strings.length - want - 1] === '|') {
        const data = strings.slice(strings.length - want);
        names.forEach((name, c) => columns.push({ name: `${key}.${name}`, values: data, stride: names.length, at: c }));
        rows = Math.max(rows, n);
      } else {
        // Not laid out as expected (a None or a repeated object among the values): the strings are
        // still read, each a row of the block's columns together.
        const data = arrayValues(strings);
        columns.push({ name: `${key}.${names.join('|')}`, values: data, stride: 1, at: 0 });
        rows = Math.max(rows, data.length);
      }
    } else if ((m.type === H5T.STRING || m.type === H5T.INTEGER) && (m.shape ?? []).length === 2) {
      const [len, width] = m.shape as [number, number];
      // Integers only up to a million values a block (an `ssn` column's text); strings up to 64 MiB a block.
      if (m.type === H5T.INTEGER && Math.min(len, walk.maxRows) * width > 1_000_000) continue;
      const take = Math.min(len, walk.maxRows - walk.rows, Math.max(1, Math.floor((64 << 20) / (width * Math.max(1, m.size)))));
      if (take < len) walk.truncated = true;
      // A datetime block (`value_type = datetime64`): int64 nanoseconds, read as dates.
      const dates = 'value_type' in values.info.attrs && (await attrText(walk, values, 'value_type'))?.startsWith('datetime64') === true;
      const data = flat(await walk.file.slice(values.path, [[0, take], [0, width]])).map((v) => (dates ? nsDateText(v) : cellText(v, m)));
      names.forEach((name, c) => columns.push({ name: `${key}.${name}`, values: data, stride: width, at: c }));
      rows = Math.max(rows, take);
    }
  }
  const row = new RecordRow();
  const sink = rowCollector();
  for (let r = 0; r < rows; r++) {
    if (walk.rows >= walk.maxRows) {
      walk.truncated = true;
      break;
    }
    for (const col of columns) {
      const v = col.values[r * col.stride + col.at];
      if (typeof v === 'string' && v) row.add(col.name, v, false);
    }
    row.emit(sink, r + 1);
    walk.rows++;
    if (r % 4096 === 4095) yield* sink.take();
  }
  yield* sink.take();
}
