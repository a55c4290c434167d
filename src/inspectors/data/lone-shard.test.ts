import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { isLoneShard, kindOf } from './lone-shard.js';
import { parseDataOptions } from './options.js';
import { scanPart } from './scan-part.js';

describe('lone dataset files', () => {
  let root = '';
  const record = JSON.stringify({ text: 'a record long enough to be compared with the records of other shards of its dataset' });
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'aispm-lone-'));
    await mkdir(path.join(root, 'one'));
    await mkdir(path.join(root, 'many'));
    await writeFile(path.join(root, 'one', 'train.jsonl'), record + '\n');
    await writeFile(path.join(root, 'one', 'notes.csv'), 'a,b\n1,2\n');
    await writeFile(path.join(root, 'one', 'labels.jsonl.gz'), '');
    for (const k of [0, 1]) await writeFile(path.join(root, 'many', `part-${k}.jsonl`), record + '\n');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('tells a file alone of its kind in its folder from a shard among others', async () => {
    const scan = {};
    expect(await isLoneShard(scan, path.join(root, 'one', 'train.jsonl'))).toBe(true);
    expect(await isLoneShard(scan, path.join(root, 'many', 'part-0.jsonl'))).toBe(false);
    // A folder that cannot be listed: not lone (its records are sketched).
    expect(await isLoneShard(scan, path.join(root, 'gone', 'x.jsonl'))).toBe(false);
  });

  it('names a kind by its extension, with the one before a compression suffix', () => {
    expect(['part-0.JSONL', 'part-0.jsonl.gz', 'train-00000-of-00004.parquet', 'x.csv.zst', 'README'].map(kindOf)).toEqual(['.jsonl', '.jsonl.gz', '.parquet', '.csv.zst', '']);
  });

  it('sketches no records of a lone file, and those of a shard', async () => {
    const abs = path.join(root, 'many', 'part-0.jsonl');
    const cls = classify('part-0.jsonl', 'text')!;
    const options = parseDataOptions({}).options;
    expect((await scanPart({ absPath: abs, relPath: 'many/part-0.jsonl', cls, options })).shardSketches?.rows.length).toBe(1);
    expect((await scanPart({ absPath: abs, relPath: 'many/part-0.jsonl', cls, options: { ...options, loneShard: true } })).shardSketches).toBeUndefined();
  });
});
