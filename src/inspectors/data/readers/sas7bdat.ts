import { ChunkReader } from './chunk-reader.js';
import { BOMB_RATIO, BOMB_STOP } from './decompression-bomb.js';
import { SasRowCells } from './sas7bdat-cells.js';
import { SasDecompressError, rdcDecompress, rleDecompress } from './sas7bdat-decompress.js';
import { MIN_HEADER, SasFormatError, parseSasHeader, uint, type SasHeader } from './sas7bdat-header.js';
import { SasMeta, subheaderKind } from './sas7bdat-meta.js';
import type { RowSink } from './sheet-table.js';
import type { DataRow } from './types.js';

/**
 * SAS data sets (`.sas7bdat`): how clinical-trial and survey data most often ships. SAS does not
 * document the format; this follows the reverse-engineered description (Matt Shotwell's "SAS7BDAT
 * Database Binary Format") and what pandas, ReadStat and parso read: 32- and 64-bit files of
 * either byte order, a header and then fixed-size pages — meta pages of subheaders (the variables'
 * names, labels, formats and places in a row; in a compressed file the rows too, one subheader
 * each, RLE or RDC), data pages of rows, and mix pages with both. Read page by page from the byte
 * stream, never whole; each variable becomes a cell named by the variable, one row per observation.
 */

const PAGE_META = 0x0000;
const PAGE_DATA = 0x0100;
const PAGE_MIX = 0x0200;
const PAGE_AMD = 0x0400;
const PAGE_META2 = 0x4000;
/** The page type's bits that say what the page is (the low byte carries flags). */
const PAGE_TYPE_MASK = 0xff00;
/** A subheader pointer's compression byte: a truncated subheader (nothing to read), a compressed one. */
const TRUNCATED = 1;
const COMPRESSED = 4;
/** Problems kept per file: a hostile file can make one per row. */
const MAX_PROBLEMS = 50;

export async function* readSas7bdat(chunks: AsyncIterable<Uint8Array>, status: { rows: number; truncated: boolean }, maxRows: number, problems: string[]): AsyncGenerator<DataRow> {
  const note = (m: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(m);
  };
  const r = new ChunkReader(chunks[Symbol.asyncIterator]());
  const h = parseSasHeader(await r.read(MIN_HEADER));
  if (h.unknownEncoding !== undefined) note(`the text encoding code ${h.unknownEncoding} is not one this reader knows; text was read as Windows-1252`);
  if ((await r.skip(h.headerLength - MIN_HEADER)) < h.headerLength - MIN_HEADER) throw new SasFormatError('the file ends inside its header');
  const pages = new Pages(h, maxRows, status, note);
  for (let page = 1; page <= h.pageCount; page++) {
    const bytes = await r.read(h.pageSize);
    // Past the byte budget the stream stops short: the caller says so; this is no corruption.
    if (bytes.length < h.pageSize) {
      if (!status.truncated) note(bytes.length ? `the file ends inside page ${page} of ${h.pageCount} (cut short)` : `the file holds ${page - 1} of the ${h.pageCount} pages its header counts (cut short)`);
      return;
    }
    if (!(yield* pages.read(bytes, page))) return;
  }
  pages.end();
}

/**
 * The rows of one page after another, with the metadata gathered on the way. Rows are handed on
 * one by one as they are made: a 16 MiB page of 1-byte rows would be millions of rows held at once.
 */
class Pages {
  private readonly out: DataRow[] = [];
  private readonly sink: RowSink = { row: (d) => this.out.push(d), header: (d) => this.out.push(d) };
  private readonly meta: SasMeta;
  private readonly decoder: TextDecoder;
  private cells?: SasRowCells;
  private rowBuf?: Uint8Array;
  private rows = 0;
  /** Bytes compressed rows decoded into: bounded by the file bytes read, as every decompression here is. */
  private inflated = 0;

  constructor(
    private readonly h: SasHeader,
    private readonly maxRows: number,
    private readonly status: { rows: number; truncated: boolean },
    private readonly note: (m: string) => void,
  ) {
    this.meta = new SasMeta(h);
    this.decoder = new TextDecoder(h.encoding);
  }

