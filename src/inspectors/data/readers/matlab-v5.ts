import { MI, MI_SIZE, MatError, inflateElement, inflateHead, matBytes, readElement, readInts, readNumberAt, type Element, type InflateBudget, type MatBytes } from './matlab-elements.js';
import { MAX_DEPTH, MAX_MATRICES, MAX_NUMBERS, SKIPPED, charRows, elementCount, numbersValue, oneDimensional, type MatValue } from './matlab-values.js';

/**
 * Variables of a level-5 MAT-file (MATLAB 5 to 7.x; v7.3 is HDF5), per MathWorks' "MAT-File
 * Format": after the 128-byte header, one `miMATRIX` element per variable, or an `miCOMPRESSED`
 * one holding it deflated (MATLAB 7's default). A matrix is its array flags (class), dimensions
 * and name, then its data by class: characters, cells (matrices), struct and object fields
 * (matrices per element and field), numbers.
 */

const CLASS = { CELL: 1, STRUCT: 2, OBJECT: 3, CHAR: 4, DOUBLE: 6, UINT64: 15 } as const;
const COMPLEX = 0x08;
const LOGICAL = 0x02;

/** The state of one file's reading: what inflating may still cost, and how many matrices were met. */
export interface V5Reading {
  budget: InflateBudget;
  matrices: number;
  problems: string[];
  /** A variable's problem spent the file's bounds and reading stopped there (not just that variable left out). */
  stopped?: boolean;
}

/** A variable met: handed on as it is read (and dropped after). False stops the file. */
export type EachVariable = (name: string, value: MatValue) => boolean;

/** Whether the bytes open a level-5 MAT-file: its header text, version 0x0100 and an endian indicator. */
export function isMatV5(head: Uint8Array): boolean {
  // The first byte before any text: every file of a scan is asked, twice.
  if (head.length < 128 || head[0] !== 0x4d || Buffer.from(head.subarray(0, 19)).toString('latin1') !== 'MATLAB 5.0 MAT-file') return false;
  const mark = String.fromCharCode(head[126]!, head[127]!);
  return (mark === 'IM' && head[125] === 1 && head[124] === 0) || (mark === 'MI' && head[124] === 1 && head[125] === 0);
}

/** The byte order of a level-5 file: 'IM' as written by a little-endian machine ('MI' as a 16-bit value). */
export function littleEndian(head: Uint8Array): boolean {
  return head[126] === 0x49;
}

/** Reads every variable of a level-5 file held whole; a variable that cannot be read is said and skipped. */
export function readV5(bytes: Uint8Array, r: V5Reading, each: EachVariable): void {
  const b = matBytes(bytes, littleEndian(bytes), 0);
  let at = 128;
  for (let index = 1; at < bytes.length; index++) {
    // A broken tag at the top level leaves nowhere to go on from: the file stops there.
    const e = readElement(b, at, bytes.length);
    const start = at;
    at = e.next;
    if (!readVariable(b, e, index, r, each, start)) return;
  }
}

/**
 * One top-level element (`e` in `b`, at byte `offset` of its file) handed to `each` when it is a
 * variable worth reading. False when `each` says stop or the file's bounds are spent.
 */
export function readVariable(b: MatBytes, e: Element, index: number, r: V5Reading, each: EachVariable, offset: number): boolean {
  try {
    if (skippedAtStart(b, e)) return true;
    const read = e.type === MI.COMPRESSED ? compressed(b, e, r) : e.type === MI.MATRIX ? matrix(b, e, 0, r) : undefined;
    // A variable with no name is the file's subsystem data (MATLAB's class objects), not a variable.
    return !read?.name || each(read.name, read.value);
  } catch (err) {
    if (!(err instanceof MatError)) throw err;
    r.problems.push(`variable ${index} (at byte ${offset}) not read: ${err.message}`);
    const goOn = r.matrices <= MAX_MATRICES && r.budget.left > 0;
    if (!goOn) r.stopped = true;
    return goOn;
  }
}

/**
 * Whether a top-level element is a variable not to read (a large numeric array, a sparse one), by
 * its first bytes: `b` may hold no more of it than those (a file read variable by variable looks
 * before it reads on), and a compressed one is inflated only as far as its header.
 */
export function skippedAtStart(b: MatBytes, e: Element): boolean {
  if (e.type === MI.COMPRESSED) return skippedUnread(matBytes(inflateHead(b.bytes.subarray(e.at, e.at + e.size)), b.little));
  return e.type === MI.MATRIX && skippedUnread(matBytes(b.bytes.subarray(e.at - 8), b.little, 0));
}

function compressed(b: MatBytes, e: Element, r: V5Reading): { name: string; value: MatValue } | undefined {
  const inner = matBytes(inflateElement(b.bytes.subarray(e.at, e.at + e.size), r.budget), b.little);
  const m = readElement(inner, 0, inner.bytes.length);
  return m.type === MI.MATRIX ? matrix(inner, m, 0, r) : undefined;
}

/** A matrix's class, dimensions and name, and where its data starts. */
interface Head {
  cls: number;
  flags: number;
  dims: number[];
  name: string;
  at: number;
}

