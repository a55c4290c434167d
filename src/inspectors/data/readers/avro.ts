import { AvroDecoder } from './avro-decode.js';
import { avroCodec, MAX_BLOCK_BYTES } from './avro-codecs.js';
import { parseAvroSchema, type AvroType } from './avro-schema.js';
import { ChunkReader } from './chunk-reader.js';
import { leaves, recordOf } from './json.js';
import { mib } from './parquet-codecs.js';
import { isAvroFile } from '../../../core/index.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * Apache Avro object container files (`.avro`: BigQuery exports, Kafka Connect sinks, data lakes):
 * the magic `Obj\x01`, a header map (`avro.schema`, the writer's schema as JSON, and `avro.codec`),
 * a 16-byte sync marker, then blocks — a count of records, a byte size, the records (compressed by
 * the codec), the sync marker again. Streamed block by block: each block's claimed size is checked
 * against what is left of the file, and its sync marker against the header's, before it is
 * decompressed; its claimed count against the fewest bytes that many records could take before
 * any is decoded. Each record is a row whose cells are its leaves by field path, as Parquet's
 * (`person.contact.email`, `tags[1]`, `messages[2].content`); columns are the top-level fields.
 */

/** Header entries read at most, and bytes of one entry's value (a schema of 10,000 fields is ~1 MB). */
const MAX_META_ENTRIES = 10_000;
const MAX_META_BYTES = 16 << 20;

/** The stream stopped at the byte budget (`byteChunks` said so): the file ends there quietly, as cut short. */
class Budget extends Error {}

/** A byte stream read in pieces, its offset kept, with the varints of Avro's header and block heads. */
class AvroInput {
  offset = 0;
  private readonly r: ChunkReader;
  constructor(
    chunks: AsyncIterable<Uint8Array>,
    private readonly status: ReadStatus,
    /** The file's size when known: claimed sizes are checked against what is left of it. */
    private readonly size?: number,
  ) {
    this.r = new ChunkReader(chunks[Symbol.asyncIterator]());
  }

  get left(): number {
    return this.size === undefined ? Infinity : this.size - this.offset;
  }

  async take(n: number, what: string): Promise<Uint8Array> {
    const b = await this.r.read(n);
    this.offset += b.length;
    if (b.length < n) {
      if (this.status.truncated) throw new Budget();
      throw new Error(`the file ends inside ${what} (truncated?)`);
    }
    return b;
  }

  /** A zigzag varint as a safe integer; undefined only when `atEnd` allows the stream to end here. */
  async long(what: string, atEnd = false): Promise<number | undefined> {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = await this.r.read(1);
      if (!b.length) {
        if (i === 0 && atEnd && !this.status.truncated) return undefined;
        if (this.status.truncated) throw new Budget();
        throw new Error(`the file ends inside ${what} (truncated?)`);
      }
      this.offset++;
      v += (b[0]! & 0x7f) * mul;
      if (b[0]! < 0x80) {
        if (!Number.isSafeInteger(v)) break;
        return v % 2 ? -(v + 1) / 2 : v / 2;
      }
      mul *= 128;
    }
    throw new Error(`${what} is not a valid number`);
  }
}

/** The header: metadata map (a map of bytes values, in blocks like any Avro map), then the sync marker. */
async function readHeader(input: AvroInput): Promise<{ meta: Map<string, Uint8Array>; sync: Uint8Array }> {
  const magic = await input.take(4, 'its magic');
  if (!isAvroFile(magic)) throw new Error('not an Avro object container file (no Obj\\x01 magic)');
  const meta = new Map<string, Uint8Array>();
  const text = new TextDecoder();
  for (;;) {
    let n = (await input.long('the header'))!;
    if (n === 0) break;
    if (n < 0) {
      n = -n;
      await input.long('the header');
    }
    if (meta.size + n > MAX_META_ENTRIES) throw new Error(`the header holds over ${MAX_META_ENTRIES} entries; not read`);
    for (let i = 0; i < n; i++) {
      const key = text.decode(await input.take(await length(input, 'a header key'), 'a header key'));
      meta.set(key, await input.take(await length(input, 'a header value'), 'a header value'));
    }
  }
  return { meta, sync: await input.take(16, 'the sync marker') };
}

