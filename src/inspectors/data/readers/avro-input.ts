import { MAX_BLOCK_BYTES } from './avro-codecs.js';
import { ChunkReader } from './chunk-reader.js';
import { mib } from './parquet-codecs.js';
import { isAvroFile } from '../../../core/index.js';
import type { ReadStatus } from './types.js';

/**
 * The byte stream of an Avro object container file, read in pieces with its offset in the file
 * kept: the zigzag varints of its header and block heads, and the header itself (the magic
 * `Obj\x01`, a metadata map, the 16-byte sync marker).
 */

/** Header entries read at most, and bytes of one entry's value (a schema of 10,000 fields is ~1 MB). */
const MAX_META_ENTRIES = 10_000;
const MAX_META_BYTES = 16 << 20;

/**
 * Bytes searched for the next sync marker after a block whose extent is unsure (a bad size or sync
 * marker): a marker lost with its block's end is found at the end of the block after it, and no
 * block is read past MAX_BLOCK_BYTES.
 */
export const MAX_RESYNC_BYTES = 2 * MAX_BLOCK_BYTES + 64;

/** Bytes read at a time while searching for a sync marker. */
const SEARCH_PIECE = 1 << 20;

/** The stream stopped at the byte budget (`byteChunks` said so, or a claim would pass it): the file ends there quietly, as cut short. */
export class Budget extends Error {}

export interface AvroInputBounds {
  /** Where the stream ends in the file (its size, or a range's end + 1), when known: a claimed size past it is corrupt. */
  end?: number;
  /**
   * Bytes the stream may still give (the decompressed byte budget): a claimed size past it ends the
   * read as cut short, not as corrupt — a compressed file's length says nothing of what it holds.
   */
  budget?: number;
  /** The stream's first byte's offset in the file (a chunk of a split file starts past the header). */
  offset?: number;
}

export class AvroInput {
  offset: number;
  private readonly start: number;
  private readonly it: AsyncIterator<Uint8Array>;
  private readonly r: ChunkReader;
  constructor(
    chunks: AsyncIterable<Uint8Array>,
    private readonly status: ReadStatus,
    private readonly bounds: AvroInputBounds = {},
  ) {
    this.offset = this.start = bounds.offset ?? 0;
    this.it = chunks[Symbol.asyncIterator]();
    this.r = new ChunkReader(this.it);
  }

  /** Bytes left before the end of the file (or range). */
  get left(): number {
    return this.bounds.end === undefined ? Infinity : this.bounds.end - this.offset;
  }

  /**
   * Checks a claimed size of `n` bytes (and `more` after them) before any is read: past the end of
   * the file it is corrupt (`what` says where); past the byte budget the read ends there, cut short.
   */
  claim(n: number, more: number, what: string): void {
    if (n + more > this.left) throw new Error(`${what} claims ${n} bytes, past the end of the file (${this.left} bytes left; truncated?)`);
    if (this.bounds.budget !== undefined && n + more > this.bounds.budget - (this.offset - this.start)) {
      this.status.truncated = true;
      throw new Budget();
    }
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

  /**
   * Reads on to just past the next copy of `marker` (a block's sync marker), searching first `held`
   * — bytes already taken that end where the stream now stands — then at most `limit` more bytes of
   * the stream, a piece at a time (never held whole). True when found: the stream then stands at the
   * block after it. False when the stream or the limit ends first; the byte budget ends it as cut short.
   */
  async resync(marker: Uint8Array, held: Uint8Array, limit: number): Promise<boolean> {
    const m = Buffer.from(marker.buffer, marker.byteOffset, marker.length);
    let buf = Buffer.from(held.buffer, held.byteOffset, held.length);
    for (let searched = 0; ; ) {
      // `buf` always ends at `this.offset`.
      const i = buf.indexOf(m);
      if (i >= 0) {
        const rest = buf.subarray(i + m.length);
        this.r.unread(rest);
        this.offset -= rest.length;
        return true;
      }
      if (searched >= limit) return false;
      const piece = await this.r.read(SEARCH_PIECE);
      if (!piece.length) {
        if (this.status.truncated) throw new Budget();
        return false;
      }
      this.offset += piece.length;
      searched += piece.length;
      // A marker may straddle two pieces: the last 15 bytes are searched again with the next.
      buf = Buffer.concat([buf.subarray(Math.max(0, buf.length - (m.length - 1))), piece]);
    }
  }

  /** Stops the stream (its file closed, a decompressor ended) when the read ends before it does. */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}

export interface AvroHeader {
  meta: Map<string, Uint8Array>;
  sync: Uint8Array;
}

/** The header: metadata map (a map of bytes values, in blocks like any Avro map), then the sync marker. */
export async function readHeader(input: AvroInput): Promise<AvroHeader> {
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
  if (n < 0 || n > MAX_META_BYTES) throw new Error(`${what} at byte ${input.offset} claims ${n} bytes, ${n < 0 ? 'a negative length' : `over the ${mib(MAX_META_BYTES)} read`}`);
  input.claim(n, 0, `${what} at byte ${input.offset}`);
  return n;
}
