import type { DecodedArray, PageHeader } from 'hyparquet';
import { convertWithDictionary } from 'hyparquet/src/convert.js';
import { readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { getMaxDefinitionLevel } from 'hyparquet/src/schema.js';
import type { ColumnDecoder } from 'hyparquet/src/types.js';

/**
 * Rows [from, to) of a top-level, non-repeated column's data page (decompressed and checked by
 * `guardDataPage`), nulls placed from the definition levels as hyparquet's `assembleLists` places
 * them. Only those rows' values are converted, and a PLAIN byte-array page (text) is walked to
 * `from` without a view made per value: a page read again once per batch (`ColumnPages`) costs its
 * decompression, not 20,000 strings and views of which the batch keeps a few hundred.
 */
export function flatRows(header: PageHeader, page: Uint8Array, decoder: ColumnDecoder, dictionary: DecodedArray | undefined, from: number, to: number): DecodedArray {
  const v1 = header.data_page_header;
  const v2 = header.data_page_header_v2;
  const n = v1?.num_values ?? v2!.num_values;
  const encoding = v1?.encoding ?? v2!.encoding;
  const max = getMaxDefinitionLevel(decoder.schemaPath);
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  // Definition levels (a flat column has no repetition levels), and where the values start.
  let defs: Uint8Array | undefined;
  let at = v2 ? v2.repetition_levels_byte_length + v2.definition_levels_byte_length : 0;
  if (max) {
    defs = new Uint8Array(n);
    if (v2) readRleBitPackedHybrid({ view, offset: v2.repetition_levels_byte_length }, bitWidth(max), defs, v2.definition_levels_byte_length);
    else {
      const reader = { view, offset: 0 };
      readRleBitPackedHybrid(reader, bitWidth(max), defs);
      at = reader.offset;
    }
  }
  // The values of rows [from, to): value indices [first, first + count).
  let first = from;
  let count = to - from;
  if (defs) {
    first = 0;
    count = 0;
    for (let i = 0; i < from; i++) if (defs[i] === max) first++;
    for (let i = from; i < to; i++) if (defs[i] === max) count++;
  }
  const raw = encoding === 'PLAIN' && decoder.type === 'BYTE_ARRAY' ? byteArrays(view, at, first, count) : allValues(header, page, decoder).slice(first, first + count);
  const values = convertWithDictionary(raw, dictionary, encoding, decoder);
  if (!defs || count === to - from) return values;
  const rows = new Array<unknown>(to - from);
  for (let i = from, j = 0; i < to; i++) rows[i - from] = defs[i] === max ? values[j++] : null;
  return rows;
}

/** PLAIN byte arrays `first` to `first + count`: lengths walked past, views made for these only. */
function byteArrays(view: DataView, at: number, first: number, count: number): Uint8Array[] {
  const end = view.byteLength;
  for (let i = 0; i < first; i++) {
    if (at + 4 > end) throw new Error('page ends inside its values');
    at += 4 + view.getUint32(at, true);
  }
  const out = new Array<Uint8Array>(count);
  for (let i = 0; i < count; i++) {
    if (at + 4 > end) throw new Error('page ends inside its values');
    const len = view.getUint32(at, true);
    at += 4;
    if (at + len > end) throw new Error('a value runs past the page');
    out[i] = new Uint8Array(view.buffer, view.byteOffset + at, len);
    at += len;
  }
  return out;
}

/** Every value of the page through hyparquet's decoders (encodings other than PLAIN text). */
function allValues(header: PageHeader, page: Uint8Array, decoder: ColumnDecoder): DecodedArray {
  return header.type === 'DATA_PAGE' ? readDataPage(page, header.data_page_header!, decoder).dataPage : readDataPageV2(page, header, decoder).dataPage;
}

function bitWidth(v: number): number {
  return 32 - Math.clz32(v);
}
