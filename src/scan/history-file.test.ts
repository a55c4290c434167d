import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { dataInspector, SpillFiles } from '../inspectors/data/index.js';
import { Rng } from '../inspectors/data/testing/random.js';
import { scanFileOf } from './history-file.js';

describe('a version from history handed to the data inspector', () => {
  it('is told as a compressed (xz) feed when over a MiB: spilled to a file, its head is read from there', async () => {
    // Random words, so that the feed is over a MiB compressed; an address in its first item.
    const r = new Rng(3);
    const word = () => r.chars(6, 'abcdefghijklmnopqrstuvwxyz');
    const items = Array.from({ length: 6000 }, (_, i) => `<item><title>${i}</title><description>${Array.from({ length: 60 }, word).join(' ')}</description></item>\n`).join('');
    const address = ['helpdesk', ['feeds', 'example'].join('-') + '.org'].join('@');
    const feed = `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>News</title>\n<item><title>Desk</title><description>Write to ${address}</description></item>\n${items}</channel></rss>\n`;
    const xz = spawnSync('xz', ['-c', '-q', '-0'], { input: feed, maxBuffer: 1 << 28 }).stdout;
    expect(xz.length).toBeGreaterThan(1 << 20);
    const spill = new SpillFiles('aispm-history-test-');
    try {
      // As history-scan.ts hands it over: its bytes held, its path a file SpillFiles wrote from 1 MiB on.
      const version = scanFileOf('rag/news.xml.xz', xz);
      version.absPath = (await spill.pathFor(xz))!;
      const out = await dataInspector.analyze(version, { root: '/nowhere', options: {} });
      expect(out.assets!.find((a) => a.kind === 'dataset')?.properties).toMatchObject({ format: 'feed', compression: 'xz', rows: 6001 });
      expect(out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))?.location).toMatchObject({ line: 3, field: 'description' });
    } finally {
      await spill.close();
    }
  });
});
