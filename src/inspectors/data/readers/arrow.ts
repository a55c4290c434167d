import { open, type FileHandle } from 'node:fs/promises';
import type { RecordBatch, Vector } from 'apache-arrow';
import { lz4Frames, zstdFrames } from './arrow-codecs.js';
import { isArrowFile } from '../../../core/index.js';
import { END_OF_STREAM, fileBlocks, ipcMessages } from './arrow-messages.js';
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

/**
 * The record batches of a file or stream, each with the body length it was read with. A stream is
 * read message by message through {@link ipcMessages}; a file (which may keep its schema in the
 * footer only, as apache-arrow's own writer does) through Arrow's file reader, once every block
 * its footer lists has been checked by {@link fileBlocks}.
 */
async function* batchesOf(m: ArrowModule, fh: FileHandle, size: number, read: { bytes: number }): AsyncGenerator<{ batch: RecordBatch; body: number }> {
  const head = new Uint8Array(8);
  await fh.read(head, 0, 8, 0);
  if (isArrowFile(head)) {
    const { dictionaries, recordBatches } = await fileBlocks(fh, size);
    const reader = await m.RecordBatchReader.from(fh);
    await reader.open();
    read.bytes = dictionaries.concat(recordBatches).reduce((a, b) => a + b.metaDataLength + b.bodyLength, 0);
    let k = 0;
    for await (const batch of reader) yield { batch, body: recordBatches[k++]?.bodyLength ?? 0 };
    return;
  }
  let last = 0;
  const messages = ipcMessages(fh, size, read);
  async function* framed(): AsyncGenerator<Uint8Array> {
    for await (const msg of messages) {
      last = msg.length;
      yield msg;
    }
    yield END_OF_STREAM;
  }
  const reader = await m.RecordBatchReader.from(framed());
  await reader.open();
  for await (const batch of reader) yield { batch, body: last };
}

/** Reads an Arrow IPC file or stream at `absPath` as rows, stopping after `maxRows`. */
export async function* readArrow(absPath: string, status: ReadStatus, maxRows: number): AsyncGenerator<DataRow> {
  const m = await arrow();
  const fh = await open(absPath, 'r');
  const read = { bytes: 0 };
  try {
    let row = 0;
    for await (const { batch, body } of batchesOf(m, fh, (await fh.stat()).size, read)) {
      status.columns ??= batch.schema.fields.map((f) => f.name);
      checkRows(m, batch, body);
      const names = batch.schema.fields.map((f) => f.name);
      const columns = names.map((_, c) => batch.getChildAt(c) as Vector | null);
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
        for (let c = 0; c < names.length; c++) {
          const v = columns[c]?.get(j);
          o[names[c]!] = v === null || v === undefined ? undefined : convert[c]!(v);
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
