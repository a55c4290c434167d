import type { FileHandle } from 'node:fs/promises';
import type { ColumnChunk, DecodedArray, PageHeader } from 'hyparquet';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { convert } from 'hyparquet/src/convert.js';
import { getMaxRepetitionLevel } from 'hyparquet/src/schema.js';
import type { ColumnDecoder } from 'hyparquet/src/types.js';
import { MAX_PAGE_BYTES } from './parquet-codecs.js';
import { guardDataPage, guardDictionaryPage } from './parquet-guard.js';

/**
 * Bytes read from the file at a time for one column (page headers and the small pages after
 * them): a window per column, so columns read side by side do not evict each other's.
 */
const READ_WINDOW = 64 * 1024;
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
  constructor(
    private readonly fh: FileHandle,
    private readonly count: ReadCount,
  ) {}

  /** The bytes [pos, pos + len), never reading past `limit`. */
  async bytes(pos: number, len: number, limit: number): Promise<{ bytes: Uint8Array; owned: boolean }> {
    if (pos >= this.at && pos + len <= this.at + this.view.length) return { bytes: this.view.subarray(pos - this.at, pos - this.at + len), owned: false };
    if (len > READ_WINDOW) {
      // One large page: read on its own, not kept.
      const buf = new Uint8Array(len);
      const { bytesRead } = await this.fh.read(buf, 0, len, pos);
      this.count.read += bytesRead;
      if (bytesRead < len) throw new Error(`file ends at byte ${pos + bytesRead}, inside a page that runs to ${pos + len}`);
      return { bytes: buf, owned: true };
    }
    this.store ??= new Uint8Array(Math.min(READ_WINDOW, limit - pos));
    const { bytesRead } = await this.fh.read(this.store, 0, Math.min(this.store.length, limit - pos), pos);
    this.count.read += bytesRead;
    this.view = this.store.subarray(0, bytesRead);
    this.at = pos;
    if (bytesRead < len) throw new Error(`file ends at byte ${pos + bytesRead}, inside a page that runs to ${pos + len}`);
    return { bytes: this.view.subarray(0, len), owned: false };
  }
}

/**
 * One column chunk of one row group, read page by page from the file: only the page being decoded
 * and the decoded rows not yet handed out are held, never the whole chunk.
 */
export class ColumnPages {
  private pos: number;
  private readonly end: number;
  private dictionary: DecodedArray | undefined;
  /** Decoded rows not yet taken: whole pages' outputs, the first one consumed from `head`. */
  private queue: DecodedArray[] = [];
  private head = 0;
  private available = 0;
  private done = false;
  /** A repeated column's last row may go on in the next page (data page v1). */
  private readonly repeated: boolean;
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
  ) {
    const meta = chunk.meta_data!;
    this.pos = Number(meta.dictionary_page_offset || meta.data_page_offset);
    this.end = this.pos + Number(meta.total_compressed_size);
    if (!(this.pos >= 4 && this.end <= fileSize && this.end >= this.pos)) throw new Error(`column ${name}: chunk at bytes ${this.pos}-${this.end} lies outside the file (${fileSize} bytes)`);
    this.repeated = getMaxRepetitionLevel(decoder.schemaPath) > 0;
    this.win = new Window(fh, count);
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
    while (!this.done && this.complete < rows) await this.nextPage();
  }

  /** The next `rows` rows (fewer only when the chunk holds fewer). */
  take(rows: number): unknown[] {
    const out: unknown[] = [];
    while (out.length < rows && this.queue.length) {
      const first = this.queue[0]!;
      const n = Math.min(rows - out.length, first.length - this.head);
      for (let i = 0; i < n; i++) out.push(first[this.head + i]);
      this.head += n;
      this.available -= n;
      if (this.head >= first.length) {
        this.queue.shift();
        this.head = 0;
      }
    }
    return out;
  }

  /** hyparquet's decoders, their errors naming the column. */
  private decode<T>(run: () => T): T {
    try {
      return run();
    } catch (e) {
      throw new Error(`column ${this.name}: ${(e as Error).message}`, { cause: e });
    }
  }

  private async nextPage(): Promise<void> {
    if (this.pos >= this.end - 1) {
      this.done = true;
      return;
    }
    // Headers are tens of bytes (kilobytes with page statistics): ask for little, grow on need.
    let want = Math.min(1024, this.end - this.pos);
    let header: PageHeader;
    let headerLen: number;
    for (;;) {
      const { bytes: view } = await this.win.bytes(this.pos, want, this.end);
      const reader = { view: new DataView(view.buffer, view.byteOffset, view.byteLength), offset: 0 };
      try {
        header = parquetHeader(reader);
        headerLen = reader.offset;
        if (headerLen > view.length) throw new RangeError('header past the bytes read');
        break;
      } catch (e) {
        // A header longer than what was read (large page statistics): read more, up to a limit.
        if (!(e instanceof RangeError) || want >= this.end - this.pos || want >= MAX_HEADER_BYTES) throw new Error(`column ${this.name}: unreadable page header at byte ${this.pos}`, { cause: e });
        want = Math.min(want * 8, this.end - this.pos, MAX_HEADER_BYTES);
      }
    }
    const size = header.compressed_page_size;
    const start = this.pos + headerLen;
    if (!Number.isSafeInteger(size) || size < 0 || start + size > this.end) throw new Error(`column ${this.name}: page at byte ${this.pos} runs past its column chunk`);
    if (size > MAX_PAGE_BYTES) throw new Error(`column ${this.name}: ${header.type} page of ${size} bytes is over the ${MAX_PAGE_BYTES >> 20} MiB limit for one page; not read`);
    this.pos = start + size;
    if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2' && header.type !== 'DICTIONARY_PAGE') return; // index pages
    // A copy: decoders keep views into an uncompressed page (binary values, the dictionary), and
    // the window is reused for the next read.
    const got = await this.win.bytes(start, size, this.end);
    const bytes = got.owned ? got.bytes : got.bytes.slice();
    if (header.type === 'DICTIONARY_PAGE') {
      const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
      this.decode(() => guardDictionaryPage(header));
      const { data } = this.decode(() => readPage(reader, header, this.decoder, undefined, undefined, 0));
      if (data) this.dictionary = this.decode(() => convert(data, this.decoder));
      return;
    }
    // Decompressed and checked before hyparquet sees it (parquet-guard.ts).
    const guarded = this.decode(() => guardDataPage(header, this.decoder, bytes));
    const page = guarded.page;
    const reader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
    // A repeated column's page may continue the last row: hand hyparquet that row (the same
    // object, still in the queue) so it is completed in place, and keep only the rows after it.
    const last = this.repeated && this.available ? this.queue[this.queue.length - 1]! : undefined;
    const prev = last ? [last[last.length - 1]] : this.repeated ? [] : undefined;
    const { data } = this.decode(() => readPage(reader, guarded.header, guarded.decoder, this.dictionary, prev, 0));
    if (!data) return;
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
    if (rows.length) {
      this.queue.push(rows);
      this.available += rows.length;
    }
  }
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

