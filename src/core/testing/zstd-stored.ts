/**
 * A zstd frame (RFC 8878) holding the data in raw (stored) blocks: valid zstd without a zstd
 * encoder (Node 20 has none), for tests of the readers that take zstd (the data inspector's
 * `.zst` files and Arrow bodies, the models inspector's compressed pickles). The decoders read
 * these frames as they read `zstd`'s own.
 */

const BLOCK = 1 << 17;

export interface ZstdStoredOptions {
  /**
   * State the content size in the header (a single-segment frame, as zstd's one-shot API and
   * pyarrow write it); otherwise a 1 MiB window descriptor and no size, as the streaming API writes.
   */
  contentSize?: boolean;
  /** After the data, this many RLE blocks of 128 KiB of `byte` each (a decompression bomb: 4 bytes in, 128 KiB out). */
  blocks?: number;
  byte?: number;
}

export function zstdStored(data: Uint8Array, opts: ZstdStoredOptions = {}): Uint8Array {
  const rle = opts.blocks ?? 0;
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd];
  if (opts.contentSize) {
    const n = data.length + rle * BLOCK;
    out.push(0xa0, n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24); // single segment, 4-byte content size
  } else out.push(0x00, 0x50);
  const headers: number[] = [];
  const bodies: (Uint8Array | number)[] = [];
  for (let i = 0; i < data.length; i += BLOCK) {
    const part = data.subarray(i, i + BLOCK);
    headers.push(part.length << 3); // type 0: raw
    bodies.push(part);
  }
  for (let k = 0; k < rle; k++) {
    headers.push((BLOCK << 3) | (1 << 1)); // type 1: RLE, one byte repeated
    bodies.push(opts.byte ?? 0);
  }
  // An empty frame is one empty last raw block.
  if (!headers.length) {
    headers.push(0);
    bodies.push(new Uint8Array(0));
  }
  headers.forEach((h0, k) => {
    const h = h0 | (k === headers.length - 1 ? 1 : 0);
    out.push(h & 255, (h >> 8) & 255, (h >> 16) & 255);
    const body = bodies[k]!;
    if (typeof body === 'number') out.push(body);
    else for (const b of body) out.push(b);
  });
  return Uint8Array.from(out);
}
