import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../src/core/index.js';
import { fileAssetId } from '../src/core/index.js';
import { benignCases } from '../src/inspectors/models/testing/benign-cases.js';
import { hostileContainers } from '../src/inspectors/models/testing/hostile-containers.js';
import { hostilePickles } from '../src/inspectors/models/testing/hostile-pickles.js';
import { runCli } from './cli.js';

/**
 * Issue 3's "done when", through the real CLI: the whole generated corpus in one tree,
 * `aispm scan DIR --only models` gives every file its verdict and flags no benign file.
 */
const all = [...hostilePickles, ...hostileContainers, ...benignCases];
let dir = '';

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('aispm scan --only models on the generated corpus', () => {
  it('gives every corpus file its verdict and flags no benign file', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'aispm-models-cli-'));
    const expected = new Map<string, string>();
    for (const c of all) {
      const bytes = c.bytes();
      if (!bytes) continue; // the bzip2 cases need python3 to be written; the corpus test says so
      const rel = `${c.name}/${c.file}`;
      await mkdir(path.join(dir, path.dirname(rel)), { recursive: true });
      await writeFile(path.join(dir, rel), bytes);
      expected.set(rel, c.expect);
    }
    const r = await runCli(['scan', dir, '--only', 'models', '--format', 'json', '--no-store', '-q']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScanResult;
    const verdicts = new Map(report.assets.filter((a) => a.kind === 'model-file').map((a) => [a.id, a.properties.verdict]));
    const wrong: string[] = [];
    for (const [rel, want] of expected) {
      const got = verdicts.get(fileAssetId('model-file', rel)) ?? 'not scanned';
      if (got !== want) wrong.push(`${rel}: want ${want}, got ${String(got)}`);
    }
    expect(wrong).toEqual([]);
    const benign = new Set([...expected].filter(([, v]) => v === 'clean').map(([k]) => fileAssetId('model-file', k)));
    const flagged = report.findings.filter((f) => f.status === 'fail' && benign.has(f.assetId));
    expect(flagged).toEqual([]);
  }, 120_000);
});
