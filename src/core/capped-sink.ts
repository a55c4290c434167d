/**
 * Decompressed output gathered up to a cap: the sink the pure-JS bzip2, xz and lzma decoders write
 * into (seek-bzip and lzma a byte at a time, xz and the stream decoders a chunk at a time). Past
 * `cap` bytes the next write throws the caller's error, so a decompression bomb stops there
 * whichever inspector opened it. Full buffers are kept as they are, never copied until the end.
 */
export class CappedSink {
  private readonly chunks: Uint8Array[] = [];
  private buf = new Uint8Array(BUFFER);
  private pos = 0;
  /** Bytes written so far (the last write that crossed the cap included). */
  total = 0;

  constructor(
    readonly cap: number,
    /** The error a write past the cap throws (each caller words its own limit). */
    private readonly over: (cap: number) => Error,
  ) {}

  writeByte(b: number): void {
    if (this.pos === this.buf.length) {
      this.chunks.push(this.buf);
      this.buf = new Uint8Array(BUFFER);
      this.pos = 0;
    }
    this.buf[this.pos++] = b;
    if (++this.total > this.cap) throw this.over(this.cap);
  }

  /** `len` bytes of `buffer` from `off` (lzma's output interface); returns `len`. */
  write(buffer: Uint8Array, off: number, len: number): number {
    for (let i = 0; i < len; i++) this.writeByte(buffer[off + i]!);
    return len;
  }

  /** A chunk a stream decoder handed over (kept, not copied). */
  push(chunk: Uint8Array): void {
    this.seal();
    this.total += chunk.length;
    this.chunks.push(chunk);
    if (this.total > this.cap) throw this.over(this.cap);
  }

  /** Everything written so far, also after the cap was passed: at most `n` bytes of it. */
  partial(n: number): Uint8Array {
    return this.join(n);
  }

  /** Everything written, in one array. */
  result(): Uint8Array {
    return this.join(Infinity);
  }

  /** The bytes in the byte buffer go to the chunk list first, so order is kept when a chunk follows. */
  private seal(): void {
    if (!this.pos) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = this.buf.length - this.pos >= 4096 ? this.buf.subarray(this.pos) : new Uint8Array(BUFFER);
    this.pos = 0;
  }

  private join(n: number): Uint8Array {
    this.seal();
    const size = Math.min(n, this.chunks.reduce((a, c) => a + c.length, 0));
    if (this.chunks.length === 1 && this.chunks[0]!.length === size) return this.chunks[0]!;
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of this.chunks) {
      if (at >= size) break;
      out.set(c.subarray(0, size - at), at);
      at += c.length;
    }
    return out;
  }
}

const BUFFER = 64 * 1024;
