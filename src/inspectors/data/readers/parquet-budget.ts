import type { ColumnChunk, PageHeader } from 'hyparquet';

/**
 * Decoded values the Parquet reader may hold at once, over all columns of a row group: the pages
 * kept whole, the rows taken out of pages read again, the current batch and the dictionaries. A
 * row has one value from every column, so a 1,500-column table whose pages each hold a whole
 * 20,000-row group used to keep the whole group decoded (1.4 GB read alone, 2.9 GB in a scan).
 * 64 MiB reads it at ~390 MB peak RSS (V8 lets the heap grow to several times what is live).
 */
export const DECODE_BUDGET = 64 << 20;

/**
 * Estimated JavaScript cost of one decoded value beyond its bytes: an array slot and a string or
 * BigInt header (measured: a 27-character string 56 bytes, an INT64 32). A dictionary-encoded
 * value is an array slot pointing into the dictionary. Estimates from the page header, so a page
 * is judged before it is decoded.
 */
const VALUE_OVERHEAD = 24;
const DICTIONARY_VALUE = 8;

/**
 * A page is decoded at most this many times: read again per batch, it keeps at least 1/64 of its
 * rows each time, so time stays within 64 decodes of the file whatever the batch size.
 */
export const MAX_DECODES = 64;

/** The estimated decoded size of a page (data or dictionary), from its header. */
export function pageWeight(header: PageHeader): number {
  const values = header.data_page_header?.num_values ?? header.data_page_header_v2?.num_values ?? header.dictionary_page_header?.num_values ?? 0;
  const encoding = header.data_page_header?.encoding ?? header.data_page_header_v2?.encoding;
  const each = encoding === 'RLE_DICTIONARY' || encoding === 'PLAIN_DICTIONARY' ? DICTIONARY_VALUE : VALUE_OVERHEAD;
  return header.uncompressed_page_size + each * values;
}

/** The estimated decoded size of a whole column chunk, from the footer (batch sizes are planned with it). */
export function chunkWeight(chunk: ColumnChunk): number {
  const meta = chunk.meta_data;
  return meta ? Number(meta.total_uncompressed_size) + VALUE_OVERHEAD * Number(meta.num_values) : 0;
}

/** What a read held at most, for tests and benchmarks. */
export interface DecodeStats {
  /** The most estimated decoded bytes held at once. */
  peak: number;
  /** Pages decoded again because they were too large to keep. */
  redecoded: number;
}

/**
 * The decoded bytes held by one read, against `limit`. Batches are sized to take at most five
 * eighths of it (`batchRows`), and pages are kept whole while they fit beside the batch in three
 * quarters; past that, a page is decoded for the rows one batch needs and read again for the next
 * (`ColumnPages`). On a table far wider than the budget, keeping pages whole would only shorten
 * everyone's batches: every page is decoded about `table / batch` times. The last quarter is room
 * for rows heavier than the batch's estimate; anything past the limit itself fails the read
 * (`BudgetError`), with a message naming the rows not read.
 */
export class DecodeBudget {
  /** Whole pages and dictionaries kept, and rows taken out of pages read again. */
  private pages = 0;
  /** Rows handed to the current batch, until it is yielded. */
  private batch = 0;
  /** Whole pages may be kept up to this (three quarters of the limit, the batch's estimate aside). */
  private keepLimit: number;

  constructor(
    readonly limit: number = DECODE_BUDGET,
    readonly stats: DecodeStats = { peak: 0, redecoded: 0 },
  ) {
    this.keepLimit = (limit * 3) / 4;
  }

  get held(): number {
    return this.pages + this.batch;
  }

  /** Whether a whole page of `weight` may be kept until its rows are taken. */
  canKeep(weight: number): boolean {
    return this.pages + weight <= this.keepLimit;
  }

  /** Holds `weight` more; false (nothing held) when that would pass the limit. */
  take(weight: number): boolean {
    if (this.held + weight > this.limit) return false;
    this.pages += weight;
    if (this.held > this.stats.peak) this.stats.peak = this.held;
    return true;
  }

  release(weight: number): void {
    this.pages = Math.max(0, this.pages - weight);
  }

  /** Rows of `weight` go to the current batch (their page still counts until it is all taken). */
  toBatch(weight: number): void {
    this.batch += weight;
    if (this.held > this.stats.peak) this.stats.peak = this.held;
  }

  /** The current batch was yielded: its rows are free. Returns what it held. */
  endBatch(): number {
    const w = this.batch;
    this.batch = 0;
    return w;
  }

  /**
   * The next batch's size at `perRow` bytes a row: at most five eighths of the limit. Pages are
   * then kept whole only in what is left of three quarters.
   */
  batchRows(perRow: number, most: number): number {
    const rows = perRow > 0 ? Math.max(1, Math.min(most, Math.floor((this.limit * 5) / 8 / perRow))) : most;
    this.keepLimit = Math.max(0, (this.limit * 3) / 4 - rows * Math.max(0, perRow));
    return rows;
  }
}
