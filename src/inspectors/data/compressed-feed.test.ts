import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { classifyCompressedFeed } from './compressed-feed.js';
import { inScratchDir } from './testing/scratch-dir.js';

/** `data` through the zstd tool. */
function zstd(data: string): Buffer {
  const r = spawnSync('zstd', ['-c', '-q'], { input: data });
  if (r.error || r.status !== 0) throw new Error(`zstd failed: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

const FEED = '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>News</title><item><title>One</title></item></channel></rss>\n';

describe('a zstd, bzip2 or xz file that may be a feed', () => {
  it('is marked by classify (which cannot decode its head) only when a gzipped one would be looked into', () => {
    const head = zstd(FEED).subarray(0, 4096);
    expect(classify('rag/news.xml.zst', 'zstd', head)).toEqual({ class: 'data', format: 'text', gzip: true, codec: 'zstd', innerExt: '.xml', feedUnseen: true });
    // .rss in a data folder is source text unless it is a feed, as a plain or gzipped one is.
    expect(classify('rag/news.rss.xz', 'xz', head)).toEqual({ class: 'source', format: 'text', gzip: true, codec: 'xz', innerExt: '.rss', feedUnseen: true });
    // Outside a data folder a feed is not looked for, compressed or not.
    expect(classify('docs/news.xml.zst', 'zstd', head)).toEqual({ class: 'source', format: 'text', gzip: true, codec: 'zstd', innerExt: '.xml' });
    expect(classify('rag/notes.txt.zst', 'zstd', head)?.feedUnseen).toBeUndefined();
  });

  it('is a feed by the root element of its first decoded bytes, from the bytes held or, when large, from the first MiB on disk', async () => {
    await inScratchDir('aispm-zfeed-', async (dir) => {
      const file = path.join(dir, 'news.xml.zst');
      await writeFile(file, zstd(FEED));
      const cls = classify('rag/news.xml.zst', 'zstd', zstd(FEED))!;
      const held = await classifyCompressedFeed(cls, { absPath: '/nowhere', size: 100, bytes: async () => zstd(FEED) });
      expect(held).toEqual({ class: 'data', format: 'feed', gzip: true, codec: 'zstd', innerExt: '.xml' });
      // Said to be large: never read whole (bytes() is not called), its head read from disk.
      const large = await classifyCompressedFeed(cls, { absPath: file, size: 3 * 2 ** 30, bytes: () => Promise.reject(new Error('read whole')) });
      expect(large.format).toBe('feed');
      // Text that is not a feed, and bytes that do not decode, stay what classify said.
      expect(await classifyCompressedFeed(cls, { absPath: '/nowhere', size: 100, bytes: async () => zstd('<html><body>no feed</body></html>') })).toBe(cls);
      expect(await classifyCompressedFeed(cls, { absPath: '/nowhere', size: 100, bytes: async () => Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0x58, 7, 0, 0]) })).toBe(cls);
    });
  });
});
