import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fakeSecrets } from './testing/fakes.js';
import { Rng } from './testing/random.js';
import { inScratchDir } from './testing/scratch-dir.js';
import { inspect } from './testing/scan-file.js';

/** Compressed text outside a data folder is read for secrets, as the same text uncompressed is. */
describe('compressed text read for secrets', () => {
  it("finds a key in a changelog.gz and a rotated log's .gz, masked, at its line", () =>
    inScratchDir('aispm-compressed-text-', async (root) => {
      const key = fakeSecrets(new Rng(3)).find((s) => s.ruleId === 'github-pat')!.value;
      await mkdir(path.join(root, 'doc'));
      await mkdir(path.join(root, 'logs'));
      await writeFile(path.join(root, 'doc', 'changelog.gz'), gzipSync(`release 1.2\n\n  * deploy with token ${key}\n`));
      await writeFile(path.join(root, 'logs', 'app.log.3.gz'), gzipSync(`12:00 start\n12:01 auth ${key}\n`));
      for (const [rel, line] of [['doc/changelog.gz', 3], ['logs/app.log.3.gz', 2]] as const) {
        const out = await inspect(root, rel);
        const secret = out.findings!.find((f) => f.ruleId === 'data_no_hardcoded_secrets');
        expect(secret?.location, rel).toMatchObject({ path: rel, line });
        expect(JSON.stringify(out)).not.toContain(key);
      }
    }));
});

/** A compressed data file that breaks off part-way (a download cut short, a log still being written). */
describe('compressed data cut short', () => {
  it('scans the rows before the break and says the file was read in part (was: the whole file failed, its findings lost)', () =>
    inScratchDir('aispm-compressed-cut-', async (root) => {
      await mkdir(path.join(root, 'data'));
      const mail = (i: number) => `user${i}@${['example', 'org'].join('.')}`;
      const rows = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ text: `ticket ${i} from ${mail(i)} about printer ${i % 13}` })).join('\n');
      const packed = gzipSync(rows);
      await writeFile(path.join(root, 'data', 'tickets.jsonl.gz'), packed.subarray(0, packed.length >> 1));
      const out = await inspect(root, 'data/tickets.jsonl.gz');
      expect(out.findings?.find((f) => f.ruleId === 'data_no_personal_data')?.properties?.entities).toMatchObject({ EMAIL_ADDRESS: expect.any(Number) });
      const said = (out.issues ?? []).map((i) => i.message).join('\n');
      expect(said).toMatch(/the gzip stream broke off, cut short or corrupt \(unexpected end of file\) after \d+ bytes; the rest was not scanned/);
      expect(said).not.toMatch(/inspection failed/);
    }));

  it('still fails a compressed file that yields nothing at all', () =>
    inScratchDir('aispm-compressed-junk-', async (root) => {
      await mkdir(path.join(root, 'data'));
      await writeFile(path.join(root, 'data', 'rows.csv.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]));
      const out = await inspect(root, 'data/rows.csv.gz');
      expect(out.findings ?? []).toEqual([]);
      expect((out.issues ?? []).map((i) => i.message).join('\n')).toMatch(/failed|could not|invalid/);
    }));
});
