import { constants, gunzipSync } from 'node:zlib';

/** Inflated bytes kept from a gzip head: enough to see how the content starts, far below a bomb. */
const MAX_INFLATED = 64 * 1024;

/**
 * How a gzip file's content starts, inflated from the compressed head the walker already read (no
 * further I/O), or undefined when the head cannot be inflated (another codec, corrupt). A
 * truncated stream is expected here, so the inflater flushes what it has instead of failing, and
 * output past MAX_INFLATED is cut off rather than produced.
 */
export function inflateGzipHead(head: Uint8Array): Buffer | undefined {
  // Past the cap zlib throws instead of truncating; a highly compressible head is still readable
  // from its start, so inflate less of it (a gzip header is 10 bytes; deflate inflates ≤ 1032:1).
  for (let n = head.length; n >= 16; n = n >> 1) {
    try {
      return gunzipSync(head.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_INFLATED });
    } catch (e) {
      if (!(e instanceof RangeError)) return undefined;
    }
  }
  return undefined;
}
