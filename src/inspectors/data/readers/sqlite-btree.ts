import type { SqlitePages, TextEncoding } from './sqlite-pages.js';

/**
 * A SQLite b-tree walked in key order, page by page, and each entry's record decoded — the file
 * format of https://www.sqlite.org/fileformat2.html, sections 1.6 (b-tree pages), 1.6.x (cell
 * payload and overflow pages) and 2.1 (record format). A rowid table is a table b-tree (leaf
 * cells hold a rowid and a record); a WITHOUT ROWID table is an index b-tree, whose interior cells
 * are entries too, read between their left subtree and the next.
 *
 * Hostile files: every page is visited at most once per database (`visited`), so a cycle of child
 * or overflow pointers ends in an error rather than a loop; cell counts, cell offsets, payload and
 * value lengths are checked against the page before use; a record over `maxRecordBytes` is not
 * assembled (its rowid is reported to `onSkip`).
 */

export interface SqliteEntry {
  /** The rowid (a rowid table), or the entry's ordinal in key order (WITHOUT ROWID). */
  rowid: number;
  values: unknown[];
}

/** Largest record assembled (the text a row carries; a larger one is most likely a media blob). */
export const MAX_RECORD_BYTES = 64 << 20;

const TABLE_LEAF = 0x0d;
const TABLE_INTERIOR = 0x05;
const INDEX_LEAF = 0x0a;
const INDEX_INTERIOR = 0x02;

const malformed = (what: string) => new Error(`database disk image is malformed (${what})`);

/** Offset after the last varint read (module state: the decoder reads millions of varints). */
let after = 0;

/** A big-endian base-128 varint of up to nine bytes at `p`; values past 2^53 lose precision. */
function varint(b: Uint8Array, p: number): number {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const c = b[p + i];
    if (c === undefined) throw malformed('varint past the end of its page');
    v = v * 128 + (c & 0x7f);
    if (c < 0x80) {
      after = p + i + 1;
      return v;
    }
  }
  const last = b[p + 8];
  if (last === undefined) throw malformed('varint past the end of its page');
  after = p + 9;
  v = v * 256 + last;
  // Nine-byte values are 64-bit two's complement (negative rowids).
  return v >= 2 ** 63 ? v - 2 ** 64 : v;
}

interface Frame {
  /** The page number. */
  n: number;
  page: Buffer;
  /** Where the b-tree page header starts (100 on page 1, after the database header). */
  base: number;
  interior: boolean;
  cells: number;
  /** Next child to descend into (interior), 0..cells (cells = the right-most pointer). */
  next: number;
}

export class BTreeReader {
  private ordinal = 0;

  constructor(
    private readonly pages: SqlitePages,
    private readonly visited: Uint8Array,
    private readonly onSkip: (rowid: number, bytes: number) => void,
    private readonly maxRecordBytes = MAX_RECORD_BYTES,
    /** Called with each leaf page read (its number, bytes, header offset and cell count): its free space holds deleted cells. */
    private readonly onLeaf?: (n: number, page: Buffer, base: number, cells: number) => void,
  ) {}

