import { AvroDecoder } from './avro-decode.js';
import { avroCodec, MAX_BLOCK_BYTES } from './avro-codecs.js';
import { parseAvroSchema, type AvroType } from './avro-schema.js';
import { AvroInput, Budget, readHeader, type AvroHeader } from './avro-input.js';
import { leaves, recordOf } from './json.js';
import { mib } from './parquet-codecs.js';
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

function headerSchema(bytes: Uint8Array): AvroType {
  try {
    return parseAvroSchema(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`the header's avro.schema: ${(e as Error).message}`, { cause: e });
  }
}

/** Where an Avro stream sits in its file, and what bounds it (see `AvroInputBounds`). */
export interface AvroBounds {
  /** Where the stream ends in the file (its size, or a range's end + 1) when known: a claimed size past it is corrupt. */
  end?: number;
  /** The byte budget (decompressed bytes for a compressed file): a claimed size past what is left of it ends the read, cut short. */
  budget?: number;
  /**
   * A chunk of a split file: the stream starts at `offset`, a block's first byte (just after a
   * sync marker), and the header (schema, codec, sync marker) is read from `header(status)`, the
   * file from its start, then closed.
   */
  from?: { offset: number; header: (status: ReadStatus) => AsyncIterable<Uint8Array> };
}

/**
 * Reads an Avro object container file's records as rows, `maxRows` at most (`truncated` set when it
 * stops early). `bounds.end`, the file's length when known, bounds every claimed size, and so does
 * the byte budget. A corrupt block throws naming the block, its byte and the row it reached; the
 * rows before it are kept. A chunk (`bounds.from`) numbers its rows from 1 and names a corrupt
 * block by its byte and the record in it (its rows are shifted when the chunks are merged).
 */
export async function* readAvro(chunks: AsyncIterable<Uint8Array>, status: ReadStatus, maxRows: number, bounds: AvroBounds = {}): AsyncGenerator<DataRow> {
  const { from } = bounds;
  const input = new AvroInput(chunks, status, { end: bounds.end, budget: bounds.budget, offset: from?.offset });
  try {
    const { meta, sync } = from ? await headerOf(from.header, bounds.budget) : await readHeader(input);
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
      // A chunk does not know how many blocks precede it: its byte names the block.
      const where = from ? `the block at byte ${at}` : `block ${block} at byte ${at}`;
      const count = await input.long(`${where}'s record count`, true);
      if (count === undefined) return;
      const bytes = (await input.long(`${where}'s size`))!;
      if (count < 0 || bytes < 0) throw new Error(`${where} claims ${count} records in ${bytes} bytes (corrupt)`);
      if (bytes > MAX_BLOCK_BYTES) throw new Error(`${where} claims ${mib(bytes)}, over the ${mib(MAX_BLOCK_BYTES)} read per block`);
      input.claim(bytes, 16, where);
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
          throw new Error(`${where}, ${from ? `its record ${i + 1}` : `row ${row + 1}`}: ${(e as Error).message}`, { cause: e });
        }
        status.rows = ++row;
        const ls = leaves(isRecord ? v : { value: v }, '', [], 0);
        yield { row, cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: true })), record: recordOf(ls) };
      }
      if (dec.left) throw new Error(`${where}: ${dec.left} bytes are left after its ${count} records (corrupt, or not written with this schema)`);
    }
  } catch (e) {
    if (!(e instanceof Budget)) throw e;
  } finally {
    // Ended early (row cap, budget, corrupt block): the file and any decompressor are let go now.
    await input.close();
  }
}

/** A chunk's header, read from the file's start (its own stream, closed once read). */
async function headerOf(open: (status: ReadStatus) => AsyncIterable<Uint8Array>, budget?: number): Promise<AvroHeader> {
  // Its bytes are not the chunk's: counted apart, so the merged parts count each byte once.
  const status: ReadStatus = { rows: 0, truncated: false, bytes: 0 };
  const input = new AvroInput(open(status), status, { budget });
  try {
    return await readHeader(input);
  } catch (e) {
    // The budget cut the header short: a chunk with no header has nothing it can read.
    if (e instanceof Budget) throw new Error('the header is larger than the byte budget', { cause: e });
    throw e;
  } finally {
    await input.close();
  }
}
