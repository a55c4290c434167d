import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanModelFile } from './index.js';
import { benignCases } from './testing/benign-cases.js';
import { hostileContainers } from './testing/hostile-containers.js';
import { hostilePickles } from './testing/hostile-pickles.js';
import { hostileSweep } from './testing/hostile-sweep.js';
import type { CorpusCase } from './testing/corpus-types.js';

const all: CorpusCase[] = [...hostilePickles, ...hostileContainers, ...hostileSweep, ...benignCases];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-corpus-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('model corpus', () => {
  it('has at least 60 hostile and 30 benign cases with unique names', () => {
    const hostile = all.filter((c) => c.expect !== 'clean');
    expect(hostile.length).toBeGreaterThanOrEqual(60);
    expect(all.filter((c) => c.expect === 'clean').length).toBeGreaterThanOrEqual(30);
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
  });

  it.each(all.map((c) => [c.name, c] as const))('%s', async (_name, c, ) => {
    const bytes = c.bytes();
    if (!bytes) {
      // Only the bzip2 fixtures need python3's bz2 module to be written; say so rather than pass.
      console.warn(`corpus case ${c.name} skipped: no generator for it here (python3 missing)`);
      return;
    }
    const sub = path.join(dir, c.name);
    await mkdir(path.join(sub, path.dirname(c.file)), { recursive: true });
    await writeFile(path.join(sub, c.file), bytes);
    const res = await scanModelFile(path.join(sub, c.file), c.file);
    const detail = res.problems.map((p) => `${p.level}: ${p.message}`).join('\n');
    expect(res.verdict, `${c.technique}\n${detail}`).toBe(c.expect);
    if (c.expect === 'clean') expect(res.problems).toEqual([]);
    if (c.expect === 'malicious') expect(res.problems.some((p) => p.level === 'malicious')).toBe(true);
  }, 30_000);
});
