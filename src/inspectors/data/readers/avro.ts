import { AvroDecoder } from './avro-decode.js';
import { avroCodec, MAX_BLOCK_BYTES } from './avro-codecs.js';
import { parseAvroSchema, type AvroType } from './avro-schema.js';
import { AvroInput, Budget, MAX_RESYNC_BYTES, readHeader, type AvroHeader } from './avro-input.js';
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

/** Blocks left out (each named) before a file is taken for broken throughout and stops, as Parquet's row groups. */
const MAX_LEFT_OUT = 100;

/** A block that is whole (its sync marker matched) but does not decode: it alone is left out. */
class BadBlock extends Error {}

/**
 * Reads an Avro object container file's records as rows, `maxRows` at most (`truncated` set when it
 * stops early). `bounds.end`, the file's length when known, bounds every claimed size, and so does
 * the byte budget. A block that does not decode (its codec's data, its record count, a value) is
 * left out and named in `skipped`, and the next block read; one whose extent is unsure (its head or
 * size wrong, its sync marker not the header's) is left out up to the next copy of the header's
 * random 16-byte sync marker, searched for within MAX_RESYNC_BYTES, and read on from the block
 * after it (which must decode in turn). No marker after it, or over MAX_LEFT_OUT blocks left out,
 * stops the file: a throw naming the block by its byte, the rows before it kept. A chunk
 * (`bounds.from`) numbers its rows from 1 (they are shifted when the chunks are merged); what it
 * says of a block names it by its byte alone, as one pass does.
 */
export async function* readAvro(chunks: AsyncIterable<Uint8Array>, status: ReadStatus, maxRows: number, bounds: AvroBounds = {}, skipped: string[] = []): AsyncGenerator<DataRow> {
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
    const marker = Buffer.from(sync.buffer, sync.byteOffset, 16);
    let row = 0;
    let left = 0;
    for (;;) {
      const at = input.offset;
      const where = `the block at byte ${at}`;
      const first = row;
      let count = 0;
      // What was taken of the block past its head: searched first for the next sync marker.
      let held: Uint8Array = new Uint8Array(0);
      try {
        const c = await input.long(`${where}'s record count`, true);
        if (c === undefined) return;
        count = c;
        const bytes = (await input.long(`${where}'s size`))!;
        if (count < 0 || bytes < 0) throw new Error(`${where} claims ${count} records in ${bytes} bytes (corrupt)`);
        if (bytes > MAX_BLOCK_BYTES) throw new Error(`${where} claims ${mib(bytes)}, over the ${mib(MAX_BLOCK_BYTES)} read per block`);
        input.claim(bytes, 16, where);
        held = await input.take(bytes, where);
        const end = await input.take(16, `${where}'s sync marker`);
        if (!marker.equals(end)) {
          held = Buffer.concat([held, end]);
          throw new Error(`${where}: sync marker mismatch (corrupt, or its size is wrong)`);
        }
        let plain: Uint8Array;
        try {
          plain = await codec(held);
        } catch (e) {
          throw new BadBlock((e as Error).message, { cause: e });
        }
        if (perRow === 0) {
          // Records of nothing but nulls: nothing to read in them.
          if (row + count > maxRows) status.truncated = true;
          status.rows = row = Math.min(maxRows, row + count);
          if (status.truncated) return;
          continue;
        }
        if (count * perRow > plain.length) throw new BadBlock(`it claims ${count} records in ${plain.length} bytes, more than they could hold (corrupt)`);
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
            throw new BadBlock(`its record ${i + 1}: ${(e as Error).message}`, { cause: e });
          }
          status.rows = ++row;
          const ls = leaves(isRecord ? v : { value: v }, '', [], 0);
          yield { row, cells: ls.map((l) => ({ text: l.value, field: l.path, verbatim: true })), record: recordOf(ls) };
        }
        if (dec.left) throw new BadBlock(`${dec.left} bytes are left after its ${count} records (corrupt, or not written with this schema)`);
      } catch (e) {
        if (e instanceof Budget || !(e instanceof Error)) throw e;
        const why = e.message.split('\n')[0]!;
        // A file whose every block is broken is not read to its end block by block.
        if (++left > MAX_LEFT_OUT) throw new Error(`over ${MAX_LEFT_OUT} blocks do not decode; the rest of the file not read (${e instanceof BadBlock ? `${where}: ` : ''}${why})`, { cause: e });
        if (e instanceof BadBlock) {
          const done = row - first;
          skipped.push(`${where} (${count} records) not read${done ? ` past its record ${done}` : ''}: ${why}`);
          // Counted and numbered as if read (as the split's walk counts them, so a chunk's rows and a
          // pass's agree), unless the count is past belief.
          if (count * Math.max(perRow, 1) <= MAX_BLOCK_BYTES) status.rows = row = first + count;
          continue;
        }
        // Its extent is unsure: read on after the next sync marker (the file's own, random: found
        // by chance in a block's data once in 2^128 tries).
        if (!(await input.resync(marker, held, MAX_RESYNC_BYTES))) throw new Error(`${why}; no sync marker follows it to read on from`, { cause: e });
        skipped.push(`bytes ${at}–${input.offset - 1} not read (${why}); read on after the sync marker that ends them`);
      }
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
