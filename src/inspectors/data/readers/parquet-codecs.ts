import { brotliDecompressSync, unzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { snappyUncompress, type CompressionCodec, type Compressors } from 'hyparquet';
import { lz4Block, MAX_ZSTD_WINDOW, zstdWindowSize } from '../../../core/index.js';

export { lz4Block } from '../../../core/index.js';

/**
 * Page decompressors for every codec real Parquet writers use (pyarrow, polars, Spark, DuckDB,
 * fastparquet): SNAPPY, GZIP, BROTLI, ZSTD, LZ4 (Hadoop-framed, or a bare block as old
 * parquet-cpp wrote it) and LZ4_RAW. hyparquet passes each page's expected uncompressed size from
 * its header; every decompressor here refuses a page that claims more than `MAX_PAGE_BYTES` before
 * allocating anything, never writes past the claimed size, and fails a page whose content does not
 * come out at exactly that size. A hostile page therefore costs at most one page buffer.
 */

/**
 * Largest uncompressed page read (256 MiB). Writers keep pages near 1 MiB (pyarrow, polars,
 * Spark); fastparquet writes one page per column chunk, which is still far below this.
 */
export const MAX_PAGE_BYTES = 256 << 20;

/** A zstd block never holds more than 128 KiB of content. */
const ZSTD_BLOCK_MAX = 1 << 17;

/** A byte count as MiB, for messages. */
export function mib(n: number): string {
  return `${(n / (1 << 20)).toFixed(n < 1 << 20 ? 2 : 0)} MiB`;
}

/** The claimed size, checked before anything is allocated for it. */
function claimed(codec: CompressionCodec, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${codec} page header gives an invalid uncompressed size (${n})`);
  if (n > MAX_PAGE_BYTES) throw new Error(`${codec} page claims ${mib(n)} uncompressed, over the ${mib(MAX_PAGE_BYTES)} limit for one page; not decompressed`);
  return n;
}

function exactly(codec: CompressionCodec, out: Uint8Array, n: number): Uint8Array {
  if (out.length !== n) throw new Error(`${codec} page decompressed to ${out.length} bytes, not the ${n} its header claims`);
  return out;
}

/** zlib's output bound, reported as the page's fault rather than Node's buffer message. */
function zlibBounded(codec: CompressionCodec, run: () => Uint8Array, n: number): Uint8Array {
  try {
    return exactly(codec, run(), n);
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`${codec} page inflates past the ${n} bytes its header claims (decompression stopped there)`, { cause: e });
    throw new Error(`${codec} page is corrupt: ${(e as Error).message}`, { cause: e });
  }
}

function gzip(input: Uint8Array, n: number): Uint8Array {
  claimed('GZIP', n);
  // `unzip` takes gzip (what parquet-cpp and parquet-mr write) and zlib streams alike, as Arrow does.
  return zlibBounded('GZIP', () => unzipSync(input, { maxOutputLength: Math.max(1, n) }), n);
}

function brotli(input: Uint8Array, n: number): Uint8Array {
  claimed('BROTLI', n);
  return zlibBounded('BROTLI', () => brotliDecompressSync(input, { maxOutputLength: Math.max(1, n) }), n);
}

function snappy(input: Uint8Array, n: number): Uint8Array {
  claimed('SNAPPY', n);
  // The stream starts with its own length (a varint): it must be the page's.
  let len = 0;
  for (let i = 0, shift = 0; i < input.length && i < 5; i++, shift += 7) {
    len += (input[i]! & 0x7f) * 2 ** shift;
    if (input[i]! < 0x80) break;
  }
  if (len !== n) throw new Error(`SNAPPY page holds ${len} bytes, not the ${n} its header claims`);
  const out = new Uint8Array(n);
  snappyUncompress(input, out);
  return out;
}

function lz4Raw(input: Uint8Array, n: number): Uint8Array {
  claimed('LZ4_RAW', n);
  const out = new Uint8Array(n);
  const end = lz4Block(input, out, 0);
  if (end !== n) throw new Error(`LZ4_RAW page decompressed to ${end} bytes, not the ${n} its header claims`);
  return out;
}

/**
 * The deprecated LZ4 codec: parquet-mr and Arrow ≥ 1.0 write Hadoop's framing (big-endian
 * uncompressed and compressed sizes before each block); older parquet-cpp wrote a bare block.
 * Like Arrow, the framing is tried first and a bare block is the fallback.
 */
function lz4Hadoop(input: Uint8Array, n: number): Uint8Array {
  claimed('LZ4', n);
  const out = new Uint8Array(n);
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  let i = 0;
  let o = 0;
  let framed = input.length >= 8;
  while (framed && i < input.length) {
    if (i + 8 > input.length) {
      framed = false;
      break;
    }
    const outLen = view.getUint32(i);
    const inLen = view.getUint32(i + 4);
    i += 8;
    if (inLen > input.length - i || outLen > n - o) {
      framed = false;
      break;
    }
    try {
      if (lz4Block(input.subarray(i, i + inLen), out.subarray(0, o + outLen), o) !== o + outLen) framed = false;
    } catch {
      framed = false;
    }
    i += inLen;
    o += outLen;
  }
  if (framed && o === n) return out;
  out.fill(0);
  const end = lz4Block(input, out, 0);
  if (end !== n) throw new Error(`LZ4 page decompressed to ${end} bytes, not the ${n} its header claims`);
  return out;
}

/**
 * ZSTD: the frames are walked first (headers and block headers only, no decoding) to bound what
 * each can produce and to refuse windows over zstd's default limit; then each frame is decoded by
 * fzstd into the page buffer when the frame states its size, or on its own otherwise.
 */
function zstd(input: Uint8Array, n: number): Uint8Array {
  claimed('ZSTD', n);
  const bad = (what: string) => new Error(`ZSTD page is corrupt (${what})`);
  const out = new Uint8Array(n);
  let i = 0;
  let o = 0;
  while (i < input.length) {
    const start = i;
    if (i + 4 > input.length) throw bad('truncated frame');
    const magic = (input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16) | (input[i + 3]! << 24)) >>> 0;
    if (magic >>> 4 === 0x184d2a5) {
      // A skippable frame: 4 bytes of size, then that many bytes.
      if (i + 8 > input.length) throw bad('truncated skippable frame');
      i += 8 + (input[i + 4]! | (input[i + 5]! << 8) | (input[i + 6]! << 16)) + input[i + 7]! * 2 ** 24;
      if (i > input.length) throw bad('skippable frame runs past the page');
      continue;
    }
    if (magic !== 0xfd2fb528) throw bad('not a zstd frame');
    i += 4;
    if (i >= input.length) throw bad('truncated frame header');
    const fhd = input[i++]!;
    const singleSegment = (fhd >> 5) & 1;
    const checksum = (fhd >> 2) & 1;
    const dictIdBytes = [0, 1, 2, 4][fhd & 3]!;
    const fcsCode = fhd >> 6;
    const fcsBytes = fcsCode === 0 ? singleSegment : 1 << fcsCode;
    let window = 0;
    if (!singleSegment) {
      if (i >= input.length) throw bad('truncated frame header');
      window = zstdWindowSize(input[i++]!);
    }
    if (i + dictIdBytes + fcsBytes > input.length) throw bad('truncated frame header');
    if (dictIdBytes && input.subarray(i, i + dictIdBytes).some((b) => b !== 0)) throw new Error('ZSTD page needs a dictionary; Parquet has none');
    i += dictIdBytes;
    let size: number | undefined;
    if (fcsBytes) {
      size = 0;
      for (let k = fcsBytes - 1; k >= 0; k--) size = size * 256 + input[i + k]!;
      if (fcsBytes === 2) size += 256;
      i += fcsBytes;
    }
    if (size !== undefined && size > n - o) throw new Error(`ZSTD page inflates past the ${n} bytes its header claims (decompression stopped there)`);
    // A frame of known size is decoded into the page buffer, which is also its window; only one
    // without a size gets a window of its own.
    if (size === undefined && window > MAX_ZSTD_WINDOW) throw new Error(`ZSTD page needs a ${mib(window)} window, over zstd's default ${mib(MAX_ZSTD_WINDOW)} limit; not decompressed`);
    // The blocks: the most content each can hold bounds the frame.
    let most = 0;
    for (;;) {
      if (i + 3 > input.length) throw bad('truncated block header');
      const h = input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16);
      i += 3;
      const type = (h >> 1) & 3;
      const bsize = h >> 3;
      if (type === 3) throw bad('reserved block type');
      const body = type === 1 ? 1 : bsize;
      if (i + body > input.length) throw bad('block runs past the page');
      most += type === 2 ? ZSTD_BLOCK_MAX : bsize;
      i += body;
      if (h & 1) break;
    }
    if (checksum) i += 4;
    if (i > input.length) throw bad('truncated checksum');
    if (size === undefined && most > MAX_PAGE_BYTES) throw new Error(`ZSTD page may inflate to ${mib(most)}, over the ${mib(MAX_PAGE_BYTES)} limit for one page; not decompressed`);
    const frame = input.subarray(start, i);
    try {
      if (size !== undefined) {
        // fzstd writes straight into the page buffer (it is also the window): nothing else is allocated.
        zstdDecompress(frame, out.subarray(o, o + size));
        o += size;
      } else {
        const part = zstdDecompress(frame);
        if (part.length > n - o) throw new Error(`ZSTD page inflates past the ${n} bytes its header claims (decompression stopped there)`);
        out.set(part, o);
        o += part.length;
      }
    } catch (e) {
      if ((e as Error).message.startsWith('ZSTD page')) throw e;
      throw new Error(`ZSTD page is corrupt (${(e as Error).message})`, { cause: e });
    }
  }
  if (o !== n) throw new Error(`ZSTD page decompressed to ${o} bytes, not the ${n} its header claims`);
  return out;
}

/** hyparquet's `compressors` option: one bounded decompressor per codec. */
export const parquetCompressors: Compressors = {
  SNAPPY: snappy,
  GZIP: gzip,
  BROTLI: brotli,
  ZSTD: zstd,
  LZ4: lz4Hadoop,
  LZ4_RAW: lz4Raw,
};
