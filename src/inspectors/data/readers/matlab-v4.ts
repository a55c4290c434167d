import { MatError } from './matlab-elements.js';
import { MAX_NUMBERS, SKIPPED, charRows, numbersValue, type MatValue } from './matlab-values.js';
import type { EachVariable } from './matlab-v5.js';

/**
 * Variables of a level-4 MAT-file (MATLAB 4, and scipy's `savemat(format='4')`): no file header,
 * one matrix after another, each a 20-byte header of five 32-bit integers — type `MOPT`, rows,
 * columns, imaginary flag, name length — then the name, then the values column-major. `M` is the
 * byte order (0 little-endian IEEE, 1 big-endian; VAX and Cray formats are not read), `P` the
 * stored type (double, single, int32, int16, uint16, uint8), `T` full (0), text (1) or sparse (2).
 */

const P_SIZE = [8, 4, 4, 2, 2, 1];
/** Longer names are no MATLAB variable names (MATLAB's own limit is 63 characters). */
const MAX_NAME = 256;

interface V4Header {
  little: boolean;
  p: number;
  t: number;
  rows: number;
  cols: number;
  imag: boolean;
  name: string;
  dataAt: number;
}

/** The byte order a level-4 matrix header is in, or undefined when the word is no valid `MOPT`. */
function byteOrder(dv: DataView, at: number): boolean | undefined {
  for (const little of [true, false]) {
    const mopt = dv.getInt32(at, little);
    if (mopt < 0 || mopt > 1052) continue;
    const [m, o, p, t] = [Math.floor(mopt / 1000), Math.floor(mopt / 100) % 10, Math.floor(mopt / 10) % 10, mopt % 10];
    if (m === (little ? 0 : 1) && o === 0 && p <= 5 && t <= 2) return little;
  }
  return undefined;
}

function header(bytes: Uint8Array, at: number): V4Header | undefined {
  if (at + 20 > bytes.length) return undefined;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = byteOrder(dv, at);
  if (little === undefined) return undefined;
  const [mopt, rows, cols, imag, namlen] = [0, 4, 8, 12, 16].map((o) => dv.getInt32(at + o, little)) as [number, number, number, number, number];
  if (rows < 0 || cols < 0 || (imag !== 0 && imag !== 1) || namlen < 2 || namlen > MAX_NAME || at + 20 + namlen > bytes.length) return undefined;
  const raw = bytes.subarray(at + 20, at + 20 + namlen);
  // The name: printable ASCII ending in its NUL.
  if (raw[namlen - 1] !== 0 || raw.subarray(0, namlen - 1).some((c) => c < 0x20 || c > 0x7e)) return undefined;
  return { little, p: Math.floor(mopt / 10) % 10, t: mopt % 10, rows, cols, imag: imag === 1, name: Buffer.from(raw.subarray(0, namlen - 1)).toString('latin1'), dataAt: at + 20 + namlen };
}

/** Whether the bytes open a level-4 MAT-file (which has no magic: a plausible first matrix header). */
export function isMatV4(head: Uint8Array): boolean {
  return header(head, 0) !== undefined;
}

/** Reads every matrix of a level-4 file. A header that does not read stops the file (there is no way to find the next). */
export function readV4(bytes: Uint8Array, each: EachVariable): void {
  let at = 0;
  while (at < bytes.length) {
    const h = header(bytes, at);
    if (!h) throw new MatError(`no matrix header at byte ${at}`);
    const size = P_SIZE[h.p]!;
    const n = h.rows * h.cols;
    const end = h.dataAt + n * size * (h.imag ? 2 : 1);
    if (end > bytes.length) throw new MatError(`matrix ${h.name} claims ${h.rows}×${h.cols} values, past the end of the file (the file is cut short)`);
    at = end;
    if (!each(h.name, value(bytes, h, n, size))) return;
  }
}

function value(bytes: Uint8Array, h: V4Header, n: number, size: number): MatValue {
  if (h.t === 2 || (h.t === 0 && (h.imag || (h.rows > 1 && h.cols > 1) || n > MAX_NUMBERS))) return SKIPPED;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + h.dataAt, n * size);
  const values: number[] = [];
  for (let i = 0; i < n; i++) values.push(readP(dv, h.p, i * size, h.little));
  if (h.t === 0) return numbersValue(values);
  // Text: each value a character code, rows of strings column-major.
  return { kind: 'text', strings: charRows(values.map((c) => (Number.isInteger(c) && c >= 0 && c <= 0x10ffff ? String.fromCodePoint(c) : '\ufffd')), h.rows) };
}

function readP(dv: DataView, p: number, at: number, little: boolean): number {
  switch (p) {
    case 0:
      return dv.getFloat64(at, little);
    case 1:
      return dv.getFloat32(at, little);
    case 2:
      return dv.getInt32(at, little);
    case 3:
      return dv.getInt16(at, little);
    case 4:
      return dv.getUint16(at, little);
    default:
      return dv.getUint8(at);
  }
}
