import type { FileHandle } from 'node:fs/promises';
import type { ColumnChunk, DecodedArray, PageHeader } from 'hyparquet';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { convert } from 'hyparquet/src/convert.js';
import { getMaxRepetitionLevel } from 'hyparquet/src/schema.js';
import type { ColumnDecoder } from 'hyparquet/src/types.js';
import { MAX_PAGE_BYTES } from './parquet-codecs.js';
import { MAX_DECODES, pageWeight, type DecodeBudget } from './parquet-budget.js';
import { flatRows } from './parquet-flat.js';
import { guardDataPage, guardDictionaryPage } from './parquet-guard.js';

/**
 * Bytes read from the file at a time for one column (page headers and the small pages after
 * them): a window per column, so columns read side by side do not evict each other's. All of a
 * row group's windows together take at most `WINDOWS` (1,500 columns had 96 MB of them).
 */
const READ_WINDOW = 64 * 1024;
const WINDOWS = 16 << 20;

/** The window of each of `columns` columns read side by side. */
export function windowSize(columns: number): number {
  return Math.max(1024, Math.min(READ_WINDOW, Math.floor(WINDOWS / Math.max(1, columns))));
}

/** A page header larger than this is corrupt (real ones are bytes, or kilobytes with statistics). */
const MAX_HEADER_BYTES = 16 << 20;

/** Bytes read from a file, over all its windows. */
export interface ReadCount {
  read: number;
}

/**
 * Reads a column chunk's bytes through one reusable window, so small pages and their headers cost
 * no read each; a page larger than the window is read on its own. A view into the window is valid
 * until the next call (`owned: false`).
 */
class Window {
  private store: Uint8Array | undefined;
  private view: Uint8Array = new Uint8Array(0);
  private at = 0;
  /** The furthest byte counted: a page read again (a replay, a window edge) is not counted twice. */
  private seen = 0;
  constructor(
    private readonly fh: FileHandle,
    private readonly count: ReadCount,
    private readonly size: number,
  ) {}

  /** The bytes [pos, pos + len), never reading past `limit`. */
  async bytes(pos: number, len: number, limit: number): Promise<{ bytes: Uint8Array; owned: boolean }> {
    if (pos >= this.at && pos + len <= this.at + this.view.length) return { bytes: this.view.subarray(pos - this.at, pos - this.at + len), owned: false };
    if (len > this.size) {
      // One large page: read on its own, not kept.
      const buf = new Uint8Array(len);
      const { bytesRead } = await this.fh.read(buf, 0, len, pos);
      this.counted(pos, bytesRead);
      if (bytesRead < len) throw new Error(`file ends at byte ${pos + bytesRead}, inside a page that runs to ${pos + len}`);
      return { bytes: buf, owned: true };
    }
    this.store ??= new Uint8Array(Math.min(this.size, limit - pos));
    const { bytesRead } = await this.fh.read(this.store, 0, Math.min(this.store.length, limit - pos), pos);
    this.counted(pos, bytesRead);
    this.view = this.store.subarray(0, bytesRead);
    this.at = pos;
    if (bytesRead < len) throw new Error(`file ends at byte ${pos + bytesRead}, inside a page that runs to ${pos + len}`);
    return { bytes: this.view.subarray(0, len), owned: false };
  }

  private counted(pos: number, len: number): void {
    this.count.read += Math.max(0, pos + len - Math.max(pos, this.seen));
    this.seen = Math.max(this.seen, pos + len);
  }
}

/** A page too large to keep: read again from `at` for the next batch, its first `skip` rows handed out. */
interface Replay {
  at: number;
  skip: number;
  /** Times the page was decoded so far. */
  decodes: number;
}

/** Decoded rows not yet taken, and the estimated bytes each holds (`DecodeBudget`). */
interface Queued {
  rows: DecodedArray;
  perRow: number;
}

/** The read cannot go on within its `DecodeBudget`: the reader names the rows it did not read. */
export class BudgetError extends Error {}

/**
 * One column chunk of one row group, read page by page from the file: only the page being decoded
 * and the decoded rows not yet handed out are held, never the whole chunk. A page kept whole
 * counts against the read's `DecodeBudget`; one that does not fit gives the current batch its
 * rows and is read and decoded again for the next (`Replay`), so a very wide table holds a batch
 * of rows, not a page per column.
 */
