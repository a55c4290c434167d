import type { Dataset, Group, Metadata } from 'h5wasm/node';
import { LABEL_KEYS } from './json-paths.js';
import { H5T, MAX_COLUMNS, cellText, flat, rowsPerSlice, sliceRows, textual } from './hdf5-values.js';
import { RecordRow } from './record-row.js';
import type { RowSink } from './sheet-table.js';
import type { DataRow } from './types.js';

/**
 * An HDF5 file's rows, dataset by dataset (`hdf5.ts` walks the file, `hdf5-pandas.ts` names
 * pandas' columns): each slice of rows read, turned into cells and handed on before the next.
 */

/** A path within the file as a field: `/people/email` → `people.email`. */
export function fieldOf(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+/g, '.');
}

/** The bounded state of one file's walk. */
export interface Hdf5Walk {
  maxRows: number;
  /** Data rows handed on so far (all datasets). */
  rows: number;
  objects: number;
  skipped: string[];
  truncated: boolean;
}

/** What kind of object a link leads to: `Group`, `Dataset`, or another (a broken or external link, a named type). */
export function kindOf(o: unknown): string {
  return o && typeof o === 'object' && 'type' in o ? String(o.type) : '';
}

/** A string attribute's text, or undefined (not there, not text, too large). */
export function attrText(o: Group | Dataset, name: string): string | undefined {
  const a = o.attrs[name];
  if (!a || a.metadata.type !== H5T.STRING) return undefined;
  const v = a.value;
  return typeof v === 'string' ? v : undefined;
}

/** A string (or integer) dataset: a row per first index, a cell per column. */
export function* arrayRows(ds: Dataset, m: Metadata, shape: readonly number[], field: string, walk: Hdf5Walk): Generator<DataRow> {
  const n = shape[0]!;
  const cols = shape.length >= 2 ? Math.min(shape[1]!, MAX_COLUMNS) : 1;
  if (shape.length >= 2 && shape[1]! > MAX_COLUMNS) walk.skipped.push(`${ds.path}: columns past the first ${MAX_COLUMNS} of ${shape[1]} not read`);
  if (shape.length > 2) walk.skipped.push(`${ds.path}: a ${shape.length}-dimensional dataset; only its first index past the second dimension read`);
  const label = LABEL_KEYS.test(ds.path.slice(ds.path.lastIndexOf('/') + 1));
  const per = rowsPerSlice(m, cols);
  const row = new RecordRow();
  const sink = rowCollector();
  for (let r0 = 0; r0 < n; r0 += per) {
    const r1 = Math.min(n, r0 + per, r0 + (walk.maxRows - walk.rows));
    if (r1 <= r0) {
      walk.truncated = true;
      return;
    }
    const values = flat(sliceRows(ds, shape, r0, r1, cols));
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
export function* recordRows(ds: Dataset, walk: Hdf5Walk, name: (member: string, j: number | undefined, index: number) => string | undefined): Generator<DataRow> {
  const m = ds.metadata;
  const members = m.compound_type?.members ?? [];
  const n = (m.shape ?? [0])[0]!;
  const per = rowsPerSlice(m, 1);
  const label = members.findIndex((x) => LABEL_KEYS.test(x.name));
  const row = new RecordRow();
  const sink = rowCollector();
  for (let r0 = 0; r0 < n; r0 += per) {
    const r1 = Math.min(n, r0 + per, r0 + (walk.maxRows - walk.rows));
    if (r1 <= r0) {
      walk.truncated = true;
      return;
    }
    const records = flat(ds.slice([[r0, r1]]));
    for (let r = 0; r < records.length; r++) {
      const rec = flat(records[r]);
      for (let k = 0; k < members.length; k++) {
        const x = members[k]!;
        const inner = x.type === H5T.ARRAY ? x.array_type : x;
        if (!inner || !textual(inner)) continue;
        if (x.type === H5T.ARRAY) {
          const values = flat(rec[k]);
          for (let j = 0; j < values.length; j++) {
            const field = name(x.name, j, k);
            const text = field === undefined ? undefined : cellText(values[j], inner);
            if (text) row.add(field!, text, k === label);
          }
        } else {
          const field = name(x.name, undefined, k);
          const text = field === undefined ? undefined : cellText(rec[k], inner);
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
