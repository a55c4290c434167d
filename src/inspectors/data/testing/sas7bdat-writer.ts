import { SAS7BDAT_MAGIC } from '../readers/sas7bdat-header.js';
import { rdcPack, rlePack } from './sas7bdat-pack.js';

/**
 * A small SAS data set (`.sas7bdat`) writer for tests: there is no SAS here, so fixtures are
 * written by the layout of Shotwell's description, and pandas' `read_sas` reading them back (a
 * test does) is what shows they are real. 32- or 64-bit, either byte order; rows on data pages,
 * on a mix page beside the metadata, or compressed into subheaders (RLE `SASYZCRL`, RDC `SASYZCR2`).
 * `hostile` overrides header fields after the fact (a huge page count, a bad page size).
 */

export interface SasVar {
  name: string;
  type: 'char' | 'num';
  /** Bytes in a row: a char variable's width; a number's 3 to 8 (SAS keeps a double's high-order bytes). */
  length: number;
  label?: string;
  /** A format name without width (`DATE`, `MMDDYY`, `DATETIME`), as SAS stores it. */
  format?: string;
}

export type SasValue = string | number | null;

export interface SasWriteOptions {
  u64?: boolean;
  little?: boolean;
  compression?: 'none' | 'rle' | 'rdc';
  /** The first rows on a mix page, after the metadata. */
  mix?: boolean;
  encoding?: 'utf-8' | 'windows-1252';
  pageSize?: number;
}

/** Every layout the writer makes, by name: what the reader's tests and the pandas cross-check each go through. */
export const SAS_LAYOUTS: Record<string, SasWriteOptions> = {
  'uncompressed, 64-bit little-endian': {},
  'RLE, 64-bit little-endian': { compression: 'rle' },
  'RDC, 64-bit little-endian': { compression: 'rdc' },
  'mix page, 64-bit little-endian': { mix: true },
  'uncompressed, 32-bit big-endian': { u64: false, little: false },
  'mix page, 32-bit little-endian': { u64: false, mix: true },
  'RLE, 64-bit big-endian': { little: false, compression: 'rle' },
  'RDC, 32-bit big-endian': { u64: false, little: false, compression: 'rdc' },
  'Windows-1252 text': { encoding: 'windows-1252' },
};

class Out {
  constructor(
    readonly b: Buffer,
    private readonly little: boolean,
  ) {}
  int(at: number, v: number, n: number): void {
    const b = this.b;
    if (n === 1) b.writeUInt8(v, at);
    else if (n === 2) (this.little ? b.writeUInt16LE : b.writeUInt16BE).call(b, v, at);
    else if (n === 4) (this.little ? b.writeUInt32LE : b.writeUInt32BE).call(b, v >>> 0, at);
    else (this.little ? b.writeBigUInt64LE : b.writeBigUInt64BE).call(b, BigInt(v), at);
  }
  double(at: number, v: number): void {
    (this.little ? this.b.writeDoubleLE : this.b.writeDoubleBE).call(this.b, v, at);
  }
  /** A subheader signature: its 32-bit value, widened on 64-bit with ones (`sign`) or zeros. */
  sig(v: number, L: number, sign: boolean): void {
    if (L === 4) return this.int(0, v, 4);
    const hi = sign ? 0xffffffff : 0;
    this.int(this.little ? 0 : 4, v, 4);
    this.int(this.little ? 4 : 0, hi, 4);
  }
}

/** SAS's missing value `.`: a NaN with its own bit pattern. */
const MISSING = Buffer.from([0xff, 0xff, 0xfe, 0, 0, 0, 0, 0]);

