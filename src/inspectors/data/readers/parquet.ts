import { open } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetSchema, type AsyncBuffer, type ColumnChunk, type FileMetaData, type DecodedArray, type SchemaTree } from 'hyparquet';
import { assembleNested } from 'hyparquet/src/assemble.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { getTreePath } from 'hyparquet/src/schema.js';
import type { ColumnDecoder } from 'hyparquet/src/types.js';
import { classLabelRelabelers } from './class-labels.js';
import { leaves, recordOf } from './json.js';
import { parquetCompressors } from './parquet-codecs.js';
import { chunkWeight, DecodeBudget, type DecodeStats } from './parquet-budget.js';
import { BudgetError, ColumnPages, type ReadCount } from './parquet-pages.js';
import type { DataRow, ReadStatus } from './types.js';

export { decimalText } from './parquet-pages.js';

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

/** Rows assembled at once, at most (fewer when rows are wide: `DecodeBudget.batchRows`). */
const BATCH_ROWS = 4096;

/** For tests and benchmarks. */
export interface ParquetReadOptions {
  /** Estimated decoded bytes held at most (`DECODE_BUDGET`). */
  budget?: number;
  /** Filled in with what the read held at most. */
  stats?: DecodeStats;
  /**
   * Only these row groups (0-based, inclusive): one chunk of a large file, scanned beside the
   * others on the worker pool. Rows are numbered from 1 within the chunk; merging shifts them.
   */
  rowGroups?: { start: number; end: number };
}

/** The opening `PAR1`, the footer's 4-byte length and the closing `PAR1`. */
const MIN_PARQUET_BYTES = 12;
const MAGIC = 'PAR1';

/**
 * The file's footer; when hyparquet cannot read it, why in words, rather than its own
 * (`Offset is outside the bounds of the DataView` for a file shorter than a footer, `parquet file
 * invalid (footer != PAR1)`): a file that opens with `PAR1` but does not close with it was cut short
 * (a partial download or copy), one that closes with `PARE` has its footer encrypted. Looked at only
 * once the read failed: a good file costs no extra reads.
 */
async function footerOf(file: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file);
  } catch (e) {
    if (file.byteLength < MIN_PARQUET_BYTES) throw new Error(`too short for Parquet (${file.byteLength} bytes; a Parquet file ends with its footer's length and \`PAR1\`)`, { cause: e });
    await checkEnds(file);
    throw e;
  }
}

/** Throws saying how a file's ends show it is no readable Parquet file; returns when they are a Parquet file's. */
async function checkEnds(file: AsyncBuffer): Promise<void> {
  const text = async (start: number) => Buffer.from(await file.slice(start, start + 4)).toString('latin1');
  const last = await text(file.byteLength - 4);
  if (last === MAGIC) return;
  if (last === 'PARE') throw new Error('its footer is encrypted (Parquet modular encryption, `PARE`): nothing can be read without the key');
  if ((await text(0)) === MAGIC) throw new Error(`cut short: it opens with \`PAR1\` but its last bytes are not the footer's closing \`PAR1\` (${file.byteLength} bytes; a partial download or copy?)`);
  throw new Error('neither opens nor ends with `PAR1`: not a Parquet file');
}

/**
 * Parquet via hyparquet's page decoders, read page by page: the footer first, then each row group
 * in batches of up to `BATCH_ROWS` rows, every column chunk streamed from the file a page at a
 * time. Memory is bounded by `DecodeBudget` (pages kept whole while they fit, read again per batch
 * past that), whatever the size of a row group (pyarrow's default is a million rows, often the
 * whole file) or the number of columns. Nested columns (lists, structs, maps) assemble per batch
 * and flatten to field paths (`messages[2].content`, `meta.ssn`). A row group that does not decode
 * (a broken page, a codec not read) is named in `skipped` and the row groups after it are read; a
 * footer that does not parse, or rows too wide for the memory budget, stop the file (a throw).
 */
