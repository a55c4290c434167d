import type { Metadata } from 'h5wasm/node';
import { dateTimeText } from './stat-numbers.js';

/**
 * How an HDF5 dataset's values are read: in slices of rows, each slice at most SLICE_BYTES of
 * stored values, so a dataset of any size costs one slice of the module's memory at a time.
 * Only text and integers become cells: floats are measurements and embeddings, and a column of
 * them is no personal data; an integer column is read (a 1-D one only up to MAX_NUMERIC_ROWS)
 * because its text next to a name such as `ssn` or `phone` is what the column classifier reads.
 */

/** HDF5's datatype classes (H5T_class_t) as h5wasm reports them. */
export const H5T = { INTEGER: 0, FLOAT: 1, STRING: 3, COMPOUND: 6, VLEN: 9, ARRAY: 10 } as const;

/** Bytes of stored values read per slice. */
export const SLICE_BYTES = 4 << 20;
/** A variable-length string's bytes, as guessed to size a slice (the stored size is a pointer's). */
const VLEN_GUESS = 256;
/** Columns of a 2-D (or wider) string dataset read per row; the rest is said. */
export const MAX_COLUMNS = 1024;
/** A 1-D integer dataset read as a column up to this many values; a longer one is an id range or a signal. */
export const MAX_NUMERIC_ROWS = 100_000;

/** Whether values of this type can be read as text cells (strings, integers, records of them). */
export function textual(m: Metadata): boolean {
  if (m.type === H5T.STRING || m.type === H5T.INTEGER) return true;
  if (m.type === H5T.ARRAY) return !!m.array_type && textual(m.array_type);
  if (m.type === H5T.COMPOUND) return !!m.compound_type?.members.some((x) => textual(x));
  return false;
}

/** The bytes one element of the type takes when read (a variable-length string counted at a guess). */
function elementBytes(m: Metadata): number {
  if (m.type === H5T.STRING && m.vlen) return VLEN_GUESS;
  if (m.type === H5T.ARRAY && m.array_type) return elementBytes(m.array_type) * (m.array_type.shape ?? []).reduce((a, b) => a * b, 1);
  if (m.type === H5T.COMPOUND && m.compound_type) return m.compound_type.members.reduce((a, x) => a + elementBytes(x), 0);
  return Math.max(1, m.size);
}

/** Rows read per slice of a dataset whose row holds `width` elements. */
export function rowsPerSlice(m: Metadata, width: number): number {
  return Math.max(1, Math.floor(SLICE_BYTES / (elementBytes(m) * Math.max(1, width))));
}

/** A value as a cell's text: strings as they are, integers in decimal; anything else (floats, opaque bytes) none. */
export function cellText(v: unknown, m: Metadata): string | undefined {
  if (typeof v === 'string') return v;
  if (m.type !== H5T.INTEGER) return undefined;
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return undefined;
}

/** pandas' NaT (no time): the smallest int64. */
const NAT = -(2n ** 63n);

/**
 * A pandas `datetime64[ns]` value (nanoseconds since 1970, stored as int64) as the statistics
 * readers write a date (`1980-03-14`, with the time when not midnight), or undefined for NaT:
 * read as a number, a `dob` column's 321840000000000000 is no date of birth.
 */
export function nsDateText(v: unknown): string | undefined {
  const ns = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isFinite(v) ? BigInt(Math.trunc(v)) : undefined;
  if (ns === undefined || ns === NAT) return undefined;
  return dateTimeText(Number(ns / 1_000_000n), 0);
}

/** A slice's values as a flat list (h5wasm gives a typed array for numbers, an array for strings). */
export function flat(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>);
  return [v];
}

/**
 * The ranges of rows `r0`–`r1` (exclusive) of a dataset of `shape`, every later dimension cut: a
 * 2-D dataset to its first `cols` columns, a wider one to the first index of each dimension past
 * the second.
 */
export function sliceRanges(shape: readonly number[], r0: number, r1: number, cols: number): [number, number][] {
  const ranges: [number, number][] = [[r0, r1]];
  if (shape.length >= 2) ranges.push([0, cols]);
  for (let d = 2; d < shape.length; d++) ranges.push([0, 1]);
  return ranges;
}
