import { constants, gunzipSync, inflateSync } from 'node:zlib';

/**
 * Prefixes of the head inflated in turn: a deflate block with dynamic Huffman codes (what zlib
 * writes for anything but tiny input) spends its first ~60–300 bytes on the code tables, so 64
 * bytes of a real `joblib.dump(df, compress=3)` inflated to nothing at all.
 */
const PREFIXES = [64, 512, 2048];
/** At most this much output per try (deflate expands at most ~1032:1: 2 KiB in gives ≤ 2.1 MB). */
const MAX_OUT = 4 << 20;

/**
 * Whether a file opens as a zlib stream (RFC 1950) whose first bytes inflate to a pickle's PROTO:
 * what `joblib.dump(…, compress=3)` writes (its default compressor, whatever the file's name), a
 * header no sniffer names. Only a prefix of the head is inflated (bounded output), so a bomb's
 * head costs nothing.
 */
export function isZlibPickle(head: Uint8Array): boolean {
  const [cmf, flg] = [head[0], head[1]];
  // Deflate, a window of at most 32 KiB, FCHECK, no preset dictionary.
  if (cmf === undefined || flg === undefined || (cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || flg & 0x20) return false;
  return opensAsPickle(head, inflateSync);
}

/**
 * Whether a gzip stream's first bytes inflate to a pickle's PROTO: `joblib.dump(obj, 'cache.gz')`
 * and pandas' `to_pickle('frame.gz')` pick gzip by that suffix alone, so the name inside tells
 * nothing. Bounded as `isZlibPickle` is.
 */
export function isGzipPickle(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b && opensAsPickle(head, gunzipSync);
}

function opensAsPickle(head: Uint8Array, inflate: typeof inflateSync): boolean {
  for (const n of PREFIXES) {
    let out: Buffer;
    try {
      out = inflate(head.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_OUT });
    } catch {
      return false;
    }
    if (out.length >= 2) return out[0] === 0x80 && out[1]! >= 2 && out[1]! <= 5;
    if (n >= head.length) return false;
  }
  return false;
}
