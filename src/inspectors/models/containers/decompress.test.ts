import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { bzip2ViaPython, gzip, lzmaAlone, xzStored, zlib, zstdStored } from '../testing/compress-writers.js';
import { decompress, decompressHead, DecompressError, LimitError, pushInPieces } from './decompress.js';

const data = new TextEncoder().encode('hello model '.repeat(3000));

describe('decompress', () => {
  it('round-trips gzip, zlib, zstd (raw blocks), xz (stored LZMA2) and lzma-alone', async () => {
    for (const [codec, bytes] of [['gzip', gzip(data)], ['zlib', zlib(data)], ['zstd', zstdStored(data)], ['xz', xzStored(data)], ['lzma', lzmaAlone(data)]] as const) {
      const out = await decompress(codec, memorySource(bytes), 0, bytes.length, 1 << 24);
      expect(out.length, codec).toBe(data.length);
      expect(out.subarray(0, 12)).toEqual(data.subarray(0, 12));
    }
  }, 30_000);
  it('round-trips bzip2 when python3 can make one', async (t) => {
    const bz = bzip2ViaPython(data);
    if (!bz) return t.skip('python3 not available to write a bzip2 fixture');
    const out = await decompress('bzip2', memorySource(bz), 0, bz.length, 1 << 24);
    expect(out.length).toBe(data.length);
  }, 30_000);
  it('refuses output over the cap (bombs) for every codec', async () => {
    for (const [codec, bytes] of [['gzip', gzip(data)], ['zstd', zstdStored(data)], ['xz', xzStored(data)], ['lzma', lzmaAlone(data)]] as const) {
      await expect(decompress(codec, memorySource(bytes), 0, bytes.length, 1000), codec).rejects.toBeInstanceOf(LimitError);
    }
    // 2 GiB of one byte in 64 KiB of RLE blocks: stopped at the cap, block by block.
    const bomb = zstdStored(new Uint8Array(0), { byte: 0, blocks: 16_384 });
    await expect(decompress('zstd', memorySource(bomb), 0, bomb.length, 1 << 20)).rejects.toBeInstanceOf(LimitError);
    expect((await decompressHead('zstd', memorySource(bomb), 0, bomb.length, 64)).length).toBe(64);
  }, 30_000);
  it('reports corrupt data as a DecompressError', async () => {
    await expect(decompress('xz', memorySource(Uint8Array.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 1, 2, 3])), 0, 9, 1000)).rejects.toBeInstanceOf(DecompressError);
  }, 30_000);
});

describe('decompression bombs', () => {
  it('feeds a stream in bounded pieces and stops as soon as enough came out', () => {
    const pushed: number[] = [];
    let out = 0;
    // Each input byte "inflates" to 1,000 output bytes, as zeros at deflate's best ratio do.
    const stream = { push: (c: Uint8Array) => void (pushed.push(c.length), (out += c.length * 1000)) };
    pushInPieces(stream, new Uint8Array(1 << 20), 16 << 10, true, () => out >= 40 << 20);
    expect(Math.max(...pushed)).toBe(16 << 10);
    expect(pushed).toHaveLength(3);
  });

  it('reads the head of a highly compressed stream (64 MB of zeros in under 1 MiB)', async () => {
    const bomb = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
    expect(bomb.length).toBeLessThan(1 << 20);
    const head = await decompressHead('gzip', memorySource(bomb), 0, bomb.length, 4096);
    expect(head).toEqual(new Uint8Array(4096));
  });
});
