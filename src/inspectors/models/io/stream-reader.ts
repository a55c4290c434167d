import type { ByteSource } from './byte-source.js';

/** Thrown when a stream ends before a value it promised; the caller reports what came before. */
export class TruncatedError extends Error {
  constructor(readonly offset: number, what: string) {
    super(`stream ends at byte ${offset} inside ${what}`);
    this.name = 'TruncatedError';
  }
}

const CHUNK = 1 << 20;
const HOP_CHUNK = 64 << 10;

/**
 * A forward reader over a `ByteSource` that holds at most one chunk (plus the largest value asked
 * for) in memory. Large payloads are skipped by moving the offset, never read. The fast path is
 * synchronous: callers `await ensure(n)` only when `available < n`.
 */
export class StreamReader {
  /** A Buffer so short strings decode natively (`toString('utf8', a, b)`), without JS loops. */
  buf: Buffer = Buffer.alloc(0);
  /** Absolute offset of `buf[0]` in the source. */
  bufStart: number;
  pos = 0;
  /** Bytes read from disk, for the bench. */
  bytesLoaded = 0;

  constructor(
    readonly src: ByteSource,
    start = 0,
    readonly end = src.size,
  ) {
    this.bufStart = start;
  }

  get offset(): number {
    return this.bufStart + this.pos;
  }

  get available(): number {
    return this.buf.length - this.pos;
  }

  get atEnd(): boolean {
    return this.offset >= this.end;
  }

  /**
   * The next chunk, requested as soon as the current one arrived, so the disk read overlaps the
   * parsing of the current chunk instead of adding to it. One chunk at most: memory stays bounded.
   */
  private ahead: { at: number; bytes: Promise<Uint8Array> } | undefined;
  /** Set when `skip` jumped past the buffer. */
  private skipped = false;

  /** Makes `n` bytes available in `buf` from `pos`; false when the source ends first. */
  async ensure(n: number): Promise<boolean> {
    if (this.buf.length - this.pos >= n) return true;
    const at = this.offset;
    const keep = this.buf.subarray(this.pos);
    // Right after a skip past the buffer the reader is hopping over payloads: a small read finds the
    // next opcode without pulling a whole chunk of payload bytes that the next skip would drop.
    const want = Math.min(Math.max(n, this.skipped ? HOP_CHUNK : CHUNK), this.end - at) - keep.length;
    if (want <= 0) return keep.length >= n;
    const from = at + keep.length;
    const ahead = this.ahead;
    this.ahead = undefined;
    let more = ahead && ahead.at === from ? await ahead.bytes : undefined;
    // A prefetched chunk is CHUNK bytes; only a request for more than that needs a read of its own.
    if (!more || (more.length < want && from + more.length < this.end)) more = await this.src.read(from, want);
    this.bytesLoaded += more.length;
    const next0 = from + more.length;
    // After a skip the reader is hopping over payloads: the chunk after this one would be skipped too.
    const sequential = !this.skipped;
    this.skipped = false;
    if (sequential && next0 < this.end) {
      const bytes = this.src.read(next0, Math.min(CHUNK, this.end - next0));
      // Marked handled now: a prefetch nobody awaits (the scan stopped) must not be an unhandled rejection.
      bytes.catch(() => undefined);
      this.ahead = { at: next0, bytes };
    }
    // Nothing left of the old chunk (the usual case): the new bytes become the buffer as they are.
    if (keep.length === 0) this.buf = Buffer.from(more.buffer, more.byteOffset, more.length);
    else {
      const next = Buffer.allocUnsafe(keep.length + more.length);
      next.set(keep, 0);
      next.set(more, keep.length);
      this.buf = next;
    }
    this.bufStart = at;
    this.pos = 0;
    return this.buf.length >= n;
  }

  /** Moves forward `n` bytes without reading them; false if that runs past the end. */
  skip(n: number): boolean {
    if (this.buf.length - this.pos >= n) {
      this.pos += n;
      return true;
    }
    const target = this.offset + n;
    this.skipped = true;
    this.bufStart = Math.min(target, this.end);
    this.buf = Buffer.alloc(0);
    this.pos = 0;
    return target <= this.end;
  }

  /** Byte at `pos + i` (caller ensured). */
  at(i: number): number {
    return this.buf[this.pos + i]!;
  }

  /** Copies out `n` bytes (caller ensured) and advances. */
  take(n: number): Uint8Array {
    // A copy: Buffer#slice would be a view that keeps the whole chunk alive.
    const out = new Uint8Array(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  /** Reads a `\n`-terminated line of at most `max` bytes (without the newline), or undefined. */
  async line(max: number): Promise<Uint8Array | undefined> {
    let scanned = 0;
    for (;;) {
      const idx = this.buf.indexOf(0x0a, this.pos + scanned);
      if (idx >= 0 && idx - this.pos <= max) {
        const out = new Uint8Array(this.buf.subarray(this.pos, idx));
        this.pos = idx + 1;
        return out;
      }
      scanned = this.buf.length - this.pos;
      if (scanned > max) return undefined;
      if (!(await this.ensure(scanned + 4096)) && this.buf.length - this.pos === scanned) return undefined;
    }
  }
}