function head(b: MatBytes, e: Element): Head {
  const end = e.at + e.size;
  const flags = readElement(b, e.at, end);
  if (flags.size < 8) throw new MatError('a matrix without its array flags');
  const word = b.dv.getUint32(flags.at, b.little);
  const dimsEl = readElement(b, flags.next, end);
  const dims = readInts(b, dimsEl);
  if (dims.some((d) => d < 0)) throw new MatError(`negative dimensions ${dims.join('×')}`);
  const nameEl = readElement(b, dimsEl.next, end);
  const name = Buffer.from(b.bytes.subarray(nameEl.at, nameEl.at + nameEl.size)).toString('utf8').replace(/\0+$/, '');
  return { cls: word & 0xff, flags: (word >>> 8) & 0xff, dims, name, at: nameEl.next };
}

/** Numbers worth reading: a real, non-logical vector of at most MAX_NUMBERS values. */
function readableNumbers(h: Head): boolean {
  return h.cls >= CLASS.DOUBLE && h.cls <= CLASS.UINT64 && !(h.flags & (COMPLEX | LOGICAL)) && oneDimensional(h.dims) && elementCount(h.dims) <= MAX_NUMBERS;
}

/** Whether a matrix's first bytes (its tag, flags, dimensions) show one not to read (a large array, a sparse one): then it is never read or inflated whole. */
function skippedUnread(b: MatBytes): boolean {
  try {
    const e = readElement(b, 0, Number.MAX_SAFE_INTEGER);
    const h = head(b, { ...e, size: Math.min(e.size, b.bytes.length - e.at) });
    return h.cls > CLASS.CHAR && !readableNumbers(h);
  } catch {
    return false; // the head did not fit in the first bytes: read whole
  }
}

function matrix(b: MatBytes, e: Element, depth: number, r: V5Reading): { name: string; value: MatValue } {
  // Counted even when empty: a file of nothing but empty matrices is bounded too.
  if (++r.matrices > MAX_MATRICES) throw new MatError(`more than ${MAX_MATRICES} matrices`);
  if (e.size === 0) return { name: '', value: SKIPPED }; // an empty cell or field
  if (depth > MAX_DEPTH) throw new MatError(`cells or structs nested deeper than ${MAX_DEPTH} levels`);
  const end = e.at + e.size;
  const h = head(b, e);
  const n = elementCount(h.dims);
  let at = h.at;
  const next = (): MatValue => {
    const el = readElement(b, at, end);
    at = el.next;
    if (el.type !== MI.MATRIX) throw new MatError(`an element of type ${el.type} where a matrix was expected`);
    return matrix(b, el, depth + 1, r).value;
  };
  switch (h.cls) {
    case CLASS.CHAR:
      return { name: h.name, value: n ? { kind: 'text', strings: charRows(chars(b, readElement(b, at, end)), h.dims[0] ?? 1) } : { kind: 'text', strings: [] } };
    case CLASS.CELL: {
      const items: MatValue[] = [];
      for (let i = 0; i < n; i++) items.push(next());
      return { name: h.name, value: { kind: 'cell', items } };
    }
    case CLASS.STRUCT:
    case CLASS.OBJECT: {
      // An object is its class name and then a struct.
      if (h.cls === CLASS.OBJECT) at = readElement(b, at, end).next;
      const lenEl = readElement(b, at, end);
      const width = readInts(b, lenEl)[0] ?? 0;
      if (width < 1) throw new MatError(`field names of length ${width}`);
      const namesEl = readElement(b, lenEl.next, end);
      at = namesEl.next;
      const fields: string[] = [];
      for (let o = 0; o + width <= namesEl.size; o += width) fields.push(Buffer.from(b.bytes.subarray(namesEl.at + o, namesEl.at + o + width)).toString('utf8').replace(/\0.*$/s, ''));
      const items: MatValue[][] = [];
      for (let i = 0; i < n && fields.length; i++) items.push(fields.map(() => next()));
      return { name: h.name, value: { kind: 'struct', fields, items } };
    }
    default: {
      if (!readableNumbers(h)) return { name: h.name, value: SKIPPED };
      const data = readElement(b, at, end);
      const size = MI_SIZE[data.type];
      if (!size || data.type === MI.UTF8 || data.type === MI.UTF16 || data.type === MI.UTF32) throw new MatError(`numbers stored as data type ${data.type}`);
      const count = Math.min(n, Math.floor(data.size / size));
      const values: number[] = [];
      for (let i = 0; i < count; i++) values.push(readNumberAt(b, data.type, data.at + i * size)!);
      return { name: h.name, value: numbersValue(values) };
    }
  }
}

/** A char array's characters, one string per character, in stored (column-major) order. */
function chars(b: MatBytes, e: Element): string[] {
  const raw = b.bytes.subarray(e.at, e.at + e.size);
  if (e.type === MI.UTF8) return Array.from(new TextDecoder('utf-8').decode(raw));
  if (e.type === MI.UINT8 || e.type === MI.INT8) return Array.from(Buffer.from(raw).toString('latin1'));
  const size = MI_SIZE[e.type];
  if (!size || e.type === MI.SINGLE || e.type === MI.DOUBLE) throw new MatError(`characters stored as data type ${e.type}`);
  const out: string[] = [];
  for (let i = 0; i + size <= e.size; i += size) {
    const code = readNumberAt(b, e.type, e.at + i)!;
    // UTF-16 code units one by one (a surrogate pair is joined again with its row); other widths as code points.
    out.push(size === 2 ? String.fromCharCode(code) : code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd');
  }
  return out;
}
