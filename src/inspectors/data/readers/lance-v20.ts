import { pbFields, pbNumber, pbSub, type PbField } from './protobuf.js';
import { filled, fixedValues, fsstDecoder, UnsupportedEncoding, variableValues, type LanceItem } from './lance-values.js';

/**
 * Lance 2.0 pages (`encodings.proto`, `ArrayEncoding`): a tree of array encodings over the page's
 * buffers. Read here: flat values, nullability (no nulls, a validity bitmap, all null), binary and
 * strings (end offsets with a null adjustment, and the bytes), FSST-compressed and dictionary
 * strings, fixed-size binary, constants, list offsets, and structs (no data of their own). Fixed-size
 * lists (vectors) are skipped. Anything else throws {@link UnsupportedEncoding} naming it.
 */

/** A 2.0 page decoded: items, or per-row `[start, end)` item ranges of a list (null for a null list). */
export type Page20 = { kind: 'items'; items: LanceItem[] } | { kind: 'list'; ranges: ([number, number] | null)[]; items: number };

export interface Buffers20 {
  page: readonly Uint8Array[];
  column: readonly Uint8Array[];
  file: readonly Uint8Array[];
}

const NAMES: Record<number, string> = { 1: 'flat', 2: 'nullable', 3: 'fixed-size list', 4: 'list', 5: 'struct', 6: 'binary', 7: 'dictionary', 8: 'FSST', 9: 'packed struct', 10: 'bitpacked', 11: 'fixed-size binary', 12: 'bitpacked (non-negative)', 13: 'constant', 14: 'inline bitpacking', 15: 'out-of-line bitpacking', 16: 'variable', 17: 'packed struct (mini-block)', 18: 'block', 19: 'RLE', 20: 'general (mini-block)', 21: 'byte stream split' };
const MAX_DEPTH = 16;

/**
 * `arrowDict`: the field is an Arrow dictionary, whose indices count from 0 (a string column LanceDB
 * dictionary-codes counts from 1, 0 a null); `dicts`: a page's dictionaries decoded once for all
 * its windows, by the place of their encoding.
 */
type Ctx = { b: Uint8Array; bufs: Buffers20; signed: boolean; text: boolean; arrowDict: boolean; dicts: Map<number, LanceItem[]> };

/** Items a window of a 2.0 page holds at most. */
export const WINDOW20 = 4096;

/** Decodes one page whose `ArrayEncoding` is `enc`, of `length` rows, whole (see {@link pageWindows20}). `text`: the column's items are text (else integers). */
export function decodePage20(enc: Uint8Array, length: number, bufs: Buffers20, text: boolean, signed: boolean, arrowDict = false): Page20 {
  const ctx: Ctx = { b: enc, bufs, signed, text, arrowDict, dicts: new Map() };
  const top = oneOf(enc, 0, enc.length);
  if (top.no === 4) return list(ctx, top, length);
  return { kind: 'items', items: array(ctx, top, 0, length, 0) };
}

/**
 * Decodes one page a window of `window` items at a time: its items by value ranges (offsets,
 * validity and bytes read where the window falls, a dictionary decoded once), never all at once;
 * a list page's item ranges whole.
 */
export function* pageWindows20(enc: Uint8Array, length: number, bufs: Buffers20, text: boolean, signed: boolean, arrowDict = false, window = WINDOW20): Generator<Page20> {
  const ctx: Ctx = { b: enc, bufs, signed, text, arrowDict, dicts: new Map() };
  const top = oneOf(enc, 0, enc.length);
  if (top.no === 4) {
    yield list(ctx, top, length);
    return;
  }
  if (!length) yield { kind: 'items', items: [] };
  for (let from = 0; from < length; from += window) yield { kind: 'items', items: array(ctx, top, from, Math.min(window, length - from), 0) };
}

/** The one field set of a oneof message. */
function oneOf(b: Uint8Array, start: number, end: number): PbField {
  for (const f of pbFields(b, start, end)) if (f.wire === 2) return f;
  throw new Error('empty array encoding');
}

/** An `ArrayEncoding` sub-message `no` of `f`, as its oneof field. */
function child(ctx: Ctx, f: PbField, no: number): PbField {
  const sub = pbSub(ctx.b, f.start, f.end, no);
  if (!sub) throw new Error(`${NAMES[f.no] ?? f.no} encoding without its field ${no}`);
  return oneOf(ctx.b, sub.start, sub.end);
}

