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
