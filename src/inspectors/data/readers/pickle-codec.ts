import type { StreamCodec } from './types.js';
import { isZlibPickle } from './pickle-joblib-zlib.js';

/**
 * A pickle's own name, with joblib's compressor suffixes that the content decides (`.z`, `.lzma`);
 * or joblib's `.z` alone (`joblib.dump(obj, 'cache.z')` is zlib by that suffix) and `.gz` (joblib
 * 0.10 wrote zlib under it whatever the suffix), which must then inflate to a pickle.
 */
export const PACKED_PICKLE_NAME = /\.(?:pkl|pickle|pck|joblib)(?:\.z|\.lzma)?$|\.g?z$/;

/** The pickle names of PACKED_PICKLE_NAME (without the bare `.z` and `.gz`). */
const PICKLE_STEM = /\.(?:pkl|pickle|pck|joblib)(?:\.z|\.lzma)?$/;

/** The walker's sniffed types of the compressed streams a pickle is read through. */
const BY_SNIFF: Readonly<Record<string, StreamCodec | 'gzip'>> = { gzip: 'gzip', bzip2: 'bzip2', xz: 'xz', zstd: 'zstd', lzma: 'lzma', lz4: 'lz4' };

/**
 * How a compressed pickle named as a pickle is decompressed, or null when it is no such file.
 * joblib writes the compressed stream under whatever name it is given: `joblib.dump(df,
 * 'features.joblib', compress=3)` is zlib, `compress=('xz', 3)` an xz stream, still named
 * `.joblib`; and it picks the compressor from joblib's own suffixes (`.z` zlib, `.lzma` legacy
 * LZMA) as from the common ones (`.gz`, `.bz2`, `.xz`, read by name elsewhere). So the content
 * decides: zlib when the head inflates to a pickle's PROTO, else the compressed stream the walker
 * sniffed.
 */
export function pickleCodec(name: string, sniffed: string, head: Uint8Array | undefined): StreamCodec | 'gzip' | null {
  if (!PACKED_PICKLE_NAME.test(name)) return null;
  if (head && isZlibPickle(head)) return 'zlib';
  // A bare `.z` or `.gz` is a pickle only when it inflates to one (a gzip `.gz` is read by its suffix elsewhere).
  return PICKLE_STEM.test(name) ? (BY_SNIFF[sniffed] ?? null) : null;
}