/** `List { ArrayEncoding offsets = 1; uint64 null_offset_adjustment = 2; uint64 num_items = 3 }`. */
function list(ctx: Ctx, f: PbField, n: number): Page20 {
  const adj = pbNumber(ctx.b, f.start, f.end, 2);
  const items = pbNumber(ctx.b, f.start, f.end, 3);
  const ends = numbers(ctx, child(ctx, f, 1), 0, n, 0);
  const ranges: ([number, number] | null)[] = [];
  let prev = 0;
  for (const e of ends) {
    if (e === null) throw new Error('null list offset');
    const isNull = adj > 0 && e >= adj;
    const end = isNull ? e - adj : e;
    if (end < prev || end > items) throw new Error(`list offset ${end} after ${prev} of ${items} items`);
    ranges.push(isNull ? null : [prev, end]);
    prev = end;
  }
  return { kind: 'list', ranges, items };
}

/** Offsets and indices, items `from` to `from + n`: an array encoding of unsigned integers. */
function numbers(ctx: Ctx, f: PbField, from: number, n: number, depth: number): (number | null)[] {
  return array({ ...ctx, text: false, signed: false }, f, from, n, depth).map((v) => {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'number') throw new Error(`offset ${String(v)} past 2^53`);
    return v;
  });
}

/** Items `from` to `from + n` of an array encoding. */
function array(ctx: Ctx, f: PbField, from: number, n: number, depth: number): LanceItem[] {
  if (depth > MAX_DEPTH) throw new Error(`array encoding nested over ${MAX_DEPTH} levels`);
  const { b } = ctx;
  switch (f.no) {
    case 1: {
      // Flat { bits_per_value = 1; Buffer buffer = 2; Compression compression = 3 }
      if (pbSub(b, f.start, f.end, 3)) throw new UnsupportedEncoding('compressed flat');
      const bits = pbNumber(b, f.start, f.end, 1);
      const data = buffer(ctx, f);
      if (ctx.text) {
        if (bits % 8) throw new UnsupportedEncoding(`${bits}-bit text`);
        return variableValues(Array.from({ length: n + 1 }, (_, i) => ((from + i) * bits) / 8), data);
      }
      if (bits === 1) return Array.from({ length: n }, () => undefined);
      return fixedValues(data.subarray(Math.min(data.length, (from * bits) / 8)), bits, n, ctx.signed);
    }
    case 2: {
      // Nullable { NoNull no_nulls = 1 { values = 1 }; SomeNull some_nulls = 2 { validity = 1; values = 2 }; AllNull all_nulls = 3 }
      const which = oneOf(b, f.start, f.end);
      if (which.no === 3) return filled<LanceItem>(n, null);
      if (which.no === 1) return array(ctx, child(ctx, which, 1), from, n, depth + 1);
      const validity = child(ctx, which, 1);
      if (validity.no !== 1) throw new UnsupportedEncoding(`${NAMES[validity.no] ?? validity.no} validity`);
      const bitmap = buffer(ctx, validity);
      if (bitmap.length * 8 < from + n) throw new Error(`validity bitmap of ${bitmap.length} bytes for ${from + n} items`);
      const values = array(ctx, child(ctx, which, 2), from, n, depth + 1);
      return values.map((v, k) => {
        const i = from + k;
        return bitmap[i >> 3]! & (1 << (i & 7)) ? v : null;
      });
    }
    case 3:
    case 5:
      // Fixed-size lists (vectors) and structs: nothing read here.
      return filled<LanceItem>(n, undefined);
    case 6:
      return binary(ctx, f, from, n, depth);
    case 7: {
      // Dictionary { indices = 1; items = 2; num_dictionary_items = 3 }
      const count = pbNumber(b, f.start, f.end, 3);
      if (count > 1 << 24) throw new Error(`dictionary of ${count} items`);
      // Decoded once a page, kept for its windows.
      let items = ctx.dicts.get(f.start);
      if (!items) ctx.dicts.set(f.start, (items = array(ctx, child(ctx, f, 2), 0, count, depth + 1)));
      const base = ctx.arrowDict ? 0 : 1;
      return numbers(ctx, child(ctx, f, 1), from, n, depth + 1).map((i) => {
        if (i === null || i < base) return null;
        if (i - base >= items.length) throw new Error(`dictionary index ${i} past its ${items.length} items`);
        return items[i - base];
      });
    }
    case 8: {
      // Fsst { ArrayEncoding binary = 1; bytes symbol_table = 2 }
      const table = pbSub(b, f.start, f.end, 2);
      const decode = fsstDecoder(table ? b.subarray(table.start, table.end) : new Uint8Array());
      return array(ctx, child(ctx, f, 1), from, n, depth + 1).map((v) => (v instanceof Uint8Array ? decode(v) : v));
    }
    case 11: {
      // FixedSizeBinary { ArrayEncoding bytes = 1; uint32 byte_width = 2 }
      const width = pbNumber(b, f.start, f.end, 2);
      const bytes = child(ctx, f, 1);
      if (bytes.no !== 1) throw new UnsupportedEncoding(`${NAMES[bytes.no] ?? bytes.no} fixed-size binary bytes`);
      const flat = buffer(ctx, bytes);
      if (flat.length < (from + n) * width) throw new Error(`fixed-size binary of ${flat.length} bytes for ${from + n} × ${width}`);
      return Array.from({ length: n }, (_, i) => flat.subarray((from + i) * width, (from + i + 1) * width));
    }
    case 13: {
      // Constant { bytes value = 1 }
      const v = pbSub(b, f.start, f.end, 1);
      const bytes = v ? b.subarray(v.start, v.end) : new Uint8Array();
      return filled<LanceItem>(n, ctx.text ? bytes : undefined);
    }
    default:
      throw new UnsupportedEncoding(`${NAMES[f.no] ?? `encoding ${f.no}`}`);
  }
}

