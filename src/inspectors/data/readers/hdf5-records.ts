import { LABEL_KEYS } from './json-paths.js';
import type { H5Info, Hdf5File } from './hdf5-module.js';
import { H5T, MAX_COLUMNS, cellText, flat, nsDateText, rowsPerSlice, sliceRanges, textual } from './hdf5-values.js';
import { RecordRow } from './record-row.js';
import type { RowSink } from './sheet-table.js';
import type { DataRow } from './types.js';

/**
 * An HDF5 file's rows, dataset by dataset (`hdf5.ts` walks the file, `hdf5-pandas.ts` names
 * pandas' columns): each slice of rows read, turned into cells and handed on before the next.
 */

/** The bounded state of one file's walk. */
export interface Hdf5Walk {
  file: Hdf5File;
  maxRows: number;
  /** Data rows handed on so far (all datasets). */
  rows: number;
  objects: number;
  skipped: string[];
  truncated: boolean;
}

/** An object of the file: its path and what the library says of it. */
export interface H5Node {
  path: string;
  info: H5Info;
}

export async function nodeAt(walk: Hdf5Walk, path: string): Promise<H5Node> {
  return { path, info: await walk.file.info(path) };
}

/** A member's path under a group. */
export function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/**
 * The row windows `[r0, r1)` a dataset of `n` rows is read in, `per` rows a slice, up to the walk's
 * row cap (read as the walk goes: the caller counts its rows between windows); at the cap the walk
 * is marked cut.
 */
export function* rowWindows(walk: Hdf5Walk, n: number, per: number): Generator<[number, number]> {
  for (let r0 = 0; r0 < n; r0 += per) {
    const r1 = Math.min(n, r0 + per, r0 + (walk.maxRows - walk.rows));
    if (r1 <= r0) {
      walk.truncated = true;
      return;
    }
    yield [r0, r1];
  }
}

/** A path within the file as a field: `/people/email` → `people.email`. */
export function fieldOf(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+/g, '.');
}

/** A string attribute's text, or undefined (not there, not text). */
export async function attrText(walk: Hdf5Walk, o: H5Node, name: string): Promise<string | undefined> {
  if (o.info.attrs[name]?.metadata.type !== H5T.STRING) return undefined;
  const v = await walk.file.attr(o.path, name);
  return typeof v === 'string' ? v : undefined;
}

/** A string (or integer) dataset: a row per first index, a cell per column. */
export async function* arrayRows(walk: Hdf5Walk, ds: H5Node, field: string): AsyncGenerator<DataRow> {
  const m = ds.info.metadata!;
  const shape = m.shape ?? [];
  const n = shape[0]!;
  const cols = shape.length >= 2 ? Math.min(shape[1]!, MAX_COLUMNS) : 1;
  if (shape.length >= 2 && shape[1]! > MAX_COLUMNS) walk.skipped.push(`${ds.path}: columns past the first ${MAX_COLUMNS} of ${shape[1]} not read`);
  if (shape.length > 2) walk.skipped.push(`${ds.path}: a ${shape.length}-dimensional dataset; only its first index past the second dimension read`);
  const label = LABEL_KEYS.test(ds.path.slice(ds.path.lastIndexOf('/') + 1));
  const per = rowsPerSlice(m, cols);
  const row = new RecordRow();
  const sink = rowCollector();
  for (const [r0, r1] of rowWindows(walk, n, per)) {
    const values = flat(await walk.file.slice(ds.path, sliceRanges(shape, r0, r1, cols)));
    for (let r = 0; r < r1 - r0; r++) {
      for (let c = 0; c < cols; c++) {
        const text = cellText(values[r * cols + c], m);
        if (text) row.add(shape.length >= 2 ? `${field}[${c}]` : field, text, label);
      }
      row.emit(sink, r0 + r + 1);
      walk.rows++;
    }
    yield* sink.take();
  }
}

/**
 * A compound dataset: a row per record, a cell per text or integer member. `name` gives a
 * member's field (`j`: the element of an array member), or undefined to leave it out.
 */
export async function* recordRows(walk: Hdf5Walk, ds: H5Node, name: (member: string, j: number | undefined) => string | undefined, dateMembers?: ReadonlySet<string>): AsyncGenerator<DataRow> {
  const m = ds.info.metadata!;
  const members = m.compound_type?.members ?? [];
  const n = (m.shape ?? [0])[0]!;
  const per = rowsPerSlice(m, 1);
  const label = members.findIndex((x) => LABEL_KEYS.test(x.name));
  const row = new RecordRow();
  const sink = rowCollector();
  for (const [r0, r1] of rowWindows(walk, n, per)) {
    const records = flat(await walk.file.slice(ds.path, [[r0, r1]]));
    for (let r = 0; r < records.length; r++) {
      const rec = flat(records[r]);
      for (let k = 0; k < members.length; k++) {
        const x = members[k]!;
        const inner = x.type === H5T.ARRAY ? x.array_type : x;
        if (!inner || !textual(inner)) continue;
        // An array member (pandas' values_block_N) holds several columns; a plain one is one.
        const values = x.type === H5T.ARRAY ? flat(rec[k]) : [rec[k]];
        for (let j = 0; j < values.length; j++) {
          const field = name(x.name, x.type === H5T.ARRAY ? j : undefined);
          const text = field === undefined ? undefined : dateMembers?.has(x.name) ? nsDateText(values[j]) : cellText(values[j], inner);
          if (text) row.add(field!, text, k === label);
        }
      }
      row.emit(sink, r0 + r + 1);
      walk.rows++;
    }
    yield* sink.take();
  }
}

/** A RowSink that holds a slice's rows until they are yielded. */
export function rowCollector(): RowSink & { take(): DataRow[] } {
  let rows: DataRow[] = [];
  return {
    row: (r) => void rows.push(r),
    header: (r) => void rows.push(r),
    take() {
      const out = rows;
      rows = [];
      return out;
    },
  };
}
