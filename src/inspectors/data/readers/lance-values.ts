import { zstdFrames } from './arrow-codecs.js';
import { lz4Block } from './parquet-codecs.js';

/**
 * What a Lance page decodes to here, in either format version: a column's items as text bytes or
 * integers (null where the item is null), or a list column's per-row item ranges (2.0 only; 2.1
 * keeps list structure in repetition levels). Floats, vectors and booleans carry no text: their
 * items are `undefined`.
 */
export type LanceItem = Uint8Array | number | bigint | null | undefined;

/** Thrown for an encoding this reader does not decode: the column is named and skipped, never read as empty. */
export class UnsupportedEncoding extends Error {}

/** Items a page may claim without buffers to hold them (all null, constant, skipped): past this a count is damage, not data. */
const MAX_FILLED = 1 << 22;

/** `n` copies of `v`, for items no buffer holds; throws for a count no page has. */
export function filled<T>(n: number, v: T): T[] {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_FILLED) throw new Error(`page claims ${n} items without data`);
  return new Array<T>(n).fill(v);
}

/** A fixed-width buffer's values as numbers (bigints past 2^53 for 64-bit ones), `bits` 8/16/32/64. */
export function fixedValues(data: Uint8Array, bits: number, n: number, signed: boolean): (number | bigint)[] {
  const width = bits / 8;
  if (![1, 2, 4, 8].includes(width)) throw new UnsupportedEncoding(`${bits}-bit values`);
  if (n * width > data.length) throw new Error(`${n} values of ${bits} bits in a ${data.length}-byte buffer`);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Array<number | bigint>(n);
  for (let i = 0; i < n; i++) {
    const o = i * width;
    if (width === 1) out[i] = signed ? dv.getInt8(o) : dv.getUint8(o);
    else if (width === 2) out[i] = signed ? dv.getInt16(o, true) : dv.getUint16(o, true);
    else if (width === 4) out[i] = signed ? dv.getInt32(o, true) : dv.getUint32(o, true);
    else {
      const v = signed ? dv.getBigInt64(o, true) : dv.getBigUint64(o, true);
      out[i] = v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
  }
  return out;
}

/** Offsets (lengths, positions) as safe integers: anything else is a damaged file. */
export function offsetValues(data: Uint8Array, bits: number, n: number): number[] {
  return fixedValues(data, bits, n, false).map((v) => {
    if (typeof v !== 'number') throw new Error(`offset ${v} past 2^53`);
    return v;
  });
}

/** The values of an Arrow-style variable-width block: `n + 1` offsets (or `n` ends after an implicit 0) into `bytes`. */
export function variableValues(offsets: readonly number[], bytes: Uint8Array, base = 0): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    const s = offsets[i]! - base;
    const e = offsets[i + 1]! - base;
    if (s < 0 || e < s || e > bytes.length) throw new Error(`value ${i} at bytes ${s}..${e} of a ${bytes.length}-byte buffer`);
    out.push(bytes.subarray(s, e));
  }
  return out;
}

const FSST_MAGIC = 0x46535354;
const FSST_ESCAPE = 255;

/**
 * An FSST symbol table as Lance's `fsst` crate serialises it: a u64 header (`FSST` in its top 32
 * bits, bit 24 set when the values are compressed at all, the symbol count in its low byte), the
 * symbols (8 bytes each) and then their lengths. Returns the decoder of one value.
 */
export function fsstDecoder(table: Uint8Array): (v: Uint8Array) => Uint8Array {
  if (table.length < 8) throw new Error('FSST symbol table too short');
  const dv = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const lo = dv.getUint32(0, true);
  if (dv.getUint32(4, true) !== FSST_MAGIC) throw new Error('FSST symbol table without its magic');
  if ((lo & (1 << 24)) === 0) return (v) => v;
  const n = lo & 0xff;
  if (8 + n * 9 > table.length) throw new Error(`FSST symbol table of ${table.length} bytes for ${n} symbols`);
  const symbols = table.subarray(8, 8 + n * 8);
  const lengths = table.subarray(8 + n * 8, 8 + n * 9);
  for (const l of lengths) if (l > 8) throw new Error(`FSST symbol of ${l} bytes`);
  return (v) => {
    // Sized exactly first: a value of escapes and long symbols must not cost eight times its bytes up front.
    let size = 0;
    for (let i = 0; i < v.length; i++) {
      const c = v[i]!;
      if (c === FSST_ESCAPE) {
        size++;
        i++;
      } else if (c < n) size += lengths[c]!;
    }
    const out = new Uint8Array(size);
    let o = 0;
    for (let i = 0; i < v.length; i++) {
      const code = v[i]!;
      if (code === FSST_ESCAPE) {
        if (++i < v.length) out[o++] = v[i]!;
      } else if (code < n) {
        const len = lengths[code]!;
        out.set(symbols.subarray(code * 8, code * 8 + len), o);
        o += len;
      } else throw new Error(`FSST code ${code} past the ${n} symbols`);
    }
    return out.subarray(0, o);
  };
}

/** Largest buffer a general-compressed Lance buffer may claim (a page holds far less). */
const MAX_GENERAL_BYTES = 256 << 20;

/**
 * A buffer under Lance's general compression (`BufferCompression.scheme`: 1 LZ4, 2 zstd), as
 * Lance writes it: LZ4 as a u32 uncompressed size then one LZ4 block; zstd as a u64 uncompressed
 * size then a zstd frame. Both are bounded by the size they declare, and must come out at it.
 */
export function generalDecompress(scheme: number, b: Uint8Array): Uint8Array {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (scheme === 1) {
    if (b.length < 4) throw new Error('LZ4 buffer too short');
    const n = dv.getUint32(0, true);
    if (n > MAX_GENERAL_BYTES) throw new Error(`LZ4 buffer claims ${n} bytes; not decompressed`);
    const out = new Uint8Array(n);
    const end = lz4Block(b.subarray(4), out, 0);
    if (end !== n) throw new Error(`LZ4 buffer decompressed to ${end} bytes, not the ${n} it declares`);
    return out;
  }
  if (scheme === 2) {
    if (b.length >= 4 && dv.getUint32(0, true) === 0xfd2fb528 && !(b[4]! & 0x10)) throw new UnsupportedEncoding('a zstd frame without its length');
    if (b.length < 8) throw new Error('zstd buffer too short');
    const n = Number(dv.getBigUint64(0, true));
    if (n > MAX_GENERAL_BYTES) throw new Error(`zstd buffer claims ${n} bytes; not decompressed`);
    return zstdFrames(b.subarray(8), n);
  }
  throw new UnsupportedEncoding(`general compression scheme ${scheme}`);
}
