import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../src/config/index.js';
import { runScan } from '../src/scan/index.js';

/**
 * Train / evaluation overlap through the real pipeline: the data inspector registers each split's
 * record keys per scan and reports an evaluation split sharing records with its training split.
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
    expect(overlap[0]!.message).toMatch(/^3 of 10 record\(s\) of data\/test.jsonl \(30\.0 %\) are also in the training split data\/train.jsonl/);
    expect(result.assets.find((a) => a.id === overlap[0]!.assetId)?.locations[0]?.path).toBe('data/test.jsonl');
  });
});
