import { lz4Block, MAX_PAGE_BYTES, mib, parquetCompressors } from './parquet-codecs.js';

/**
 * Decompressors for Arrow IPC body buffers (the IPC format's two codecs: LZ4 frame and zstd;
 * pyarrow's Feather writer uses LZ4 by default). Both are bounded: a buffer never decompresses to
 * more than it declares, nor to more than MAX_BUFFER_BYTES.
 */

/** Largest decompressed buffer (the same limit as one Parquet page). */
export const MAX_BUFFER_BYTES = MAX_PAGE_BYTES;

const LZ4_FRAME_MAGIC = 0x184d2204;
/** Block maximum sizes by the frame descriptor's BD code (4 → 64 KiB … 7 → 4 MiB). */
const LZ4_BLOCK_MAX = [0, 0, 0, 0, 1 << 16, 1 << 18, 1 << 20, 1 << 22];


/** The declared size, checked before anything is allocated for it. */
function declared(codec: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${codec} buffer declares an invalid uncompressed size (${n})`);
  if (n > MAX_BUFFER_BYTES) throw new Error(`${codec} buffer declares ${mib(n)} uncompressed, over the ${mib(MAX_BUFFER_BYTES)} limit for one buffer; not decompressed`);
  return n;
}

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/**
 * LZ4 frames (the LZ4F format: magic, frame descriptor, blocks of at most the declared block size,
 * each compressed or stored, an end mark, optional checksums) into exactly `n` bytes. Blocks are
 * linked by default (a block's matches may reach into the ones before it): they are decoded into
 * one buffer, so they can. Checksums are not verified (the content is read, not trusted).
 */
export function lz4Frames(input: Uint8Array, n: number): Uint8Array {
  declared('LZ4', n);
  const bad = (what: string) => new Error(`LZ4 frame is corrupt (${what})`);
  const out = new Uint8Array(n);
  let i = 0;
  let o = 0;
  while (i < input.length) {
    if (i + 4 > input.length) throw bad('truncated frame');
    const magic = u32(input, i);
    if (magic >>> 4 === 0x184d2a5) {
      // A skippable frame: its size, then that many bytes.
      if (i + 8 > input.length) throw bad('truncated skippable frame');
      i += 8 + u32(input, i + 4);
      if (i > input.length) throw bad('skippable frame runs past the buffer');
      continue;
    }
    if (magic !== LZ4_FRAME_MAGIC) throw bad('not an LZ4 frame');
    i += 4;
    if (i + 3 > input.length) throw bad('truncated frame descriptor');
    const flg = input[i]!;
    const bd = input[i + 1]!;
    if (flg >> 6 !== 1) throw bad(`frame version ${flg >> 6}`);
    const independent = (flg >> 5) & 1;
    const blockChecksum = (flg >> 4) & 1;
    const contentSize = (flg >> 3) & 1;
    const contentChecksum = (flg >> 2) & 1;
    if (flg & 1) throw new Error('LZ4 frame needs a dictionary; Arrow has none');
    const blockMax = LZ4_BLOCK_MAX[(bd >> 4) & 7]!;
    if (!blockMax) throw bad(`block size code ${(bd >> 4) & 7}`);
    // FLG, BD, the optional 8-byte content size, then one header-checksum byte.
    i += 2 + (contentSize ? 8 : 0) + 1;
    if (i > input.length) throw bad('truncated frame descriptor');
    const frameStart = o;
    for (;;) {
      if (i + 4 > input.length) throw bad('truncated block size');
      const word = u32(input, i);
      i += 4;
      if (word === 0) break;
      const stored = word >>> 31;
      const size = word & 0x7fffffff;
      if (size > blockMax) throw bad(`block of ${size} bytes over the frame's ${blockMax}-byte blocks`);
      if (i + size > input.length) throw bad('block runs past the buffer');
      const block = input.subarray(i, i + size);
      if (stored) {
        if (o + size > n) throw new Error(`LZ4 buffer decompresses past the ${n} bytes it declares (decompression stopped there)`);
        out.set(block, o);
        o += size;
      } else {
        const limit = Math.min(n, o + blockMax);
        const end = lz4Block(block, out.subarray(0, limit), o, independent ? o : frameStart);
        o = end;
      }
      i += size + (blockChecksum ? 4 : 0);
    }
    if (contentChecksum) i += 4;
    if (i > input.length) throw bad('truncated checksum');
  }
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
