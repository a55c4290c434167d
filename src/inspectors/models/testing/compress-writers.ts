import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { gzipSync, zlibSync } from 'fflate';
import { crc32 } from './zip-writer.js';
import { concat } from './format-writers.js';

const require = createRequire(import.meta.url);

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function u32le(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

/**
 * A valid `.xz` stream whose single LZMA2 block holds the data as uncompressed chunks (what
 * `xz` emits for incompressible input): enough to test the xz path without an xz encoder.
 */
export function xzStored(data: Uint8Array): Uint8Array {
  const flags = [0x00, 0x00];
  const header = Uint8Array.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, ...flags, ...u32le(crc32(Uint8Array.from(flags)))]);
  const bh = Uint8Array.from([0x02, 0x00, 0x21, 0x01, 0x08, 0x00, 0x00, 0x00]);
  const blockHeader = concat([bh, Uint8Array.from(u32le(crc32(bh)))]);
  const chunks: Uint8Array[] = [];
  for (let o = 0; o < data.length || o === 0; o += 0x10000) {
    const piece = data.subarray(o, Math.min(data.length, o + 0x10000));
    if (piece.length === 0) break;
    chunks.push(Uint8Array.from([o === 0 ? 0x01 : 0x02, (piece.length - 1) >> 8, (piece.length - 1) & 0xff]), piece);
  }
  chunks.push(Uint8Array.from([0x00]));
  const compressed = concat(chunks);
  const unpadded = blockHeader.length + compressed.length;
  const blockPad = new Uint8Array((4 - (unpadded % 4)) % 4);
  const indexBody = [0x00, ...varint(1), ...varint(unpadded), ...varint(data.length)];
  while (indexBody.length % 4) indexBody.push(0);
  const index = Uint8Array.from([...indexBody, ...u32le(crc32(Uint8Array.from(indexBody)))]);
  const backward = [...u32le(index.length / 4 - 1), ...flags];
  const footer = Uint8Array.from([...u32le(crc32(Uint8Array.from(backward))), ...backward, 0x59, 0x5a]);
  return concat([header, blockHeader, compressed, blockPad, index, footer]);
}

/** `.lzma` (LZMA-alone, what joblib's `lzma` compressor writes) via the pure-JS encoder. */
export function lzmaAlone(data: Uint8Array): Uint8Array {
  const lzma = require('lzma-purejs') as { compressFile(input: Uint8Array): Uint8Array };
  return Uint8Array.from(lzma.compressFile(data));
}

export function gzip(data: Uint8Array): Uint8Array {
  return gzipSync(data);
}

export function zlib(data: Uint8Array): Uint8Array {
  return zlibSync(data);
}

/**
 * bzip2 has no pure-JS encoder with a compatible licence here; when python3 is on PATH its
 * standard `bz2` module compresses (nothing is unpickled). Undefined when python3 is absent.
 */
export function bzip2ViaPython(data: Uint8Array): Uint8Array | undefined {
  const r = spawnSync('python3', ['-c', 'import bz2,sys;sys.stdout.buffer.write(bz2.compress(sys.stdin.buffer.read()))'], { input: data, maxBuffer: 1 << 28 });
  if (r.status !== 0 || !r.stdout?.length) return undefined;
  return new Uint8Array(r.stdout);
}

export { lz4Stored } from '../../../core/testing/lz4-stored.js';
export { zstdStored } from '../../../core/testing/zstd-stored.js';
