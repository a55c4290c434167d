import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateGzipHead } from './gzip-head.js';

describe('inflateGzipHead', () => {
  it("gives the opening of a cut gzip stream's text, bounded, and nothing for what is no gzip", () => {
    const text = `<?xml version="1.0"?>\n<rss version="2.0"><channel>${'<item><title>news</title></item>'.repeat(5000)}</channel></rss>`;
    const opening = inflateGzipHead(gzipSync(text).subarray(0, 4096))!.toString('latin1');
    expect(opening.length).toBeGreaterThan(4096);
    expect(text.startsWith(opening)).toBe(true);
    // A bomb's head: a million zeros compress to ~1 KiB; at most 64 KiB of them come back.
    expect(inflateGzipHead(gzipSync(Buffer.alloc(1 << 20)).subarray(0, 4096))!.length).toBeLessThanOrEqual(64 * 1024);
    expect(inflateGzipHead(Buffer.from('<rss version="2.0">'))).toBeUndefined();
    // A gzip header cut short holds no text.
    expect(inflateGzipHead(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad]))?.length ?? 0).toBe(0);
  });
});