async function length(input: AvroInput, what: string): Promise<number> {
  const n = (await input.long(what))!;
  if (n < 0 || n > MAX_META_BYTES || n > input.left) throw new Error(`${what} at byte ${input.offset} claims ${n} bytes, ${n < 0 ? 'a negative length' : n > input.left ? 'past the end of the file (truncated?)' : `over the ${mib(MAX_META_BYTES)} read`}`);
  return n;
}

function headerSchema(bytes: Uint8Array): AvroType {
  try {
    return parseAvroSchema(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`the header's avro.schema: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Reads an Avro object container file's records as rows, `maxRows` at most (`truncated` set when it
 * stops early). `size`, the file's length when known, bounds every claimed size. A corrupt block
 * throws naming the block, its byte and the row it reached; the rows before it are kept.
 */
export async function* readAvro(chunks: AsyncIterable<Uint8Array>, status: ReadStatus, maxRows: number, size?: number): AsyncGenerator<DataRow> {
  const input = new AvroInput(chunks, status, size);
  try {
    const { meta, sync } = await readHeader(input);
    const schemaBytes = meta.get('avro.schema');
    if (!schemaBytes) throw new Error('the header has no avro.schema');
    const schema = headerSchema(schemaBytes);
    const codec = avroCodec(new TextDecoder().decode(meta.get('avro.codec') ?? new TextEncoder().encode('null')));
    const isRecord = schema.kind === 'record';
    status.columns = isRecord ? schema.fields.map((f) => f.name) : ['value'];
    const dec = new AvroDecoder(new Uint8Array(0));
    const perRow = dec.min(schema);
    let row = 0;
    for (let block = 1; ; block++) {
      const at = input.offset;
      const where = `block ${block} at byte ${at}`;
      const count = await input.long(`${where}'s record count`, true);
      if (count === undefined) return;
      const bytes = (await input.long(`${where}'s size`))!;
      if (count < 0 || bytes < 0) throw new Error(`${where} claims ${count} records in ${bytes} bytes (corrupt)`);
      if (bytes > MAX_BLOCK_BYTES) throw new Error(`${where} claims ${mib(bytes)}, over the ${mib(MAX_BLOCK_BYTES)} read per block`);
      if (bytes + 16 > input.left) throw new Error(`${where} claims ${bytes} bytes, past the end of the file (${input.left} bytes left; truncated?)`);
      const data = await input.take(bytes, where);
      if (!Buffer.from(sync.buffer, sync.byteOffset, 16).equals(await input.take(16, `${where}'s sync marker`))) throw new Error(`${where}: sync marker mismatch (corrupt, or its size is wrong)`);
      let plain: Uint8Array;
      try {
        plain = await codec(data);
      } catch (e) {
        throw new Error(`${where}: ${(e as Error).message}`, { cause: e });
      }
      if (perRow === 0) {
        // Records of nothing but nulls: nothing to read in them.
        if (row + count > maxRows) status.truncated = true;
        status.rows = row = Math.min(maxRows, row + count);
        if (status.truncated) return;
        continue;
      }
      if (count * perRow > plain.length) throw new Error(`${where} claims ${count} records in ${plain.length} bytes, more than they could hold (corrupt)`);
      dec.reset(plain);
      for (let i = 0; i < count; i++) {
        if (row >= maxRows) {
          status.truncated = true;
          return;
        }
        let v: unknown;
        try {
          v = dec.row(schema);
        } catch (e) {
          throw new Error(`${where}, row ${row + 1}: ${(e as Error).message}`, { cause: e });
        }
        status.rows = ++row;
        const ls = leaves(isRecord ? v : { value: v }, '', [], 0);
        yield { row, cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: true })), record: recordOf(ls) };
      }
      if (dec.left) throw new Error(`${where}: ${dec.left} bytes are left after its ${count} records (corrupt, or not written with this schema)`);
    }
  } catch (e) {
    if (!(e instanceof Budget)) throw e;
  }
}
