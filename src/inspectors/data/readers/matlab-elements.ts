import { constants, inflateSync } from 'node:zlib';
import { BOMB_RATIO, BOMB_STOP } from './decompression-bomb.js';

/**
 * The tagged data elements of a MAT-file (level 5: MATLAB 5 to 7.x, what `save` and scipy's
 * `savemat` write), per MathWorks' "MAT-File Format": an 8-byte tag (type, byte count) and its
 * data padded to 8 bytes, or the small form (count and type in one 4-byte word, data in the next
 * four). A compressed element (`miCOMPRESSED`) holds a whole variable deflated.
 */

export const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15, UTF8: 16, UTF16: 17, UTF32: 18 } as const;

/** Bytes per value of each numeric data type. */
export const MI_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8, 16: 1, 17: 2, 18: 4 };

/** A file this reader cannot go on with (or an element it must skip): the message says why. */
export class MatError extends Error {}

/**
 * A buffer of elements in the file's byte order: the file's bytes from `base` (a file held whole,
 * or one variable of it), or a variable inflated (`base` undefined), for messages that say where.
 */
export interface MatBytes {
  bytes: Uint8Array;
  dv: DataView;
  little: boolean;
  base?: number;
}

export function matBytes(bytes: Uint8Array, little: boolean, base?: number): MatBytes {
  return { bytes, dv: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), little, base };
}

/** Where byte `at` of `b` is, in words. */
function where(b: MatBytes, at: number): string {
  return b.base === undefined ? `byte ${at} of the inflated variable` : `byte ${b.base + at}`;
}

export interface Element {
  type: number;
  /** Where the data starts, and its byte count. */
  at: number;
  size: number;
  /** Where the next element starts. */
  next: number;
}

/** The element at `at`, which must end by `end`. */
export function readElement(b: MatBytes, at: number, end: number): Element {
  if (at + 8 > end) throw new MatError(`an element at ${where(b, at)} is cut short`);
  const first = b.dv.getUint32(at, b.little);
  if (first >>> 16 !== 0) {
    // The small form: the byte count in the upper half-word, the data in the tag's second word.
    const size = first >>> 16;
    if (size > 4) throw new MatError(`a small element at ${where(b, at)} claims ${size} bytes`);
    return { type: first & 0xffff, at: at + 4, size, next: at + 8 };
  }
  const size = b.dv.getUint32(at + 4, b.little);
  if (at + 8 + size > end) throw new MatError(`an element at ${where(b, at)} claims ${size} bytes, past the end of ${end - at - 8} (the file is cut short)`);
  // Compressed elements are not padded (MATLAB and scipy write the next tag right after them).
  const padded = first === MI.COMPRESSED ? size : Math.ceil(size / 8) * 8;
  return { type: first, at: at + 8, size, next: Math.min(end, at + 8 + padded) };
}

/** The bytes of an element's data as integers (dimensions, field-name length), whatever their stored type. */
export function readInts(b: MatBytes, e: Element): number[] {
  const n = Math.floor(e.size / (MI_SIZE[e.type] ?? 1));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = readNumberAt(b, e.type, e.at + i * (MI_SIZE[e.type] ?? 1));
    // Dimensions and lengths are integers whatever type holds them: a fraction is a damaged file.
    if (v === undefined || !Number.isInteger(v)) throw new MatError(`an integer element of type ${e.type} holds ${v}`);
    out.push(v);
  }
  return out;
}

/** One value of numeric data type `type` at `at` (64-bit integers as the nearest double). */
export function readNumberAt(b: MatBytes, type: number, at: number): number | undefined {
  const { dv, little } = b;
  switch (type) {
    case MI.INT8:
      return dv.getInt8(at);
    case MI.UINT8:
    case MI.UTF8:
      return dv.getUint8(at);
    case MI.INT16:
      return dv.getInt16(at, little);
    case MI.UINT16:
    case MI.UTF16:
      return dv.getUint16(at, little);
    case MI.INT32:
      return dv.getInt32(at, little);
    case MI.UINT32:
    case MI.UTF32:
      return dv.getUint32(at, little);
    case MI.SINGLE:
      return dv.getFloat32(at, little);
    case MI.DOUBLE:
      return dv.getFloat64(at, little);
    case MI.INT64:
      return Number(dv.getBigInt64(at, little));
    case MI.UINT64:
      return Number(dv.getBigUint64(at, little));
    default:
      return undefined;
  }
}

/** What inflating may still cost in a file: bytes out, over all its compressed elements. */
export interface InflateBudget {
  left: number;
}

/**
 * The first bytes a compressed element inflates to — enough for a matrix's flags, dimensions and
 * name — so a large numeric array (a recording, an image) is skipped without inflating it whole.
 */
export function inflateHead(data: Uint8Array): Uint8Array {
  try {
    // A partial stream flushed, not an error: only its start is wanted.
    return inflateSync(data.subarray(0, 512), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 20 });
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * A compressed element inflated whole: at most BOMB_RATIO times its compressed size (past that it
 * is a decompression bomb, as in the other readers) and what is left of the file's budget.
 */
export function inflateElement(data: Uint8Array, budget: InflateBudget): Uint8Array {
  const byRatio = data.length * BOMB_RATIO;
  const max = Math.max(1, Math.min(byRatio, budget.left));
  let out: Uint8Array;
  try {
    out = inflateSync(data, { maxOutputLength: max });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new MatError(max === byRatio ? BOMB_STOP : 'the compressed variables inflate past the reading budget');
    throw new MatError(`a compressed element does not inflate: ${(e as Error).message}`);
  }
  budget.left -= out.length;
  return out;
}