  /** Reads one page, yielding its rows; false once every row (or the row cap) is read. */
  *read(page: Uint8Array, n: number): Generator<DataRow, boolean> {
    const { h, meta } = this;
    const bo = h.pageBitOffset;
    const type = uint(page, bo, 2, h.little) & PAGE_TYPE_MASK;
    const blocks = uint(page, bo + 2, 2, h.little);
    const declared = uint(page, bo + 4, 2, h.little);
    const first = bo + 8;
    if (type === PAGE_DATA) return yield* this.rowsAt(page, first, blocks, n);
    if (type !== PAGE_META && type !== PAGE_META2 && type !== PAGE_AMD && type !== PAGE_MIX) return true;
    const fit = Math.floor((h.pageSize - first) / h.pointerLen);
    if (declared > fit) this.note(`page ${n} claims ${declared} subheaders, of which ${fit} fit in it`);
    const count = Math.min(declared, fit);
    const compressedRows: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const p = first + i * h.pointerLen;
      const at = uint(page, p, h.intLen, h.little);
      const length = uint(page, p + h.intLen, h.intLen, h.little);
      const compression = page[p + 2 * h.intLen]!;
      const kind = page[p + 2 * h.intLen + 1]!;
      if (length === 0 || compression === TRUNCATED) continue;
      if (at < first || at + length > h.pageSize) {
        this.note(`subheader ${i + 1} of page ${n} lies outside the page (bytes ${at} to ${at + length} of ${h.pageSize}); not read`);
        continue;
      }
      const sh = page.subarray(at, at + length);
      const what = subheaderKind(sh, h);
      if (what) {
        // Metadata met after the rows started (an appended page) changes nothing already read.
        if (this.cells) continue;
        try {
          meta.read(what, sh);
        } catch (e) {
          if (!(e instanceof SasFormatError)) throw e;
          this.note(`subheader ${i + 1} of page ${n}: ${e.message}`);
        }
      } else if (meta.compression !== 'none' && (compression === COMPRESSED || compression === 0) && kind === 1) compressedRows.push(sh);
    }
    for (const sh of compressedRows) if (!(yield* this.compressedRow(sh, n))) return false;
    if (type !== PAGE_MIX) return true;
    // A mix page's rows follow its subheader pointers, 8-byte aligned (as pandas and ReadStat place them).
    const after = first + declared * h.pointerLen;
    return yield* this.rowsAt(page, after + (after % 8), meta.mixPageRowCount, n);
  }

  /** `claimed` uncompressed rows from `start`, as many as fit in the page and are left to read. */
  private *rowsAt(page: Uint8Array, start: number, claimed: number, n: number): Generator<DataRow, boolean> {
    this.ready();
    const len = this.meta.rowLength;
    const fit = Math.max(0, Math.floor((page.length - start) / len));
    if (claimed > fit) this.note(`page ${n} claims ${claimed} rows, of which ${fit} fit in it`);
    const count = Math.min(claimed, fit, this.meta.rowCount - this.rows);
    for (let i = 0; i < count; i++) {
      const more = this.emit(page.subarray(start + i * len, start + (i + 1) * len));
      yield* this.out.splice(0);
      if (!more) return false;
    }
    yield* this.out.splice(0);
    return this.rows < this.meta.rowCount;
  }

  private *compressedRow(sh: Uint8Array, n: number): Generator<DataRow, boolean> {
    this.ready();
    const len = this.meta.rowLength;
    let row = sh.subarray(0, len);
    if (sh.length < len) {
      // A row of megabytes can pack into a few bytes: a file of such rows would cost far more than its size.
      this.inflated += len;
      if (this.inflated > BOMB_RATIO * (this.h.headerLength + n * this.h.pageSize)) {
        this.note(BOMB_STOP);
        this.status.truncated = true;
        return false;
      }
      row = this.rowBuf ??= new Uint8Array(len);
      try {
        // What the row's instructions leave unwritten is zeros (as pandas leaves it).
        row.fill(0, (this.meta.compression === 'rle' ? rleDecompress : rdcDecompress)(sh, row));
      } catch (e) {
        if (!(e instanceof SasDecompressError)) throw e;
        this.note(`a row on page ${n} (after row ${this.rows}): ${e.message}; not read`);
        return true;
      }
    }
    const more = this.emit(row);
    yield* this.out.splice(0);
    return more;
  }

  /** The variables, once: rows cannot be read before the metadata that places them. */
  private ready(): void {
    if (this.cells) return;
    if (!this.meta.rowLength) throw new SasFormatError('rows come before any row size subheader; the metadata is missing or corrupt');
    const columns = this.meta.columns(this.decoder, this.note);
    if (!columns.length) throw new SasFormatError('no variable could be read from the metadata');
    this.cells = new SasRowCells(columns, this.h.little, this.decoder);
    this.cells.header(this.sink);
  }

  private emit(bytes: Uint8Array): boolean {
    if (this.rows >= this.maxRows) {
      this.status.truncated = true;
      return false;
    }
    this.rows++;
    this.status.rows = this.rows;
    this.cells!.emit(bytes, this.rows, this.sink);
    return this.rows < this.meta.rowCount;
  }

  /** After the last page: rows the metadata counts that no page held. */
  end(): void {
    if (!this.status.truncated && this.rows < this.meta.rowCount) this.note(`the pages hold ${this.rows} of the ${this.meta.rowCount} rows the metadata counts`);
    if (!this.meta.rowLength) this.note('no row size subheader was found: nothing was read');
  }
}
