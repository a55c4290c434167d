import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipHead } from './gzip-head.js';

describe('gunzipHead', () => {
  it("gives the opening of a cut gzip stream's text, bounded, and nothing for what is no gzip", () => {
    const text = `<?xml version="1.0"?>\n<rss version="2.0"><channel>${'<item><title>news</title></item>'.repeat(5000)}</channel></rss>`;
    const head = gzipSync(text).subarray(0, 4096);
    const opening = Buffer.from(gunzipHead(head)!).toString('latin1');
    expect(text.startsWith(opening)).toBe(true);
    expect(opening.length).toBe(8192);
    // A bomb's head: a million zeros compress to ~1 KiB; only 8 KiB of them come back.
    expect(gunzipHead(gzipSync(Buffer.alloc(1 << 20)).subarray(0, 4096))!.length).toBe(8192);
    expect(gunzipHead(Buffer.from('<rss version="2.0">'))).toBeUndefined();
    expect(gunzipHead(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad]))).toBeUndefined();
  });
});
