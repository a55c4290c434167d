import { open, type FileHandle } from 'node:fs/promises';
import { MAX_BLOCK_BYTES } from './avro-codecs.js';
import { AvroInput, MAX_RESYNC_BYTES, readHeader } from './avro-input.js';
import { byteChunks } from './source.js';

/**
 * A large uncompressed Avro file as runs of whole blocks of about `chunk` bytes, so its records can
 * be scanned on several workers at once. Every block ends with the header's 16-byte sync marker,
 * so a run starts just after one; a chunk reads the header from the file's start, then its run.
 *
 * One quick pass finds the runs: each block starts with its record count and byte size (zigzag
 * varints), so the pass reads those few bytes and the sync marker after the block, and jumps over
 * the records. It also counts each run's records, so rows keep the numbers one pass would give
 * even when a chunk stops early (a corrupt block, the row cap): see `scanInChunks`.
 */

export interface AvroRange {
  /** First and last byte of the run (the first run starts at 0, with the header). */
  start: number;
  end: number;
  /** Records its blocks claim. */
  rows: number;
}

/**
 * Blocks walked at most, about 2 s of the pass (a hostile file of empty blocks has one every 18
 * bytes; writers' blocks of 16 to 64 KiB make 4 Mi of them 64 to 256 GiB). Past it, the rest of the
 * file is one last run.
 */
export const MAX_WALKED_BLOCKS = 1 << 22;

/** Bytes read at a time while searching for a sync marker. */
const SEARCH_PIECE = 1 << 20;

/** Bytes read at a time: many small blocks come in one read, a large one costs one read of its head. */
const WINDOW = 16 * 1024;

/**
 * The runs of whole blocks, each of `chunk` bytes or more but the last. Where the pass meets a block
 * that is not whole (a bad size or sync marker) it reads on after the next sync marker, as the
 * reader does (the stretch stays in its run, whose chunk leaves it out and says so); where no
 * marker follows (the file cut short) or it walks past `maxBlocks`, the rest of the file is the
 * last run, read by its chunk as one pass would. A header that cannot be read throws (the file is then scanned as one job).
 */
export async function avroBlockRanges(absPath: string, size: number, chunk: number, maxBlocks = MAX_WALKED_BLOCKS): Promise<AvroRange[]> {
  const status = { rows: 0, truncated: false, bytes: 0 };
  const input = new AvroInput(byteChunks(absPath, { maxBytes: size }, status), status, { end: size });
  let sync: Buffer;
  try {
    const header = await readHeader(input);
    sync = Buffer.from(header.sync);
  } finally {
    await input.close();
  }
  const fh = await open(absPath, 'r');
  try {
    const w = new WindowReader(fh);
    const ranges: AvroRange[] = [];
    let start = 0;
    let rows = 0;
    let pos = input.offset;
    // Reads only when a block's head or sync marker leaves the window: a promise per block cost
    // more than the pass itself on files of small blocks.
    for (let walked = 0; pos < size && walked < maxBlocks; walked++) {
      if (!w.holds(pos, 20)) await w.load(pos);
      const head = blockHead(w.buf, pos - w.from, w.have);
      const syncAt = head ? pos + head.length + head.bytes : size;
      if (syncAt + 16 <= size && !w.holds(syncAt, 16)) await w.load(syncAt);
      if (head && syncAt + 16 <= size && w.buf.subarray(syncAt - w.from, syncAt - w.from + 16).equals(sync)) {
        pos = syncAt + 16;
        rows = Math.min(Number.MAX_SAFE_INTEGER, rows + head.count);
      } else {
        // Not whole: its chunk leaves it out up to the next sync marker, as one pass does; its
        // records are not counted (neither counts them). No marker: the rest is the last run.
        const found = await findMarker(fh, sync, pos, Math.min(size, pos + MAX_RESYNC_BYTES));
        if (found < 0) break;
        pos = found + 16;
      }
      if (pos - start >= chunk && pos < size) {
        ranges.push({ start, end: pos - 1, rows });
        start = pos;
        rows = 0;
      }
    }
    ranges.push({ start, end: size - 1, rows });
    return ranges;
  } finally {
    await fh.close();
  }
}

/** Where the first copy of `marker` at or after `from` starts (before `to`), or -1; read a piece at a time. */
async function findMarker(fh: FileHandle, marker: Buffer, from: number, to: number): Promise<number> {
  const piece = Buffer.alloc(SEARCH_PIECE + marker.length - 1);
  for (let at = from; at + marker.length <= to; at += SEARCH_PIECE) {
    // Each read overlaps the next by 15 bytes: a marker across two pieces is found.
    const { bytesRead } = await fh.read(piece, 0, Math.min(piece.length, to - at), at);
    const i = piece.subarray(0, bytesRead).indexOf(marker);
    if (i >= 0) return at + i;
    if (bytesRead < piece.length) break;
  }
  return -1;
}

/** The record count and byte size of the block head at `b[i]` (bytes before `end`), and its length; undefined when they are not valid. */
function blockHead(b: Uint8Array, i: number, end: number): { count: number; bytes: number; length: number } | undefined {
  const count = varint(b, i, end);
  const bytes = count && varint(b, count.next, end);
  if (!count || !bytes || count.value < 0 || bytes.value < 0 || bytes.value > MAX_BLOCK_BYTES) return undefined;
  return { count: count.value, bytes: bytes.value, length: bytes.next - i };
}

/** A zigzag varint of at most 10 bytes from `b[i]` (before `end`), as a safe integer. */
function varint(b: Uint8Array, i: number, end: number): { value: number; next: number } | undefined {
  let v = 0;
  for (let k = 0, mul = 1; k < 10 && i + k < end; k++, mul *= 128) {
    v += (b[i + k]! & 0x7f) * mul;
    if (b[i + k]! < 0x80) return Number.isSafeInteger(v) ? { value: v % 2 ? -(v + 1) / 2 : v / 2, next: i + k + 1 } : undefined;
  }
  return undefined;
}

/** A file read at positions through a window of WINDOW bytes. */
class WindowReader {
  readonly buf = Buffer.alloc(WINDOW);
  /** The file offset of `buf[0]`, and how many bytes of it were read. */
  from = 0;
  have = 0;
  constructor(private readonly fh: FileHandle) {}

  /** Whether the window holds `n` bytes at `pos` (at the file's end it holds fewer: the callers check against the size). */
  holds(pos: number, n: number): boolean {
    return pos >= this.from && pos + n <= this.from + this.have;
  }

  async load(pos: number): Promise<void> {
    this.from = pos;
    this.have = (await this.fh.read(this.buf, 0, WINDOW, pos)).bytesRead;
  }
}
