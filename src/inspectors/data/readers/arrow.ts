import { open } from 'node:fs/promises';
import type { RecordBatch, Vector } from 'apache-arrow';
import { lz4Frames, zstdFrames } from './arrow-codecs.js';
import { recordBatches, usesDictionary } from './arrow-batches.js';
import { classLabelRelabelers } from './class-labels.js';
import { leaves, recordOf } from './json.js';
import { decimalText } from './parquet.js';
import { MAX_LEAVES } from './json-paths.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * Arrow IPC files and streams: what Hugging Face `datasets` writes (`save_to_disk` shards and its
 * cache, `data-00000-of-00001.arrow`, the stream format) and Feather v2 (the file format; pyarrow
 * compresses it with LZ4 by default). Messages come from {@link ipcMessages}, sizes checked, one
 * record batch at a time; apache-arrow decodes each. Rows flatten to field paths like Parquet's
 * (`messages[1].content`, `meta.ssn`).
 */

type ArrowModule = typeof import('apache-arrow');
let arrowModule: Promise<ArrowModule> | undefined;

/**
 * apache-arrow, loaded on the first Arrow file (most scans meet none), with the IPC codecs
 * registered. Its codec interface hands over a buffer without the int64 uncompressed length that
 * precedes it in the body; the decoder reads it from just before the view it is given.
 */
function arrow(): Promise<ArrowModule> {
  arrowModule ??= import('apache-arrow').then((m) => {
    const withDeclaredLength = (decode: (input: Uint8Array, n: number) => Uint8Array) => ({
      decode(data: Uint8Array): Uint8Array {
        if (data.byteOffset < 8) throw new Error('compressed buffer without its length prefix');
        const n = new DataView(data.buffer, data.byteOffset - 8, 8).getBigInt64(0, true);
        return decode(data, n > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(n));
      },
    });
    // An encoder someone else registered (a writer in the same process) is kept.
    for (const [type, decode] of [[m.CompressionType.LZ4_FRAME, lz4Frames], [m.CompressionType.ZSTD, zstdFrames]] as const) {
      m.compressionRegistry.set(type, { ...m.compressionRegistry.get(type), ...withDeclaredLength(decode) });
    }
    return m;
  });
  return arrowModule;
}

/** Turns one apache-arrow value into plain data for `leaves`. */
type Convert = (v: unknown) => unknown;

interface ArrowType {
  typeId: number;
  scale?: number;
  children?: { name: string; type: ArrowType }[];
  dictionary?: ArrowType;
}

const asIs: Convert = (v) => v;

/**
 * The converter for a column's type, built once per batch from the type tree: lists become arrays
 * (read element by element, at most MAX_LEAVES), structs and maps objects, dates and timestamps
 * dates (apache-arrow gives epoch milliseconds; as dates, like Parquet's, since a bare 13-digit
 * number is a phone or card candidate), decimals exact text (it gives their unscaled 32-bit words),
 * 64-bit integers stay bigints and binary stays bytes (`leaves` keeps it when it is text).
 */
function converter(m: ArrowModule, type: ArrowType, depth = 0): Convert {
  const T = m.Type;
  if (depth > 32) return () => undefined;
  switch (type.typeId) {
    case T.Date:
    case T.Timestamp:
      return (v) => (typeof v === 'number' ? new Date(v) : v);
    case T.Decimal: {
      const scale = type.scale ?? 0;
      return (v) => (v instanceof Uint32Array ? decimalText(wordsToBigInt(v), scale) : typeof v === 'bigint' || typeof v === 'number' ? decimalText(v, scale) : v);
    }
    case T.List:
    case T.LargeList:
    case T.FixedSizeList: {
      const item = converter(m, type.children![0]!.type, depth + 1);
      return (v) => {
        const list = v as { length?: number; get?: (i: number) => unknown } | null;
        if (!list || typeof list.get !== 'function' || typeof list.length !== 'number') return undefined;
        const n = Math.min(list.length, MAX_LEAVES);
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = item(list.get(i));
        return out;
      };
    }
    case T.Struct: {
      const fields = (type.children ?? []).map((f) => [f.name, converter(m, f.type, depth + 1)] as const);
      return (v) => {
        if (!v || typeof v !== 'object') return undefined;
        const row = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [name, conv] of fields) out[name] = conv(row[name]);
        return out;
      };
    }
    case T.Map: {
      // Map<K, V> is a list of {key, value} entries; keys become the field names (`meta.ssn`).
      const entry = type.children?.[0]?.type.children;
      const value = entry?.[1] ? converter(m, entry[1].type, depth + 1) : asIs;
      return (v) => {
        const map = v as { toJSON?: () => Record<string, unknown> } | null;
        if (!map || typeof map.toJSON !== 'function') return undefined;
        const json = map.toJSON();
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(json).slice(0, MAX_LEAVES)) out[k] = value(json[k]);
        return out;
      };
    }
    case T.Dictionary:
      return type.dictionary ? converter(m, type.dictionary, depth + 1) : asIs;
    default:
      return asIs;
  }
}

