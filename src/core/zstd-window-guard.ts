/** zstd's own default decoder limit for a frame's window (`ZSTD_WINDOWLOG_LIMIT_DEFAULT`, 128 MiB). */
export const MAX_ZSTD_WINDOW = 1 << 27;

/** The window a zstd Window_Descriptor byte gives (RFC 8878 §3.1.1.1.2): a power of two and eighths of it. */
export function zstdWindowSize(descriptor: number): number {
  const base = 2 ** (10 + (descriptor >> 3));
  return base + (base / 8) * (descriptor & 7);
}

/** A zstd frame that asks for more window memory than the limit (fzstd would allocate it up front). */
export class ZstdWindowError extends Error {}

const enum S {
  Magic,
  SkipSize,
  Skip,
  Fhd,
  Header,
  Block,
  Body,
}

/**
 * Walks the frames of a zstd stream as its bytes go by — frame headers and block headers only,
 * bodies skipped by their sizes, nothing decoded — and throws `ZstdWindowError` before a frame
 * whose window (its Window_Descriptor, or its content size when it is a single segment) is over
 * `limit`. fzstd allocates a frame's whole window when the frame starts: a 14-byte file claiming
 * a 1 GiB window took 1.6 GB of memory. zstd itself refuses such frames by default, too.
 * Malformed input is left to the decoder, which reports it.
 */
export class ZstdWindowGuard {
  private state = S.Magic;
  private need = 4;
  private acc: number[] = [];
  private skip = 0;
  private headerLen = 0;
  private fhd = 0;
  private lastBlock = false;

  constructor(private readonly limit = MAX_ZSTD_WINDOW) {}

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === S.Skip || this.state === S.Body) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        if (this.skip === 0) this.afterSkip();
        continue;
      }
      this.acc.push(chunk[i++]!);
      if (this.acc.length === this.need) this.step(this.acc);
    }
  }

  private expect(state: S, need: number): void {
    this.state = state;
    this.need = need;
    this.acc = [];
  }

  /** Skips `n` bytes: a skippable frame or a checksum (`S.Skip`, then a frame), or a block body. */
  private skipping(state: S.Skip | S.Body, n: number): void {
    this.state = state;
    this.skip = n;
    this.acc = [];
    if (n === 0) this.afterSkip();
  }

  private afterSkip(): void {
    if (this.state === S.Skip) this.expect(S.Magic, 4);
    else if (!this.lastBlock) this.expect(S.Block, 3);
    else this.skipping(S.Skip, (this.fhd >> 2) & 1 ? 4 : 0);
  }

  private step(b: number[]): void {
    switch (this.state) {
      case S.Magic: {
        const magic = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
        if (magic >>> 4 === 0x184d2a5) return this.expect(S.SkipSize, 4);
        return this.expect(S.Fhd, 1);
      }
      case S.SkipSize:
        return this.skipping(S.Skip, (b[0]! | (b[1]! << 8) | (b[2]! << 16)) + b[3]! * 2 ** 24);
      case S.Fhd: {
        this.fhd = b[0]!;
        const single = (this.fhd >> 5) & 1;
        const fcsCode = this.fhd >> 6;
        this.headerLen = (single ? 0 : 1) + [0, 1, 2, 4][this.fhd & 3]! + (fcsCode === 0 ? single : 1 << fcsCode);
        // Never empty: a frame has a Window_Descriptor, or else (single segment) a content size.
        return this.expect(S.Header, this.headerLen);
      }
      case S.Header: {
        const single = (this.fhd >> 5) & 1;
        let window: number;
        if (!single) window = zstdWindowSize(b[0]!);
        else {
          // A single segment's window is its content size, the last 1, 2, 4 or 8 header bytes.
          const fcsBytes = this.headerLen - [0, 1, 2, 4][this.fhd & 3]!;
          window = 0;
          for (let k = b.length - 1; k >= b.length - fcsBytes; k--) window = window * 256 + b[k]!;
          if (fcsBytes === 2) window += 256;
        }
        if (window > this.limit) throw new ZstdWindowError(`zstd frame needs a ${Math.round(window / 2 ** 20)} MiB window, over zstd's default ${this.limit / 2 ** 20} MiB limit; not decompressed`);
        return this.expect(S.Block, 3);
      }
      case S.Block: {
        const h = b[0]! | (b[1]! << 8) | (b[2]! << 16);
        this.lastBlock = (h & 1) === 1;
        // An RLE block's body is its one byte; raw and compressed blocks give their body's size.
        return this.skipping(S.Body, ((h >> 1) & 3) === 1 ? 1 : h >> 3);
      }
    }
  }
}