export class ColumnPages {
  private pos: number;
  private readonly end: number;
  private dictionary: DecodedArray | undefined;
  /** Where the dictionary page is, when it was too large to keep: read again for each page. */
  private dictionaryAt: number | undefined;
  private dictionaryWeight = 0;
  private queue: Queued[] = [];
  private head = 0;
  private available = 0;
  private done = false;
  private replay: Replay | undefined;
  /** A repeated column's last row may go on in the next page (data page v1). */
  private readonly repeated: boolean;
  /** A top-level column that is not repeated: one value (or null) a row (`flatRows`). */
  private readonly flat: boolean;
  /** A DECIMAL column's scale: its values are read raw and written out exactly (see `decimalText`). */
  private readonly decimalScale: number | undefined;

  private readonly win: Window;

  constructor(
    fh: FileHandle,
    count: ReadCount,
    chunk: ColumnChunk,
    readonly name: string,
    private decoder: ColumnDecoder,
    fileSize: number,
    private readonly budget: DecodeBudget,
    columns: number,
  ) {
    const meta = chunk.meta_data!;
    this.pos = Number(meta.dictionary_page_offset || meta.data_page_offset);
    this.end = this.pos + Number(meta.total_compressed_size);
    if (!(this.pos >= 4 && this.end <= fileSize && this.end >= this.pos)) throw new Error(`column ${name}: chunk at bytes ${this.pos}-${this.end} lies outside the file (${fileSize} bytes)`);
    this.repeated = getMaxRepetitionLevel(decoder.schemaPath) > 0;
    this.flat = !this.repeated && decoder.schemaPath.length === 2;
    this.win = new Window(fh, count, windowSize(columns));
    const el = decoder.element;
    if (el.converted_type === 'DECIMAL' || el.logical_type?.type === 'DECIMAL') {
      // hyparquet makes decimals float64 numbers: a decimal(38, 0) id or a 19-digit card number
      // lost its last digits (1e+30). Read the unscaled integers and write them out exactly.
      this.decimalScale = el.scale ?? (el.logical_type?.type === 'DECIMAL' ? el.logical_type.scale : 0) ?? 0;
      this.decoder = { ...decoder, element: { ...el, converted_type: undefined, logical_type: undefined }, utf8: false };
    }
  }

  /** Rows that are certainly whole. */
  private get complete(): number {
    return this.repeated && !this.done ? this.available - 1 : this.available;
  }

  async fill(rows: number): Promise<void> {
    while (!this.done && this.complete < rows) await this.nextPage(rows - this.complete);
  }

  /**
   * The next `rows` rows (fewer only when the chunk holds fewer). They count for the batch until
   * it is yielded, and a page counts until its last row is taken: its array holds every row until
   * then (counting rows as they left let real memory run at three times the budget).
   */
  take(rows: number): DecodedArray {
    const parts: DecodedArray[] = [];
    let got = 0;
    let weight = 0;
    while (got < rows && this.queue.length) {
      const first = this.queue[0]!;
      const n = Math.min(rows - got, first.rows.length - this.head);
      parts.push(first.rows.slice(this.head, this.head + n));
      got += n;
      weight += n * first.perRow;
      this.head += n;
      this.available -= n;
      if (this.head >= first.rows.length) {
        this.queue.shift();
        this.head = 0;
        this.budget.release(first.rows.length * first.perRow);
      }
    }
    this.budget.toBatch(weight);
    return joined(parts, got);
  }

  /** The row group is read: what this column still holds is given back to the budget. */
  close(): void {
    let weight = this.dictionaryWeight;
    for (const q of this.queue) weight += q.rows.length * q.perRow;
    this.budget.release(weight);
    this.queue = [];
    this.dictionary = undefined;
    this.dictionaryWeight = 0;
  }