  /** Entries of the b-tree rooted at `root`, in key order. */
  async *entries(root: number, index: boolean): AsyncGenerator<SqliteEntry> {
    this.ordinal = 0;
    const stack: Frame[] = [await this.frame(root, index)];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (!top.interior) {
        stack.pop();
        this.onLeaf?.(top.n, top.page, top.base, top.cells);
        for (let i = 0; i < top.cells; i++) {
          const e = this.entry(top, i, index);
          const got = e instanceof Promise ? await e : e;
          if (got) yield got;
        }
        continue;
      }
      // An index b-tree's interior cell is an entry, after its left subtree (just walked).
      if (index && top.next > 0 && top.next <= top.cells) {
        const e = this.entry(top, top.next - 1, index);
        const got = e instanceof Promise ? await e : e;
        if (got) yield got;
      }
      if (top.next > top.cells) {
        stack.pop();
        continue;
      }
      const child = top.next < top.cells ? top.page.readUInt32BE(this.cellAt(top, top.next)) : top.page.readUInt32BE(top.base + 8);
      top.next++;
      stack.push(await this.frame(child, index));
    }
  }

  private async frame(n: number, index: boolean): Promise<Frame> {
    if (n >= 1 && n < this.visited.length && this.visited[n] === 1) throw malformed(`page ${n} is reached twice`);
    const page = await this.pages.page(n);
    this.visited[n] = 1;
    const base = n === 1 ? 100 : 0;
    const flag = page[base];
    const leaf = index ? INDEX_LEAF : TABLE_LEAF;
    const interior = index ? INDEX_INTERIOR : TABLE_INTERIOR;
    if (flag !== leaf && flag !== interior) throw malformed(`page ${n} is not a ${index ? 'index' : 'table'} b-tree page (type ${flag})`);
    const cells = page.readUInt16BE(base + 3);
    const header = flag === interior ? 12 : 8;
    if (base + header + cells * 2 > this.pages.usable) throw malformed(`page ${n} claims ${cells} cells`);
    return { n, page, base, interior: flag === interior, cells, next: 0 };
  }

  /** Offset of cell `i`, checked to lie in the page's usable area. */
  private cellAt(f: Frame, i: number): number {
    const off = f.page.readUInt16BE(f.base + (f.interior ? 12 : 8) + i * 2);
    if (off < f.base + 8 || off + 4 > this.pages.usable) throw malformed(`cell offset ${off}`);
    return off;
  }

  /**
   * The entry in cell `i` of a leaf (or an index's interior) page; undefined when skipped. Decoded
   * at once when the page holds it whole (nearly always), else a promise of the assembled record.
   */
  private entry(f: Frame, i: number, index: boolean): SqliteEntry | undefined | Promise<SqliteEntry | undefined> {
    let p = this.cellAt(f, i);
    if (f.interior) p += 4; // an index interior cell starts with its left child
    const size = varint(f.page, p);
    const rowid = index ? ++this.ordinal : varint(f.page, after);
    const start = after;
    const u = this.pages.usable;
    // How much of the payload the page holds (the rest is in a chain of overflow pages).
    const maxLocal = index ? Math.floor(((u - 12) * 64) / 255) - 23 : u - 35;
    let local = size;
    if (size > maxLocal) {
      const minLocal = Math.floor(((u - 12) * 32) / 255) - 23;
      const k = minLocal + ((size - minLocal) % (u - 4));
      local = k <= maxLocal ? k : minLocal;
    }
    // The overflow page number follows a partial payload.
    if (start + local + (local < size ? 4 : 0) > u) throw malformed(`cell ${i} runs past its page`);
    if (local === size) return { rowid, values: this.record(f.page, start, start + size) };
    if (size > this.maxRecordBytes) {
      this.onSkip(rowid, size);
      return undefined;
    }
    return this.overflowing(f.page, start, local, size, rowid);
  }

  /** A record whose payload continues in a chain of overflow pages, put together. */
  private async overflowing(page: Buffer, start: number, local: number, size: number, rowid: number): Promise<SqliteEntry> {
    const u = this.pages.usable;
    const whole = Buffer.allocUnsafe(size);
    page.copy(whole, 0, start, start + local);
    let got = local;
    let next = page.readUInt32BE(start + local);
    while (got < size) {
      if (next === 0) throw malformed('overflow chain ends early');
      if (next < this.visited.length && this.visited[next] === 1) throw malformed(`page ${next} is reached twice`);
      const o = await this.pages.page(next);
      this.visited[next] = 1;
      const take = Math.min(size - got, u - 4);
      o.copy(whole, got, 4, 4 + take);
      got += take;
      next = o.readUInt32BE(0);
    }
    return { rowid, values: this.record(whole, 0, size) };
  }

  /** The values of the record in `b[start, end)`. */
  private record(b: Buffer, start: number, end: number): unknown[] {
    const headerSize = varint(b, start);
    const headerEnd = start + headerSize;
    if (headerEnd > end || headerSize < 1) throw malformed('record header');
    const types: number[] = [];
    for (let p = after; p < headerEnd; p = after) {
      types.push(varint(b, p));
      if (types.length > MAX_COLUMNS) throw malformed('record of over 32,767 values');
    }
    const values: unknown[] = new Array(types.length);
    let at = headerEnd;
    for (let k = 0; k < types.length; k++) {
      const t = types[k]!;
      const len = t >= 12 ? (t - 12) >>> 1 : SIZES[t] ?? -1;
      if (len < 0 || at + len > end) throw malformed('record value');
      values[k] = value(b, at, len, t, this.pages.encoding);
      at += len;
    }
    return values;
  }
}

/** SQLite's own ceiling on a table's columns. */
const MAX_COLUMNS = 32767;

/** Byte sizes of serial types 0-11 (10 and 11 are reserved: -1). */
const SIZES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, -1, -1];

function value(b: Buffer, at: number, len: number, t: number, enc: TextEncoding): unknown {
  switch (t) {
    case 0:
      return null;
    case 1:
      return b.readInt8(at);
    case 2:
      return b.readInt16BE(at);
    case 3:
      return b.readIntBE(at, 3);
    case 4:
      return b.readInt32BE(at);
    case 5:
      return b.readIntBE(at, 6);
    case 6:
      return Number(b.readBigInt64BE(at));
    case 7:
      return b.readDoubleBE(at);
    case 8:
      return 0;
    case 9:
      return 1;
    default:
      if ((t & 1) === 0) return b.subarray(at, at + len);
      if (enc === 'utf8') return b.toString('utf8', at, at + len);
      if (enc === 'utf16le') return b.toString('utf16le', at, at + len);
      return Buffer.from(b.subarray(at, at + (len & ~1))).swap16().toString('utf16le');
  }
}