/**
 * `Binary { ArrayEncoding indices = 1; ArrayEncoding bytes = 2; uint64 null_adjustment = 3 }`: end
 * offsets, a null's raised by the adjustment; items `from` to `from + n`, each starting where the
 * last end before it (a null index has none) left off.
 */
function binary(ctx: Ctx, f: PbField, from: number, n: number, depth: number): LanceItem[] {
  const adj = pbNumber(ctx.b, f.start, f.end, 3);
  const indices = child(ctx, f, 1);
  const ends = numbers(ctx, indices, from, n, depth + 1);
  const bytesEnc = child(ctx, f, 2);
  if (bytesEnc.no !== 1) throw new UnsupportedEncoding(`${NAMES[bytesEnc.no] ?? bytesEnc.no} string bytes`);
  const bytes = buffer(ctx, bytesEnc);
  const out: LanceItem[] = [];
  let prev = 0;
  for (let j = from - 1; j >= 0; j--) {
    const e = numbers(ctx, indices, j, 1, depth + 1)[0];
    if (e === null || e === undefined) continue;
    prev = adj > 0 && e >= adj ? e - adj : e;
    break;
  }
  for (const e of ends) {
    if (e === null) {
      out.push(null);
      continue;
    }
    const isNull = adj > 0 && e >= adj;
    const end = isNull ? e - adj : e;
    if (end < prev || end > bytes.length) throw new Error(`string offset ${end} after ${prev} in ${bytes.length} bytes`);
    out.push(isNull ? null : bytes.subarray(prev, end));
    prev = end;
  }
  return out;
}

/** `Buffer { uint32 buffer_index = 1; BufferType buffer_type = 2 (page, column, file) }` of a flat encoding's field 2. */
function buffer(ctx: Ctx, flat: PbField): Uint8Array {
  const ref = pbSub(ctx.b, flat.start, flat.end, 2);
  const index = ref ? pbNumber(ctx.b, ref.start, ref.end, 1) : 0;
  const type = ref ? pbNumber(ctx.b, ref.start, ref.end, 2) : 0;
  const list = type === 0 ? ctx.bufs.page : type === 1 ? ctx.bufs.column : ctx.bufs.file;
  const buf = list[index];
  if (!buf) throw new Error(`buffer ${index} (${['page', 'column', 'file'][type] ?? type}) not in the file`);
  return buf;
}