export async function* readParquet(absPath: string, status: ReadStatus, maxRows: number, opts: ParquetReadOptions = {}, skipped: string[] = []): AsyncGenerator<DataRow> {
  const file = await asyncBufferFromFile(absPath);
  const metadata = await footerOf(file);
  const schema = parquetSchema(metadata);
  status.columns = schema.children.map((c) => c.element.name);
  const only = opts.rowGroups;
  const inRange = (g: number) => !only || (g >= only.start && g <= only.end);
  const total = only ? metadata.row_groups.reduce((sum, rg, g) => sum + (inRange(g) ? Number(rg.num_rows) : 0), 0) : Number(metadata.num_rows);
  // `datasets` ClassLabel ids as their class names (the Hub's Parquet conversion keeps the metadata).
  const relabel = classLabelRelabelers(metadata.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value);
  const fh = await open(absPath, 'r');
  const count: ReadCount = { read: 0 };
  const budget = new DecodeBudget(opts.budget, opts.stats);
  try {
    let row = 0;
    let left = 0;
    for (const [g, rg] of metadata.row_groups.entries()) {
      if (!inRange(g)) continue;
      const groupRows = Number(rg.num_rows);
      const first = row;
      const columns: ColumnPages[] = [];
      try {
        for (const chunk of rg.columns) columns.push(new ColumnPages(fh, count, chunk, chunk.meta_data?.path_in_schema.join('.') ?? '', decoderOf(schema, chunk), file.byteLength, budget, rg.columns.length));
        // Wide rows make short batches.
        const perRow = rg.columns.reduce((sum, c) => sum + chunkWeight(c), 0) / Math.max(1, groupRows);
        let size = budget.batchRows(perRow, BATCH_ROWS);
        for (let s = 0; s < groupRows; ) {
          if (row >= maxRows) {
            status.truncated = true;
            return;
          }
          const k = Math.min(size, groupRows - s);
          let leafData: Map<string, DecodedArray>;
          try {
            leafData = await batch(columns, k, groupRows);
          } catch (e) {
            if (!(e instanceof BudgetError)) throw e;
            throw new TooWide(`too wide to read within the memory budget, rows ${row + 1}-${total} not read (row group ${g + 1}, ${columns.length} columns): ${e.message}`, { cause: e });
          }
          const top = topColumns(schema, leafData);
          for (let j = 0; j < k; j++) {
            const o: Record<string, unknown> = {};
            for (const [name, data] of top) o[name] = data[j];
            if (relabel.size) for (const [name, fn] of relabel) if (o[name] !== undefined && o[name] !== null) o[name] = fn(o[name]);
            status.rows = ++row;
            const ls = leaves(o, '', [], 0);
            yield { row, cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: true })), record: recordOf(ls) };
          }
          s += k;
          // The next batch is sized by what this one held (the footer's estimate counts every value
          // at its dearest: a dictionary-encoded value is a fraction of it), never below half of it.
          size = budget.batchRows(Math.max(perRow / 2, budget.endBatch() / k), BATCH_ROWS);
        }
      } catch (e) {
        // Rows too wide stop the file; a row group that does not decode is left out, the next one read.
        if (e instanceof TooWide) throw e;
        budget.endBatch();
        // A file whose every row group is broken is not read to its end group by group.
        if (++left > MAX_LEFT_OUT) throw new Error(`over ${MAX_LEFT_OUT} row groups do not decode; the rest of the file not read (row group ${g + 1}: ${(e as Error).message.split('\n')[0]})`, { cause: e });
        skipped.push(`row group ${g + 1} (rows ${first + 1}-${first + groupRows}) not read${row > first ? ` past row ${row}` : ''}: ${(e as Error).message.split('\n')[0]}`);
        row = first + groupRows;
      } finally {
        for (const c of columns) c.close();
      }
    }
    if (row < total) status.truncated = true;
  } finally {
    // The bytes read from the file: each page once (the footer aside), however many batches.
    status.bytes = count.read;
    await fh.close();
  }
}

/** Row groups left out (each named) before a file is taken for broken throughout and stops. */
const MAX_LEFT_OUT = 100;

/** Rows too wide for the memory budget: the file stops there (the rest of it is as wide). */
class TooWide extends Error {}

/** The next `k` rows of every leaf column. */
async function batch(columns: ColumnPages[], k: number, groupRows: number): Promise<Map<string, DecodedArray>> {
  const leafData = new Map<string, DecodedArray>();
  for (const c of columns) {
    await c.fill(k);
    const d = c.take(k);
    if (d.length < k) throw new Error(`column ${c.name} holds fewer values than its row group's ${groupRows} rows`);
    leafData.set(c.name, d);
  }
  return leafData;
}

/** How hyparquet decodes a column chunk: its schema path, codec and parsers. */
function decoderOf(schema: SchemaTree, chunk: ColumnChunk): ColumnDecoder {
  const meta = chunk.meta_data;
  if (!meta) throw new Error('column chunk without metadata');
  if (chunk.file_path) throw new Error(`column chunk kept in another file (${chunk.file_path}); not read`);
  const schemaPath = getTreePath(schema, meta.path_in_schema);
  return {
    pathInSchema: meta.path_in_schema,
    type: meta.type,
    element: schemaPath[schemaPath.length - 1]!.element,
    schemaPath,
    codec: meta.codec,
    parsers: PARSERS,
    compressors: parquetCompressors,
    utf8: true,
  };
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
