import { Lz4FrameStream } from '../../../core/index.js';
import { MAX_PAGE_BYTES, mib, parquetCompressors } from './parquet-codecs.js';

/**
 * Decompressors for Arrow IPC body buffers (the IPC format's two codecs: LZ4 frame and zstd;
 * pyarrow's Feather writer uses LZ4 by default). Both are bounded: a buffer never decompresses to
 * more than it declares, nor to more than MAX_BUFFER_BYTES.
 */

/** Largest decompressed buffer (the same limit as one Parquet page). */
export const MAX_BUFFER_BYTES = MAX_PAGE_BYTES;

/** The declared size, checked before anything is allocated for it. */
function declared(codec: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${codec} buffer declares an invalid uncompressed size (${n})`);
  if (n > MAX_BUFFER_BYTES) throw new Error(`${codec} buffer declares ${mib(n)} uncompressed, over the ${mib(MAX_BUFFER_BYTES)} limit for one buffer; not decompressed`);
  return n;
}

/**
 * LZ4 frames into exactly `n` bytes, through core's `Lz4FrameStream` (the decoder the `.lz4` files
 * and joblib's LZ4 pickles go through: linked blocks, skippable frames, no dictionary, checksums
 * not verified). The declared size is checked before anything is allocated, and the output is
 * refused the moment it passes it: at most one block (4 MiB) beyond what was declared is decoded.
 */
export function lz4Frames(input: Uint8Array, n: number): Uint8Array {
  declared('LZ4', n);
  const out = new Uint8Array(n);
  let o = 0;
  new Lz4FrameStream((chunk) => {
    if (o + chunk.length > n) throw new Error(`LZ4 buffer decompresses past the ${n} bytes it declares (decompression stopped there)`);
    out.set(chunk, o);
    o += chunk.length;
  }).push(input, true);
  if (o !== n) throw new Error(`LZ4 buffer decompressed to ${o} bytes, not the ${n} it declares`);
  return out;
}

/** zstd frames into exactly `n` bytes: Parquet's bounded decoder (window and size checks) under Arrow's name for the unit. */
export function zstdFrames(input: Uint8Array, n: number): Uint8Array {
  declared('ZSTD', n);
  try {
    return parquetCompressors.ZSTD!(input, n);
  } catch (e) {
    throw new Error((e as Error).message.replace(/\bpage\b/g, 'buffer'), { cause: e });
  }
}