  /** hyparquet's decoders, their errors naming the column. */
  private decode<T>(run: () => T): T {
    try {
      return run();
    } catch (e) {
      throw new Error(`column ${this.name}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** The page whose header is at `at` (a copy: decoders keep views into it), and where the next begins. */
  private async pageAt(at: number): Promise<{ header: PageHeader; bytes: Uint8Array | undefined; next: number }> {
    // Headers are tens of bytes (kilobytes with page statistics): ask for little, grow on need.
    let want = Math.min(1024, this.end - at);
    let header: PageHeader;
    let headerLen: number;
    for (;;) {
      const { bytes: view } = await this.win.bytes(at, want, this.end);
      const reader = { view: new DataView(view.buffer, view.byteOffset, view.byteLength), offset: 0 };
      try {
        header = parquetHeader(reader);
        headerLen = reader.offset;
        if (headerLen > view.length) throw new RangeError('header past the bytes read');
        break;
      } catch (e) {
        // A header longer than what was read (large page statistics): read more, up to a limit.
        if (!(e instanceof RangeError) || want >= this.end - at || want >= MAX_HEADER_BYTES) throw new Error(`column ${this.name}: unreadable page header at byte ${at}`, { cause: e });
        want = Math.min(want * 8, this.end - at, MAX_HEADER_BYTES);
      }
    }
    const size = header.compressed_page_size;
    const start = at + headerLen;
    if (!Number.isSafeInteger(size) || size < 0 || start + size > this.end) throw new Error(`column ${this.name}: page at byte ${at} runs past its column chunk`);
    if (size > MAX_PAGE_BYTES) throw new Error(`column ${this.name}: ${header.type} page of ${size} bytes is over the ${MAX_PAGE_BYTES >> 20} MiB limit for one page; not read`);
    if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2' && header.type !== 'DICTIONARY_PAGE') return { header, bytes: undefined, next: start + size }; // index pages
    // A copy: decoders keep views into an uncompressed page (binary values, the dictionary), and
    // the window is reused for the next read.
    const got = await this.win.bytes(start, size, this.end);
    return { header, bytes: got.owned ? got.bytes : got.bytes.slice(), next: start + size };
  }

  private async nextPage(short: number): Promise<void> {
    if (this.pos >= this.end - 1) {
      this.done = true;
      return;
    }
    const at = this.pos;
    const { header, bytes, next } = await this.pageAt(at);
    this.pos = next;
    if (!bytes) return;
    if (header.type === 'DICTIONARY_PAGE') {
      this.dictionary = this.readDictionary(header, bytes);
      const weight = pageWeight(header);
      // Too large to keep beside the other columns' pages: read again for each page that needs it.
      if (this.budget.canKeep(weight) && this.budget.take(weight)) this.dictionaryWeight = weight;
      else this.dictionaryAt = at;
      return;
    }
    const encoding = header.data_page_header?.encoding ?? header.data_page_header_v2?.encoding;
    if (!this.dictionary && this.dictionaryAt !== undefined && (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY')) {
      const d = await this.pageAt(this.dictionaryAt);
      if (d.bytes) this.dictionary = this.readDictionary(d.header, d.bytes);
    }
    try {
      this.keepRows(at, header, bytes, short);
    } finally {
      if (this.dictionaryAt !== undefined) this.dictionary = undefined;
    }
  }

  /**
   * Keeps a data page's rows whole when the budget has room; otherwise the `short` rows the batch
   * still needs, and the page is read again from `at` for the rest. A top-level column's page is
   * judged from its header and only the rows kept are converted (strings made); a nested one is
   * decoded whole first (its rows are known only once its levels are assembled).
   */
  private keepRows(at: number, header: PageHeader, bytes: Uint8Array, short: number): void {
    const first = this.replay?.skip ?? 0;
    if (this.replay) {
      // (Unreachable: each decode keeps enough rows to finish the page within MAX_DECODES.)
      if (++this.replay.decodes > MAX_DECODES) throw new BudgetError(`column ${this.name}: its page at byte ${at} was decoded ${MAX_DECODES} times`);
      this.budget.stats.redecoded++;
    }
    const decoded = this.flat ? undefined : this.readData(header, bytes);
    if (!this.flat && !decoded) return;
    const total = decoded ? decoded.length : (header.data_page_header?.num_values ?? header.data_page_header_v2?.num_values ?? 0);
    const perRow = pageWeight(header) / Math.max(1, total);
    const left = total - first;
    let keep = left;
    if (!(this.budget.canKeep(left * perRow) && this.budget.take(left * perRow))) {
      // The rows the batch still needs (a repeated column: one more, to know the last one ended),
      // and never less than what finishes the page in MAX_DECODES decodes: a page of a million
      // rows is not decoded once per 4,096-row batch.
      const decodes = this.replay?.decodes ?? 1;
      keep = Math.min(left, Math.max(short + (this.repeated ? 1 : 0), Math.ceil(left / (MAX_DECODES - decodes + 1))));
      if (!this.budget.take(keep * perRow)) {
        throw new BudgetError(`column ${this.name}: ${keep} row(s) of its page at byte ${at} (${total} rows) need ~${mib(keep * perRow)} MiB decoded, beside ~${mib(this.budget.held)} MiB held for the other columns, past the ${mib(this.budget.limit)} MiB budget for decoded values`);
      }
    }
    const rows = decoded ? (first || keep < left ? decoded.slice(first, first + keep) : decoded) : this.flatRows(header, bytes, first, first + keep);
    this.push(rows, perRow);
    if (keep < left) {
      this.replay = { at, skip: first + keep, decodes: this.replay?.decodes ?? 1 };
      this.pos = at;
    } else this.replay = undefined;
  }

  /** Rows [from, to) of a top-level column's data page, only they converted (`flatRows`). */
  private flatRows(header: PageHeader, bytes: Uint8Array, from: number, to: number): DecodedArray {
    // Decompressed and checked before it is decoded (parquet-guard.ts).
    const g = this.decode(() => guardDataPage(header, this.decoder, bytes));
    const rows = this.decode(() => flatRows(g.header, g.page, g.decoder, this.dictionary, from, to));
    if (this.decimalScale === undefined) return rows;
    const scale = this.decimalScale;
    return Array.from(rows as ArrayLike<unknown>, (x) => decimalText(x, scale));
  }

  private push(rows: DecodedArray, perRow: number): void {
    if (!rows.length) return;
    this.queue.push({ rows, perRow });
    this.available += rows.length;
  }

  private readDictionary(header: PageHeader, bytes: Uint8Array): DecodedArray | undefined {
    const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
    this.decode(() => guardDictionaryPage(header));
    const { data } = this.decode(() => readPage(reader, header, this.decoder, undefined, undefined, 0));
    return data ? this.decode(() => convert(data, this.decoder)) : undefined;
  }

  /** A data page's rows (a continued row excluded), decimals written out. */
  private readData(header: PageHeader, bytes: Uint8Array): DecodedArray | undefined {
    // Decompressed and checked before hyparquet sees it (parquet-guard.ts).
    const guarded = this.decode(() => guardDataPage(header, this.decoder, bytes));
    const page = guarded.page;
    const reader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
    // A repeated column's page may continue the last row: hand hyparquet that row (the same
    // object, still in the queue) so it is completed in place, and keep only the rows after it.
    // A page read again continues a row already handed out: a stand-in takes those values.
    const tail = this.queue[this.queue.length - 1]?.rows;
    const last = !this.repeated ? undefined : this.replay ? standIn(this.decoder.schemaPath.length) : tail && this.available ? tail[tail.length - 1] : undefined;
    const prev = last ? [last] : this.repeated ? [] : undefined;
    const { data } = this.decode(() => readPage(reader, guarded.header, guarded.decoder, this.dictionary, prev, 0));
    if (!data) return undefined;
    // (`prev` is the output hyparquet appended to: its first element is the continued row.)
    let rows = last ? (data as unknown[]).slice(1) : data;
    if (this.decimalScale !== undefined) {
      const scale = this.decimalScale;
      if (Array.isArray(data)) {
        // In place: a continued row is the same array object as the one queued.
        decimalsInPlace(data, scale);
        if (last) rows = data.slice(1);
      } else rows = Array.from(rows as ArrayLike<unknown>, (v) => decimalText(v, scale));
    }
    return rows;
  }
}

/**
 * A batch's pieces of one column as one array. Numbers stay in a typed array: an INT64 column
 * copied into a plain array made a BigInt per value that lived as long as the batch (and was
 * promoted to the old generation), where the row's own value is made when the row is.
 */
function joined(parts: DecodedArray[], total: number): DecodedArray {
  if (parts.length === 1) return parts[0]!;
  const kind = parts[0]?.constructor;
  if (kind && kind !== Array && parts.every((p) => p.constructor === kind)) {
    const out = new (kind as new (n: number) => Exclude<DecodedArray, unknown[]>)(total);
    let at = 0;
    for (const p of parts) {
      (out as Int32Array).set(p as Int32Array, at);
      at += p.length;
    }
    return out;
  }
  const out: unknown[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i++) out.push(p[i]);
  return out;
}

/** Lists nested `depth` deep, for hyparquet to descend into when a page continues a row. */
function standIn(depth: number): unknown[] {
  let list: unknown[] = [];
  for (let i = 0; i < depth; i++) list = [list];
  return list;
}

function mib(bytes: number): string {
  return (bytes / (1 << 20)).toFixed(bytes < 1 << 20 ? 2 : 0);
}

/** An unscaled decimal (INT32, INT64 or big-endian two's complement bytes) written out exactly. */
export function decimalText(v: unknown, scale: number): unknown {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
  else if (v instanceof Uint8Array) {
    if (!v.length) return undefined;
    n = 0n;
    for (const b of v) n = n * 256n + BigInt(b);
    if (v[0]! & 0x80) n -= 1n << BigInt(v.length * 8);
  } else return v;
  const neg = n < 0n;
  let digits = (neg ? -n : n).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  } else if (scale < 0) digits += '0'.repeat(-scale);
  return neg ? `-${digits}` : digits;
}

function decimalsInPlace(a: unknown[], scale: number): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (Array.isArray(v)) decimalsInPlace(v, scale);
    else a[i] = decimalText(v, scale);
  }
}

