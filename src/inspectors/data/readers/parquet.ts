import { open, type FileHandle } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetSchema, type ColumnChunk, type DecodedArray, type PageHeader, type SchemaTree } from 'hyparquet';
import { assembleNested } from 'hyparquet/src/assemble.js';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { convert, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { getMaxRepetitionLevel, getTreePath } from 'hyparquet/src/schema.js';
import type { ColumnDecoder } from 'hyparquet/src/types.js';
import { leaves, recordOf } from './json.js';
import { MAX_PAGE_BYTES, parquetCompressors } from './parquet-codecs.js';
import { guardDataPage, guardDictionaryPage } from './parquet-guard.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * hyparquet's value parsers, made total: one bad JSON, WKB geometry or UUID cell is kept as what it
 * is (text, or nothing) instead of failing the whole file.
 */
const PARSERS: typeof DEFAULT_PARSERS = {
  ...DEFAULT_PARSERS,
  jsonFromBytes(bytes) {
    try {
      return DEFAULT_PARSERS.jsonFromBytes(bytes);
    } catch {
      return DEFAULT_PARSERS.stringFromBytes(bytes);
    }
  },
  geometryFromBytes(bytes) {
    try {
      return DEFAULT_PARSERS.geometryFromBytes(bytes);
    } catch {
      return undefined;
    }
  },
  geographyFromBytes(bytes) {
    try {
      return DEFAULT_PARSERS.geographyFromBytes(bytes);
    } catch {
      return undefined;
    }
  },
};

/** Rows assembled at once. */
const BATCH_ROWS = 4096;
/**
 * Bytes read from the file at a time for one column (page headers and the small pages after
 * them): a window per column, so columns read side by side do not evict each other's.
 */
const READ_WINDOW = 64 * 1024;
/** A page header larger than this is corrupt (real ones are bytes, or kilobytes with statistics). */
const MAX_HEADER_BYTES = 16 << 20;

/** Bytes read from a file, over all its windows. */
interface ReadCount {
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
class ColumnPages {
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

/**
 * Parquet via hyparquet's page decoders, read page by page: the footer first, then each row group
 * in batches of `BATCH_ROWS` rows, every column chunk streamed from the file a page at a time. Memory
 * is one page per column plus one batch of rows, whatever the size of a row group (pyarrow's
 * default is a million rows, often the whole file). Nested columns (lists, structs, maps) assemble
 * per batch and flatten to field paths (`messages[2].content`, `meta.ssn`).
 */
export async function* readParquet(absPath: string, status: ReadStatus, maxRows: number): AsyncGenerator<DataRow> {
  const file = await asyncBufferFromFile(absPath);
  const metadata = await parquetMetadataAsync(file);
  const schema = parquetSchema(metadata);
  status.columns = schema.children.map((c) => c.element.name);
  const total = Number(metadata.num_rows);
  const fh = await open(absPath, 'r');
  const count: ReadCount = { read: 0 };
  try {
    let row = 0;
    for (const rg of metadata.row_groups) {
      const groupRows = Number(rg.num_rows);
      const columns = rg.columns.map((chunk) => {
        const meta = chunk.meta_data;
        if (!meta) throw new Error('column chunk without metadata');
        if (chunk.file_path) throw new Error(`column chunk kept in another file (${chunk.file_path}); not read`);
        const schemaPath = getTreePath(schema, meta.path_in_schema);
        const decoder: ColumnDecoder = {
          pathInSchema: meta.path_in_schema,
          type: meta.type,
          element: schemaPath[schemaPath.length - 1]!.element,
          schemaPath,
          codec: meta.codec,
          parsers: PARSERS,
          compressors: parquetCompressors,
          utf8: true,
        };
        return new ColumnPages(fh, count, chunk, meta.path_in_schema.join('.'), decoder, file.byteLength);
      });
      for (let s = 0; s < groupRows; s += BATCH_ROWS) {
        if (row >= maxRows) {
          status.truncated = true;
          return;
        }
        const k = Math.min(BATCH_ROWS, groupRows - s);
        const leafData = new Map<string, DecodedArray>();
        for (const c of columns) {
          await c.fill(k);
          const d = c.take(k);
          if (d.length < k) throw new Error(`column ${c.name} holds fewer values than its row group's ${groupRows} rows`);
          leafData.set(c.name, d);
        }
        const top = topColumns(schema, leafData);
        for (let j = 0; j < k; j++) {
          const o: Record<string, unknown> = {};
          for (const [name, data] of top) o[name] = data[j];
          status.rows = ++row;
          const ls = leaves(o, '', [], 0);
          yield { row, cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: true })), record: recordOf(ls) };
        }
      }
    }
    if (row < total) status.truncated = true;
  } finally {
    // The bytes read from the file: each page once (the footer aside), however many batches.
    status.bytes = count.read;
    await fh.close();
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

/** One batch's leaf columns assembled into the top-level columns (structs, lists, maps). */
function topColumns(schema: SchemaTree, leafData: Map<string, DecodedArray>): [string, DecodedArray][] {
  const out: [string, DecodedArray][] = [];
  for (const child of schema.children) {
    const name = child.element.name;
    if (!child.children.length) {
      const d = leafData.get(name);
      if (d) out.push([name, d]);
      continue;
    }
    const sub = new Map<string, DecodedArray>();
    for (const [k, v] of leafData) if (k === name || k.startsWith(name + '.')) sub.set(k, v);
    if (!sub.size) continue;
    assembleNested(sub, child, PARSERS);
    const d = sub.get(name);
    if (d) out.push([name, d]);
  }
  return out;
}
