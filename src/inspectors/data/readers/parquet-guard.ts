import type { CompressionCodec, PageHeader } from 'hyparquet';
import { getMaxDefinitionLevel, getMaxRepetitionLevel } from 'hyparquet/src/schema.js';
import type { ColumnDecoder } from 'hyparquet/src/types.js';
import { parquetCompressors } from './parquet-codecs.js';

/**
 * Values one page may hold (16 Mi). Writers cut pages near 1 MiB or 20,000 rows; an all-null page
 * of a million-row group is far below this. Arrays this long still fit in memory.
 */
export const MAX_PAGE_VALUES = 1 << 24;

/**
 * hyparquet decodes a run-length run by writing `count` values from where the run starts, `count`
 * taken from the page: a crafted run of 200 million grows a JavaScript array until V8 aborts the
 * whole process (a fatal error, not an exception). Before a data page reaches hyparquet it is
 * decompressed here and every run-length run of its levels and dictionary indices is checked
 * against the values the page holds, walking the runs as hyparquet will. The page then goes to
 * hyparquet as uncompressed bytes (with a header saying so), so it is decompressed once.
 */
export function guardDataPage(header: PageHeader, decoder: ColumnDecoder, compressed: Uint8Array): { header: PageHeader; page: Uint8Array; decoder: ColumnDecoder } {
  const maxRep = getMaxRepetitionLevel(decoder.schemaPath);
  const maxDef = getMaxDefinitionLevel(decoder.schemaPath);
  const plain: ColumnDecoder = { ...decoder, codec: 'UNCOMPRESSED' };
  if (header.type === 'DATA_PAGE') {
    const h = header.data_page_header!;
    const n = count(h.num_values);
    const page = decompress(decoder.codec, compressed, header.uncompressed_page_size);
    let at = 0;
    if (maxRep) at = prefixed(page, at, bitWidth(maxRep), n);
    if (maxDef) at = prefixed(page, at, bitWidth(maxDef), n);
    values(page, at, h.encoding, decoder.type, n);
    return { header: { ...header, compressed_page_size: page.length }, page, decoder: plain };
  }
  const h = header.data_page_header_v2!;
  const n = count(h.num_values);
  const levels = h.repetition_levels_byte_length + h.definition_levels_byte_length;
  if (!(levels >= 0 && levels <= compressed.length && levels <= header.uncompressed_page_size)) throw new Error(`page levels of ${levels} bytes run past the page`);
  let page = compressed;
  const rest = header.uncompressed_page_size - levels;
  if (h.is_compressed !== false && rest) {
    const body = decompress(decoder.codec, compressed.subarray(levels), rest);
    page = new Uint8Array(levels + body.length);
    page.set(compressed.subarray(0, levels));
    page.set(body, levels);
  }
  if (maxRep) runs(page, 0, bitWidth(maxRep), n);
  if (maxDef) runs(page, h.repetition_levels_byte_length, bitWidth(maxDef), n);
  values(page, levels, h.encoding, decoder.type, n);
  return { header: { ...header, compressed_page_size: page.length, data_page_header_v2: { ...h, is_compressed: false } }, page, decoder: plain };
}

/** A dictionary page's entry count, checked before hyparquet allocates for it. */
export function guardDictionaryPage(header: PageHeader): void {
  count(header.dictionary_page_header?.num_values ?? 0);
}

function count(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`page header gives an invalid value count (${n})`);
  if (n > MAX_PAGE_VALUES) throw new Error(`page claims ${n} values, over the limit of ${MAX_PAGE_VALUES} for one page; not read`);
  return n;
}

function decompress(codec: CompressionCodec, bytes: Uint8Array, size: number): Uint8Array {
  if (codec === 'UNCOMPRESSED') return bytes;
  const d = parquetCompressors[codec];
  if (!d) throw new Error(`parquet unsupported compression codec: ${codec}`);
  return d(bytes, size);
}

function bitWidth(v: number): number {
  return 32 - Math.clz32(v);
}

/** A hybrid section with its 4-byte length first (data page v1 levels, v1/v2 booleans). */
function prefixed(page: Uint8Array, at: number, width: number, n: number): number {
  if (at + 4 > page.length) throw new Error('page ends inside its levels');
  const len = (page[at]! | (page[at + 1]! << 8) | (page[at + 2]! << 16) | (page[at + 3]! << 24)) >>> 0;
  runs(page, at + 4, width, n);
  return at + 4 + len;
}

function values(page: Uint8Array, at: number, encoding: string, type: string, n: number): void {
  if (encoding === 'RLE' && type === 'BOOLEAN') prefixed(page, at, 1, n);
  else if (encoding === 'RLE_DICTIONARY' || encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE') {
    if (at >= page.length) return;
    const width = type === 'BOOLEAN' ? 1 : page[at]!;
    if (width) runs(page, type === 'BOOLEAN' ? at : at + 1, width, n);
  }
}

/**
 * Walks a run-length / bit-packed hybrid section the way hyparquet reads it (from `at`, until `n`
 * values are seen, whatever the section's stated length), failing on a run-length run past `n`.
 * Bit-packed runs are safe: hyparquet stops writing them at the array's end.
 */
function runs(page: Uint8Array, at: number, width: number, n: number): void {
  let seen = 0;
  let pos = at;
  const bytesPerValue = (width + 7) >> 3;
  while (seen < n && pos < page.length) {
    // hyparquet's varint, bit for bit (32-bit).
    let header = 0;
    let shift = 0;
    for (;;) {
      if (pos >= page.length) return;
      const b = page[pos++]!;
      header |= (b & 0x7f) << shift;
      if (!(b & 0x80)) break;
      shift += 7;
    }
    if (header & 1) {
      const c = (header >> 1) << 3;
      const bytes = Math.ceil((c * width) / 8);
      if (c < 0 || pos + bytes > page.length + 1) throw new Error(`a bit-packed run of ${c} values runs past the page (corrupt or crafted page)`);
      seen += c;
      pos += bytes;
    } else {
      const c = header >>> 1;
      if (seen + c > n) throw new Error(`a run-length run of ${c} values overruns the page's ${n} values (corrupt or crafted page)`);
      seen += c;
      pos += bytesPerValue;
    }
  }
}
