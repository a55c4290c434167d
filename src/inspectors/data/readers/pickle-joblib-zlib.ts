import { constants, inflateSync } from 'node:zlib';

/**
 * Whether a file opens as a zlib stream (RFC 1950) whose first bytes inflate to a pickle's PROTO:
 * what `joblib.dump(…, compress=3)` writes (its default compressor, whatever the file's name), a
 * header no sniffer names. Only the first 64 bytes are inflated, so a bomb's head costs nothing.
 */
export function isZlibPickle(head: Uint8Array): boolean {
  const [cmf, flg] = [head[0], head[1]];
  // Deflate, a window of at most 32 KiB, FCHECK, no preset dictionary.
  if (cmf === undefined || flg === undefined || (cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || flg & 0x20) return false;
  try {
    const out = inflateSync(head.subarray(0, 64), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 17 });
    return out.length >= 2 && out[0] === 0x80 && out[1]! >= 2 && out[1]! <= 5;
  } catch {
    return false;
  }
}
