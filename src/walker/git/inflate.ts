import zlib from 'node:zlib';
import { GitFormatError } from './errors.js';

/**
 * Inflates a zlib stream whose declared output size is known (a pack entry, a loose object). The
 * output is capped at that size so a deflate bomb cannot outgrow its declaration, and a stream that
 * ends short of it is refused: both mean the object is not what its header claims.
 */
export function inflateExact(input: Uint8Array, size: number, file: string, what: string): Buffer {
  let out: Buffer;
  try {
    // maxOutputLength must be positive; an empty object inflates to nothing all the same.
    out = zlib.inflateSync(input, { maxOutputLength: Math.max(1, size) });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new GitFormatError(file, `${what} inflates to more than its declared ${size} bytes`);
    throw new GitFormatError(file, `${what} does not inflate: ${(err as Error).message}`);
  }
  if (out.length !== size) throw new GitFormatError(file, `${what} inflates to ${out.length} bytes, declared ${size}`);
  return out;
}

/**
 * Inflates as much of the start of a zlib stream as `input` holds: enough to read an object's
 * header or a delta's sizes without inflating the whole object. The input is a few hundred bytes,
 * so the output is bounded by deflate's ratio (about 1032:1) without a cap.
 */
export function inflateHead(input: Uint8Array, file: string, what: string): Buffer {
  try {
    return zlib.inflateSync(input, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (err) {
    throw new GitFormatError(file, `${what} does not inflate: ${(err as Error).message}`);
  }
}