export function sas7bdat(vars: readonly SasVar[], rows: readonly SasValue[][], o: SasWriteOptions = {}): Buffer {
  const u64 = o.u64 ?? true;
  const little = o.little ?? true;
  const L = u64 ? 8 : 4;
  const bo = u64 ? 32 : 16;
  const ptrLen = u64 ? 24 : 12;
  const pageSize = o.pageSize ?? 4096;
  const headerLength = u64 ? 8192 : 1024;
  const encode = (s: string) => Buffer.from(s, o.encoding === 'windows-1252' ? 'latin1' : 'utf8');
  const compression = o.compression ?? 'none';

  // Rows: each variable at its offset, numbers as truncated doubles in the file's byte order.
  const offsets: number[] = [];
  let rowLength = 0;
  for (const v of vars) {
    offsets.push(rowLength);
    rowLength += v.length;
  }
  const rowBytes = rows.map((row) => {
    const b = Buffer.alloc(rowLength, 0x20);
    vars.forEach((v, i) => {
      const val = row[i];
      if (v.type === 'char') {
        encode(String(val ?? '')).copy(b, offsets[i]!, 0, v.length);
        return;
      }
      const d = Buffer.alloc(8);
      if (val === null || val === undefined) (little ? Buffer.from(MISSING).reverse() : MISSING).copy(d);
      else (little ? d.writeDoubleLE : d.writeDoubleBE).call(d, Number(val));
      d.copy(b, offsets[i]!, little ? 8 - v.length : 0, little ? 8 : v.length);
    });
    return b;
  });

  // The text block every name, format and label points into.
  const texts: Buffer[] = [Buffer.alloc(12), Buffer.from(compression === 'rle' ? 'SASYZCRL' : compression === 'rdc' ? 'SASYZCR2' : '\0'.repeat(8), 'latin1')];
  let textAt = 20;
  const ref = (s: string | undefined): [number, number] => {
    if (!s) return [0, 0];
    const b = encode(s);
    const at = textAt;
    const padded = Buffer.alloc(Math.ceil(b.length / 4) * 4);
    b.copy(padded);
    texts.push(padded);
    textAt += padded.length;
    return [at, b.length];
  };
  const refs = vars.map((v) => ({ name: ref(v.name), format: ref(v.format), label: ref(v.label) }));
  const block = Buffer.concat(texts);
  new Out(block, little).int(0, block.length, 2);

  const sub = (length: number, fill: (w: Out) => void): Buffer => {
    const w = new Out(Buffer.alloc(length), little);
    fill(w);
    return w.b;
  };
  const n = vars.length;
  const meta: Buffer[] = [
    sub(u64 ? 808 : 480, (w) => {
      w.sig(0xf7f7f7f7, L, false);
      w.int(5 * L, rowLength, L);
      w.int(6 * L, rows.length, L);
      w.int(9 * L, n, L);
      w.int(10 * L, 0, L);
      w.int(15 * L, 0, L); // the mix page's row count, set below
    }),
    sub(3 * L, (w) => {
      w.sig(0xf6f6f6f6, L, false);
      w.int(L, n, L);
    }),
    sub(4 * L + 16, (w) => w.sig(0xfffffc00, L, true)),
    sub(L + block.length, (w) => {
      w.sig(0xfffffffd, L, true);
      block.copy(w.b, L);
    }),
    sub(2 * L + 12 + 8 * n, (w) => {
      w.sig(0xffffffff, L, true);
      refs.forEach((r, i) => {
        w.int(L + 8 + 8 * i + 2, r.name[0], 2);
        w.int(L + 8 + 8 * i + 4, r.name[1], 2);
      });
    }),
    sub(2 * L + 12 + n * (L + 8), (w) => {
      w.sig(0xfffffffc, L, true);
      vars.forEach((v, i) => {
        const p = L + 8 + i * (L + 8);
        w.int(p, offsets[i]!, L);
        w.int(p + L, v.length, 4);
        w.int(p + L + 6, v.type === 'num' ? 1 : 2, 1);
      });
    }),
    ...refs.map((r) =>
      sub(3 * L + 40, (w) => {
        w.sig(0xfffffbfe, L, true);
        w.int(3 * L + 24, r.format[0], 2);
        w.int(3 * L + 26, r.format[1], 2);
        w.int(3 * L + 30, r.label[0], 2);
        w.int(3 * L + 32, r.label[1], 2);
      }),
    ),
    sub(4 * L + 16, (w) => w.sig(0xfffffffe, L, true)),
  ];

  const pages: Buffer[] = [];
  /** A page of subheaders (their pointers after the page header, their bytes from the page's end), and rows after the pointers on a mix page. */
  const metaPage = (subs: { b: Buffer; comp: number; type: number }[], pageRows: Buffer[], type: number): Buffer => {
    const w = new Out(Buffer.alloc(pageSize), little);
    let end = pageSize;
    subs.forEach((s, i) => {
      end -= s.b.length;
      s.b.copy(w.b, end);
      const p = bo + 8 + i * ptrLen;
      w.int(p, end, L);
      w.int(p + L, s.b.length, L);
      w.int(p + 2 * L, s.comp, 1);
      w.int(p + 2 * L + 1, s.type, 1);
    });
    const after = bo + 8 + subs.length * ptrLen;
    const start = after + (after % 8);
    pageRows.forEach((r, i) => r.copy(w.b, start + i * rowLength));
    if (start + pageRows.length * rowLength > end) throw new Error('the metadata and rows do not fit one page: use a larger pageSize');
    w.int(bo, type, 2);
    w.int(bo + 2, subs.length + pageRows.length, 2);
    w.int(bo + 4, subs.length, 2);
    return w.b;
  };
  const metaSubs = meta.map((b) => ({ b, comp: 0, type: 0 }));
  const perPage = Math.floor((pageSize - bo - 8) / rowLength);
  let rest = rowBytes;
  if (o.mix) {
    const used = bo + 8 + metaSubs.length * ptrLen + meta.reduce((s, b) => s + b.length, 0) + 8;
    const onMix = Math.min(rest.length, Math.floor((pageSize - used) / rowLength));
    new Out(meta[0]!, little).int(15 * L, onMix, L);
    pages.push(metaPage(metaSubs, rest.slice(0, onMix), 0x0200));
    rest = rest.slice(onMix);
  } else pages.push(metaPage(metaSubs, [], 0x0000));
  if (compression === 'none') {
    for (let i = 0; i < rest.length; i += perPage) {
      const w = new Out(Buffer.alloc(pageSize), little);
      const chunk = rest.slice(i, i + perPage);
      chunk.forEach((r, k) => r.copy(w.b, bo + 8 + k * rowLength));
      w.int(bo, 0x0100, 2);
      w.int(bo + 2, chunk.length, 2);
      pages.push(w.b);
    }
  } else {
    // Compressed rows are subheaders of meta pages: compression 4, type 1 (stored as is when packing does not shrink them).
    let subs: { b: Buffer; comp: number; type: number }[] = [];
    let used = bo + 8;
    for (const r of rest) {
      const packed = compression === 'rle' ? rlePack(r) : rdcPack(r);
      const s = packed.length < rowLength ? { b: packed, comp: 4, type: 1 } : { b: r, comp: 0, type: 1 };
      if (used + ptrLen + s.b.length > pageSize) {
        pages.push(metaPage(subs, [], 0x0000));
        subs = [];
        used = bo + 8;
      }
      subs.push(s);
      used += ptrLen + s.b.length;
    }
    if (subs.length) pages.push(metaPage(subs, [], 0x0000));
  }

  const head = new Out(Buffer.alloc(headerLength), little);
  Buffer.from(SAS7BDAT_MAGIC).copy(head.b);
  head.b[32] = u64 ? 0x33 : 0x22;
  head.b[35] = u64 ? 0x33 : 0x22;
  head.b[37] = little ? 0x01 : 0x00;
  head.b[39] = 0x31;
  head.b[70] = o.encoding === 'windows-1252' ? 62 : 20;
  head.b.write('SAS FILE', 84, 'latin1');
  head.b.write('DM'.padEnd(64), 92, 'latin1');
  head.b.write('DATA    ', 156, 'latin1');
  const a1 = u64 ? 4 : 0;
  head.double(164 + a1, 2.0e9);
  head.double(172 + a1, 2.0e9);
  head.int(196 + a1, headerLength, 4);
  head.int(200 + a1, pageSize, 4);
  head.int(204 + a1, pages.length, L);
  const ta = u64 ? 8 : 0;
  head.b.write('9.0401M6', 216 + ta, 'latin1');
  head.b.write('X64_SR12R2'.padEnd(16), 224 + ta, 'latin1');
  head.b.write('Linux'.padEnd(16), 272 + ta, 'latin1');
  return Buffer.concat([head.b, ...pages]);
}

/** Offsets of header fields a test may overwrite (64-bit little-endian files, as `sas7bdat` writes them by default). */
export const HEADER_FIELDS_U64 = { pageSize: 204, pageCount: 208, headerLength: 200 };
