import { parquetMetadata, parquetSchema, type PageHeader } from 'hyparquet';
import { getTreePath } from 'hyparquet/src/schema.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import type { ColumnDecoder } from 'hyparquet/src/types.js';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { guardDataPage, guardDictionaryPage, MAX_PAGE_VALUES } from './parquet-guard.js';

/** The decoder of a file's optional INT32 column `n`, as the reader builds it. */
function decoderOf(): ColumnDecoder {
  const buf = parquetWriteBuffer({ columnData: [{ name: 'n', data: [1, null, 3], type: 'INT32' }] });
  const md = parquetMetadata(buf);
  const schemaPath = getTreePath(parquetSchema(md), ['n']);
  return { pathInSchema: ['n'], type: 'INT32', element: schemaPath[1]!.element, schemaPath, codec: 'UNCOMPRESSED', parsers: DEFAULT_PARSERS };
}

/** A data page v1: definition levels as one run-length run of `run` values, then `values` INT32s. */
function page(num: number, run: number, values: number): { header: PageHeader; bytes: Uint8Array } {
  const varint: number[] = [];
  for (let v = run * 2; ; v = Math.floor(v / 128)) {
    varint.push((v % 128) | (v >= 128 ? 0x80 : 0));
    if (v < 128) break;
  }
  const levels = [...varint, 1];
  const bytes = Uint8Array.from([levels.length, 0, 0, 0, ...levels, ...new Array(values * 4).fill(7)]);
  const header = {
    type: 'DATA_PAGE',
    uncompressed_page_size: bytes.length,
    compressed_page_size: bytes.length,
    data_page_header: { num_values: num, encoding: 'PLAIN', definition_level_encoding: 'RLE', repetition_level_encoding: 'RLE' },
  } as PageHeader;
  return { header, bytes };
}

describe('Parquet page guard', () => {
  it('passes a well-formed page through as uncompressed bytes', () => {
    const { header, bytes } = page(10, 10, 10);
    const g = guardDataPage(header, decoderOf(), bytes);
    expect(g.page).toEqual(bytes);
    expect(g.decoder.codec).toBe('UNCOMPRESSED');
  });

  // hyparquet writes a run's count of values whatever the page holds: a run of a billion grew an
  // array until V8 aborted the process (not an exception any caller could catch).
  it('fails a run-length run longer than the page before hyparquet decodes it', () => {
    const { header, bytes } = page(10, 1 << 30, 10);
    expect(() => guardDataPage(header, decoderOf(), bytes)).toThrow(/run-length run of 1073741824 values overruns the page's 10 values/);
  });

  it('fails value counts over the page limit', () => {
    const { header, bytes } = page(MAX_PAGE_VALUES + 1, 10, 10);
    expect(() => guardDataPage(header, decoderOf(), bytes)).toThrow(/page claims 16777217 values, over the limit/);
    expect(() => guardDictionaryPage({ type: 'DICTIONARY_PAGE', dictionary_page_header: { num_values: 1e9 } } as PageHeader)).toThrow(/over the limit/);
    expect(() => guardDataPage(page(-1, 1, 1).header, decoderOf(), bytes)).toThrow(/invalid value count/);
  });
});
