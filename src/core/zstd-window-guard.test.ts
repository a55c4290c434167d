import { describe, expect, it } from 'vitest';
import { decompress } from 'fzstd';
import { MAX_ZSTD_WINDOW, ZstdWindowError, ZstdWindowGuard } from './zstd-window-guard.js';

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** A raw block holding `bytes` (last when `last`). */
const raw = (bytes: number[], last: boolean) => {
  const h = (bytes.length << 3) | (last ? 1 : 0);
  return [h & 255, (h >> 8) & 255, (h >> 16) & 255, ...bytes];
};
/** An RLE block of `n` copies of `byte`. */
const rle = (byte: number, n: number, last: boolean) => {
  const h = (n << 3) | (1 << 1) | (last ? 1 : 0);
  return [h & 255, (h >> 8) & 255, (h >> 16) & 255, byte];
};
const hello = [104, 101, 108, 108, 111];
/** A frame with a Window_Descriptor (`wd`), optionally a checksum (4 bytes after the last block). */
const framed = (wd: number, blocks: number[], checksum = false) => [...MAGIC, checksum ? 0x04 : 0x00, wd, ...blocks, ...(checksum ? [0, 0, 0, 0] : [])];
/** A single-segment frame whose content size is written in 8 bytes. */
const single = (size: number, blocks: number[]) => {
  const fcs: number[] = [];
  for (let k = 0, v = size; k < 8; k++, v = Math.floor(v / 256)) fcs.push(v % 256);
  return [...MAGIC, 0xe0, ...fcs, ...blocks];
};
const skippable = (n: number) => [0x50, 0x2a, 0x4d, 0x18, n & 255, (n >> 8) & 255, 0, 0, ...new Array<number>(n).fill(7)];

function feed(bytes: number[], piece: number): void {
  const g = new ZstdWindowGuard();
  const u = Uint8Array.from(bytes);
  for (let i = 0; i < u.length; i += piece) g.feed(u.subarray(i, i + piece));
}

describe('zstd window guard', () => {
  it('passes frames within the limit, in pieces of any size, that fzstd decodes', () => {
    const ok = [...skippable(9), ...framed(0x50, [...raw(hello, false), ...rle(120, 1000, true)], true), ...single(5, raw(hello, true)), ...framed(0x88, raw(hello, true))];
    expect(decompress(Uint8Array.from(ok)).length).toBe(5 + 1000 + 5 + 5);
    for (const piece of [1, 2, 3, 7, 64, ok.length]) expect(() => feed(ok, piece), String(piece)).not.toThrow();
  });

  it('refuses a frame whose window is over 128 MiB, wherever it stands in the stream', () => {
    // 0xA0: 2^(10 + 20) = 1 GiB — fzstd allocated 1.6 GB of memory for these 14 bytes.
    const hostile = framed(0xa0, raw(hello, true));
    for (const bytes of [hostile, [...framed(0x50, [...rle(0, 100, false), ...raw(hello, true)], true), ...hostile], [...skippable(3), ...hostile], single(MAX_ZSTD_WINDOW + 1, raw(hello, true))]) {
      for (const piece of [1, 5, bytes.length]) expect(() => feed(bytes, piece)).toThrow(ZstdWindowError);
    }
    expect(() => feed(framed(0x88, raw(hello, true)), 1)).not.toThrow(); // exactly 128 MiB, as `zstd --long=27` writes
    expect(() => feed(single(MAX_ZSTD_WINDOW, raw(hello, true)), 1)).not.toThrow();
  });
});
