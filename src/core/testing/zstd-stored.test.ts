import { decompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import { zstdStored } from './zstd-stored.js';

describe('zstdStored (test writer)', () => {
  it('writes frames a zstd decoder reads back, with and without the content size, with RLE blocks after the data', () => {
    const data = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) & 255);
    expect(decompress(zstdStored(data))).toEqual(data);
    expect(decompress(zstdStored(data, { contentSize: true }))).toEqual(data);
    expect(decompress(zstdStored(new Uint8Array(0)))).toEqual(new Uint8Array(0));
    const bomb = decompress(zstdStored(Uint8Array.of(1, 2), { contentSize: true, blocks: 2, byte: 0x61 }));
    expect(bomb.length).toBe(2 + 2 * (1 << 17));
    expect(bomb[2 + (1 << 17)]).toBe(0x61);
  });
});