/** Little-endian 32-bit words of a two's-complement integer, as a bigint. */
export function wordsToBigInt(words: Uint32Array): bigint {
  let n = 0n;
  for (let i = words.length - 1; i >= 0; i--) n = (n << 32n) | BigInt(words[i]!);
  const bits = BigInt(words.length * 32);
  return words.length && words[words.length - 1]! >>> 31 ? n - (1n << bits) : n;
}

/**
 * A batch whose declared row count its buffers cannot hold (a crafted length): every row costs
 * at least one bit of some buffer unless every column is of the null type.
 */
function checkRows(m: ArrowModule, batch: RecordBatch, bodyBytes: number): void {
  if (batch.numRows > 8 * bodyBytes + 64 && batch.schema.fields.some((f) => f.typeId !== m.Type.Null)) {
    throw new Error(`Arrow record batch declares ${batch.numRows} rows in a ${bodyBytes}-byte body; not read`);
  }
}

/** Record batches left out (each named) before a file is taken for broken throughout and stops, as Parquet's row groups. */
const MAX_LEFT_OUT = 100;

/** Rows a batch of `body` bytes can hold (see `checkRows`): a declared count past it is not believed, and numbers nothing. */
function believable(rows: number | undefined, body: number): number {
  return rows !== undefined && rows <= 8 * body + 64 ? rows : 0;
}

/**
 * Reads an Arrow IPC file or stream at `absPath` as rows, stopping after `maxRows`. A record batch
 * that does not decode, or a value in it that cannot be read, is left out (the rest of it) and named
 * in `skipped`, and the next batch read; a dictionary that does not decode leaves out the columns
 * that use it (see `recordBatches`). Rows keep the numbers they have in the file where a batch says
 * how many it holds. A framing that does not hold, or over MAX_LEFT_OUT batches left out, stops the
 * read (a throw).
 */
export async function* readArrow(absPath: string, status: ReadStatus, maxRows: number, skipped: string[] = []): AsyncGenerator<DataRow> {
  const m = await arrow();
  const fh = await open(absPath, 'r');
  const read = { bytes: 0 };
  let left = 0;
  const leaveOut = (what: string, why: string, past = 0) => {
    // A file whose every batch is broken is not read to its end batch by batch.
    if (++left > MAX_LEFT_OUT) throw new Error(`over ${MAX_LEFT_OUT} record batches do not decode; the rest of the file not read (${what}: ${why})`);
    skipped.push(`${what} not read${past ? ` past row ${past}` : ''}: ${why}`);
  };
  const rowsOf = (first: number, n: number) => (n ? ` (rows ${first + 1}-${first + n})` : '');
  try {
    let row = 0;
    for await (const item of recordBatches(m, fh, (await fh.stat()).size, read)) {
      if ('leftOut' in item) {
        if (item.leftOut === 'dictionary') {
          const cols = item.columns.length ? `; column${item.columns.length > 1 ? 's' : ''} ${item.columns.join(', ')} left out of the batches after it` : '';
          leaveOut(`the dictionary batch at byte ${item.at}${item.id === undefined ? '' : ` (dictionary ${item.id})`}`, `${item.why}${cols}`);
          continue;
        }
        const n = believable(item.rows, item.body);
        leaveOut(`the record batch at byte ${item.at}${rowsOf(row, n)}`, item.why);
        status.rows = row += n;
        continue;
      }
      const { batch, at, body, lost } = item;
      status.columns ??= batch.schema.fields.map((f) => f.name);
      const first = row;
      try {
        checkRows(m, batch, body);
      } catch (e) {
        leaveOut(`the record batch at byte ${at}`, (e as Error).message);
        continue;
      }
      const names = batch.schema.fields.map((f) => f.name);
      // Columns whose dictionary did not decode are read without (see recordBatches).
      const columns = names.map((_, c) => (lost && usesDictionary(m, batch.schema.fields[c]!.type as never, lost) ? null : (batch.getChildAt(c) as Vector | null)));
      // `datasets` ClassLabel ids as their class names, wherever they sit in a column's type.
      const relabel = classLabelRelabelers(batch.schema.metadata.get('huggingface'));
      const convert = batch.schema.fields.map((f) => {
        const conv = converter(m, f.type as ArrowType);
        const names = relabel.get(f.name);
        return names ? (v: unknown) => names(conv(v)) : conv;
      });
      for (let j = 0; j < batch.numRows; j++) {
        if (row >= maxRows) {
          status.truncated = true;
          return;
        }
        const o: Record<string, unknown> = {};
        try {
          for (let c = 0; c < names.length; c++) {
            const v = columns[c]?.get(j);
            o[names[c]!] = v === null || v === undefined ? undefined : convert[c]!(v);
          }
        } catch (e) {
          // A body that decoded into values that cannot be read (offsets past its buffers): the rest of the batch.
          leaveOut(`the record batch at byte ${at}${rowsOf(first, batch.numRows)}`, (e as Error).message.split('\n')[0]!, row);
          status.rows = row = first + batch.numRows;
          break;
        }
        status.rows = ++row;
        const ls = leaves(o, '', [], 0);
        yield { row, cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: true })), record: recordOf(ls) };
      }
    }
  } finally {
    status.bytes = read.bytes;
    await fh.close();
  }
}
