import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/config/index.js';
import { Rng } from '../src/inspectors/data/testing/random.js';
import { runScan } from '../src/scan/index.js';
import { runCli } from './cli.js';

/**
 * Train / evaluation overlap through the real pipeline: the data inspector registers each split's
 * record keys (and near-duplicate sketches) per scan and reports an evaluation split sharing
 * records with its training split, exact or near copies.
 */
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('dataset splits in one scan', () => {
  it('sharing records fail the scan on the evaluation file; splits that share none, and other folders, do not', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-splits-'));
    dirs.push(dir);
    await mkdir(path.join(dir, 'data'), { recursive: true });
    await mkdir(path.join(dir, 'other'), { recursive: true });
    const rec = (t: string, label: string) => JSON.stringify({ text: t, label });
    const train = Array.from({ length: 50 }, (_, i) => rec(`training example number ${i} about the refund policy`, i % 2 ? 'pos' : 'neg'));
    const leaked = [train[3]!, train[17]!, rec('Training Example   number 40 about the REFUND policy', 'pos')];
    const test = [...leaked, ...Array.from({ length: 7 }, (_, i) => rec(`held-out example number ${i} about shipping times`, 'neg'))];
    await writeFile(path.join(dir, 'data', 'train.jsonl'), `${train.join('\n')}\n`);
    await writeFile(path.join(dir, 'data', 'test.jsonl'), `${test.join('\n')}\n`);
    await writeFile(path.join(dir, 'other', 'test.jsonl'), `${train.slice(0, 5).join('\n')}\n`);
    const result = await runScan(resolveOptions([dir], {}));
    const overlap = result.findings.filter((f) => f.ruleId === 'data_no_train_test_overlap');
    expect(overlap.map((f) => [f.status, f.location.path, f.properties?.shared, f.properties?.records])).toEqual([['fail', 'data/test.jsonl', 3, 10]]);
    expect(overlap[0]!.message).toMatch(/^3 of 10 record\(s\) of data\/test.jsonl \(30\.0 %\) are also in the training split data\/train.jsonl: 3 exact .*, 0 near-duplicate/);
    expect(result.assets.find((a) => a.id === overlap[0]!.assetId)?.locations[0]?.path).toBe('data/test.jsonl');
  });

  it('near-duplicates of training records (a clause appended, words changed, punctuation redone) count apart from exact copies', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-splits-near-'));
    dirs.push(dir);
    await mkdir(path.join(dir, 'qa'), { recursive: true });
    const r = new Rng(11);
    const train = Array.from({ length: 60 }, () => sentence(r, 50));
    const test = [
      train[0]!,
      `${train[1]!} Answer in one word please`,
      train[2]!.replace(/^\S+ \S+/, 'Some other'),
      train[3]!.replace(/ /g, '; '),
      ...Array.from({ length: 6 }, () => sentence(r, 50)),
    ];
    const jsonl = (xs: string[]) => `${xs.map((t) => JSON.stringify({ prompt: t, label: 'x' })).join('\n')}\n`;
    await writeFile(path.join(dir, 'qa', 'train.jsonl'), jsonl(train));
    await writeFile(path.join(dir, 'qa', 'validation.jsonl'), jsonl(test));
    const result = await runScan(resolveOptions([dir], {}));
    const overlap = result.findings.filter((f) => f.ruleId === 'data_no_train_test_overlap');
    expect(overlap.map((f) => [f.location.path, f.properties?.shared, f.properties?.exact, f.properties?.near, f.properties?.records])).toEqual([['qa/validation.jsonl', 4, 1, 3, 10]]);
    expect(overlap[0]!.message).toMatch(/: 1 exact \(case and spacing aside\), 3 near-duplicate \(≥ 80 % of word 3-shingles shared/);
  });

  it('over 1 MiB, scanned by the built CLI on worker threads in chunks, find what one in-thread pass finds', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-splits-big-'));
    dirs.push(dir);
    await mkdir(path.join(dir, 'data'), { recursive: true });
    const r = new Rng(12);
    const train = Array.from({ length: 3000 }, () => sentence(r, 60));
    const near = Array.from({ length: 40 }, (_, i) => `${train[i * 70]!}. ${sentence(r, 6)}.`);
    const test = [...Array.from({ length: 3000 }, () => sentence(r, 60)), ...near, ...train.slice(2900, 2910)];
    const jsonl = (xs: string[]) => `${xs.map((t) => JSON.stringify({ text: t })).join('\n')}\n`;
    await writeFile(path.join(dir, 'data', 'train.jsonl'), jsonl(train));
    await writeFile(path.join(dir, 'data', 'test.jsonl'), jsonl(test));
    await writeFile(path.join(dir, 'pool.yaml'), 'analyzers:\n  data:\n    workers: 2\n    chunkBytes: 1048576\n');
    await writeFile(path.join(dir, 'inline.yaml'), 'analyzers:\n  data:\n    workers: 0\n');
    const scan = async (config: string) => {
      const run = await runCli(['scan', path.join(dir, 'data'), '--only', 'data', '-c', path.join(dir, config), '-f', 'json', '--no-store', '-q']);
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as { findings: { ruleId: string; properties?: Record<string, unknown> }[] };
      return report.findings.filter((f) => f.ruleId === 'data_no_train_test_overlap').map((f) => f.properties);
    };
    const [pooled, inline] = [await scan('pool.yaml'), await scan('inline.yaml')];
    expect(pooled).toEqual(inline);
    expect(pooled).toHaveLength(1);
    expect(pooled[0]).toMatchObject({ exact: 10, records: 3050 });
    // One-permutation MinHash at Jaccard ≈ 0.9 misses about one pair in 200.
    expect(pooled[0]!.near).toBeGreaterThanOrEqual(38);
  }, 120_000);
});

function sentence(r: Rng, n: number): string {
  return Array.from({ length: n }, () => r.chars(r.int(3, 8), 'abcdefghijklmnopqrstuvwxyz')).join(' ');
}
