import { GitFormatError } from './errors.js';

/** The two sizes a git delta opens with, and where its instructions start. */
export interface DeltaHeader {
  baseSize: number;
  targetSize: number;
  /** Offset of the first instruction. */
  start: number;
}

/** Reads one of the delta header's little-endian base-128 sizes. */
function readSize(delta: Uint8Array, pos: number, file: string): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (pos >= delta.length) throw new GitFormatError(file, 'delta header is truncated');
    const b = delta[pos++]!;
    // Multiplication, not <<, so sizes past 2^31 stay exact; past 2^53 no real object goes.
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [value, pos];
    if (shift > 49) throw new GitFormatError(file, 'delta size does not fit in 53 bits');
  }
}

/** Parses the sizes at the head of a delta; `delta` may be just its first bytes. */
export function deltaHeader(delta: Uint8Array, file: string): DeltaHeader {
  const [baseSize, p1] = readSize(delta, 0, file);
  const [targetSize, start] = readSize(delta, p1, file);
  return { baseSize, targetSize, start };
}

/**
 * Applies a git delta (copy-from-base and insert instructions) to its base. Every instruction is
 * checked against the base and the declared target size before a byte is written, so a hostile
 * delta can neither read outside its base nor grow past what it declared.
 */
export function applyDelta(base: Buffer, delta: Buffer, file: string, maxSize: number): Buffer {
  const { baseSize, targetSize, start } = deltaHeader(delta, file);
  if (baseSize !== base.length) throw new GitFormatError(file, `delta expects a base of ${baseSize} bytes, the base has ${base.length}`);
  if (targetSize > maxSize) throw new GitFormatError(file, `delta target of ${targetSize} bytes is over the ${maxSize}-byte limit`);
  const out = Buffer.allocUnsafe(targetSize);
  let o = 0;
  let p = start;
  while (p < delta.length) {
    const op = delta[p++]!;
    if (op & 0x80) {
      let offset = 0;
      let size = 0;
      // Bits 0-3 say which offset bytes follow, bits 4-6 which size bytes; absent bytes are zero.
      for (let i = 0; i < 4; i++) {
        if (op & (1 << i)) {
          if (p >= delta.length) throw new GitFormatError(file, 'delta copy instruction is truncated');
          offset += delta[p++]! * 2 ** (8 * i);
        }
      }
      for (let i = 0; i < 3; i++) {
        if (op & (0x10 << i)) {
          if (p >= delta.length) throw new GitFormatError(file, 'delta copy instruction is truncated');
          size += delta[p++]! << (8 * i);
        }
      }
      if (size === 0) size = 0x10000;
      if (offset + size > base.length) throw new GitFormatError(file, `delta copies bytes ${offset}..${offset + size} from a base of ${base.length}`);
      if (o + size > targetSize) throw new GitFormatError(file, `delta writes past its declared target size ${targetSize}`);
      base.copy(out, o, offset, offset + size);
      o += size;
    } else if (op !== 0) {
      if (p + op > delta.length) throw new GitFormatError(file, 'delta insert instruction is truncated');
      if (o + op > targetSize) throw new GitFormatError(file, `delta writes past its declared target size ${targetSize}`);
      delta.copy(out, o, p, p + op);
      o += op;
      p += op;
    } else {
      throw new GitFormatError(file, 'delta has the reserved instruction 0');
    }
  }
  if (o !== targetSize) throw new GitFormatError(file, `delta produced ${o} bytes, declared ${targetSize}`);
  return out;
}
