import { readFile, stat } from 'node:fs/promises';
import { CappedSink, decodeLzmaAlone, LzmaInputEnded } from '../../../core/index.js';
import { BOMB_RATIO, BOMB_STOP } from './decompression-bomb.js';

/**
 * Compressed input held in memory at most (lzma-purejs decodes a whole buffer in one call). An
 * `.lzma` data file is rare — joblib's `compress='lzma'`, a `.pkl.lzma` — and small.
 */
export const MAX_LZMA_INPUT = 256 * 1024 * 1024;

class LzmaCap extends Error {}

/**
 * A legacy `.lzma` ("LZMA alone": 13-byte header, then the raw stream; what joblib writes for
 * `compress='lzma'` or a `.lzma` name) decoded by lzma-purejs (core's `decodeLzmaAlone`), which
 * has no streaming interface: the output is gathered up to `maxBytes` and to `BOMB_RATIO` times
 * the input plus 64 MiB (a decompression bomb), and a stream that ends early keeps what came
 * before; either way the file is marked cut short, and says why. A header no encoder writes throws.
 */
export async function* lzmaChunks(input: string | Uint8Array, maxBytes: number, status: { truncated: boolean; truncatedBy?: string }): AsyncGenerator<Buffer> {
  const size = typeof input === 'string' ? (await stat(input)).size : input.length;
  if (size > MAX_LZMA_INPUT) throw new Error(`lzma input of ${size} bytes is over the ${MAX_LZMA_INPUT}-byte limit for the in-memory decoder`);
  const bytes = typeof input === 'string' ? await readFile(input) : input;
  const bomb = size * BOMB_RATIO + (64 << 20);
  const cap = Math.min(maxBytes, bomb);
  const sink = new CappedSink(cap, () => new LzmaCap());
  try {
    decodeLzmaAlone(bytes, sink);
  } catch (e) {
    if (!(e instanceof LzmaCap) && !(e instanceof LzmaInputEnded)) throw e;
    status.truncated = true;
    if (e instanceof LzmaInputEnded) status.truncatedBy = e.message;
    else if (cap === bomb) status.truncatedBy = BOMB_STOP;
  }
  const out = sink.partial(cap);
  yield Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
