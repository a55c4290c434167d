import { numberText } from './stat-numbers.js';

/**
 * A MATLAB variable as far as the data inspector cares: its text, its small numeric vectors as
 * text, and the containers (cells, structs, objects) that hold them. Whatever else it holds
 * (large or multi-dimensional numeric arrays, sparse and logical arrays, function handles) is
 * left out unread.
 */
export type MatValue =
  | { kind: 'text'; strings: string[] }
  | { kind: 'numbers'; texts: string[] }
  | { kind: 'cell'; items: MatValue[] }
  | { kind: 'struct'; fields: string[]; items: MatValue[][] }
  | { kind: 'skipped' };

export const SKIPPED: MatValue = { kind: 'skipped' };

/** Numeric vectors longer than this are not read: the statistics readers' bound for a column kept as numbers. */
export const MAX_NUMBERS = 100_000;

/** Limits on one file: how deep containers nest, and how many matrices it may hold in all. */
export const MAX_DEPTH = 32;
export const MAX_MATRICES = 1_000_000;

/** Numbers as their text (an SSN or a phone number kept as a double reads as its digits). */
export function numbersValue(values: Iterable<number>): MatValue {
  const texts: string[] = [];
  for (const x of values) {
    // NaN and infinities as nothing, kept in place: a vector's values line up with its neighbours'.
    texts.push(numberText(x) ?? '');
  }
  return { kind: 'numbers', texts };
}

/**
 * A char array's strings: a 2-D array is rows of strings stored column-major (MATLAB pads the
 * shorter rows with spaces, which are dropped); more dimensions are read as rows of the first.
 */
export function charRows(chars: readonly string[], rows: number): string[] {
  if (!chars.length) return [];
  // Characters that do not fill the array (a damaged file): one string, never rows made up from its dimensions.
  if (rows <= 0 || rows > chars.length || chars.length % rows !== 0) return [chars.join('').trimEnd()];
  const cols = chars.length / rows;
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    let s = '';
    for (let c = 0; c < cols; c++) s += chars[r + c * rows];
    out.push(s.replace(/[\s\0]+$/, ''));
  }
  return out;
}

/** Whether an array of these dimensions is one-dimensional (a scalar, a row or a column). */
export function oneDimensional(dims: readonly number[]): boolean {
  return dims.filter((d) => d !== 1).length <= 1;
}

/** The element count of an array of these dimensions. */
export function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, d) => a * d, 1);
}
