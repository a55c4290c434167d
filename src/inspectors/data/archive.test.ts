import { gzipSync } from 'node:zlib';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from './testing/scan-file.js';
import { tarArchive, tarMember } from './testing/format-writers.js';

/**
 * Data archives as teams download and export them: a zip of CSV and JSONL files (a Kaggle
 * download), a gzipped tar holding a table, and a WebDataset shard that holds no data file.
 * Archives are written here with fflate's zip and the repository's tar writer.
 */
let dir: string;
const people = (n: number) => `id,name,email\n${Array.from({ length: n }, (_, i) => `${i},Person ${i},person${i}@mailhost-${i}.io`).join('\n')}\n`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-archive-'));
  await mkdir(path.join(dir, 'data'), { recursive: true });
  const big = people(40_000); // over 1 MiB: handed over as a temporary file
  await writeFile(
    path.join(dir, 'data', 'kaggle.zip'),
    zipSync({
      'customers.csv': strToU8(people(10)),
      'notes/chats.jsonl': strToU8(`${JSON.stringify({ text: 'Call me on +44 20 7946 0958, Jane Roe' })}\n`),
      'big/all.csv': strToU8(big),
      'nested.zip': zipSync({ 'inner.csv': strToU8(people(3)) }),
      'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'README.md': strToU8('Synthetic customers for the churn model.\n'),
    }),
  );
  await writeFile(path.join(dir, 'data', 'export.tar.gz'), gzipSync(tarArchive(tarMember('export/people.csv', people(5)))));
  await writeFile(path.join(dir, 'data', 'shard-000.tar'), tarArchive(tarMember('000001.txt', 'a caption about a cat'), tarMember('000001.jpg', new Uint8Array(8))));
  await writeFile(path.join(dir, 'data', 'broken.zip'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const piiBy = (findings: { ruleId: string; location: { path?: string }; properties?: Record<string, unknown> }[] = []) =>
  findings.filter((f) => f.ruleId === 'data_no_personal_data').map((f) => [f.location.path, f.properties?.entities]);

describe('data archives', () => {
  it("reads a zip's data members as files of their own, located inside it, without opening archives within or reading images", async () => {
    const out = await inspect(dir, 'data/kaggle.zip');
    expect(out.wanted).toBe(true);
    expect(piiBy(out.findings)).toEqual(
      expect.arrayContaining([
        ['data/kaggle.zip!/customers.csv', expect.objectContaining({ EMAIL_ADDRESS: 10 })],
        ['data/kaggle.zip!/big/all.csv', expect.objectContaining({ EMAIL_ADDRESS: 40_000 })],
        ['data/kaggle.zip!/notes/chats.jsonl', expect.objectContaining({ PHONE_NUMBER: 1 })],
      ]),
    );
    const paths = new Set([...(out.findings ?? []), ...(out.assets ?? [])].map((x) => ('location' in x ? x.location.path : x.locations[0]?.path)));
    expect([...paths].some((p) => p?.includes('nested.zip') || p?.includes('logo.png'))).toBe(false);
    expect(out.assets?.find((a) => a.locations[0]?.path === 'data/kaggle.zip!/customers.csv')?.kind).toBe('dataset');
    // The temporary files of members read from disk are gone.
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('aispm-archive-') && !dir.endsWith(n))).toEqual([]);
  });

  it("reads a tar's data files apart from its WebDataset samples, and a shard of samples only as samples", async () => {
    const tgz = await inspect(dir, 'data/export.tar.gz');
    expect(piiBy(tgz.findings)).toContainEqual(['data/export.tar.gz!/export/people.csv', expect.objectContaining({ EMAIL_ADDRESS: 5 })]);
    expect(new Set(piiBy(tgz.findings).map((x) => x[0]))).toEqual(new Set(['data/export.tar.gz!/export/people.csv']));
    const shard = await inspect(dir, 'data/shard-000.tar');
    expect((shard.assets ?? []).map((a) => a.locations[0]?.path)).toEqual(['data/shard-000.tar']);
  });

  it("checks a zip's train and test splits against each other", async () => {
    const rec = (i: number) => JSON.stringify({ text: `question number ${i} about the refund policy of the store`, label: i % 2 ? 'yes' : 'no' });
    const train = Array.from({ length: 30 }, (_, i) => rec(i)).join('\n');
    const test = [rec(3), rec(7), rec(100), rec(101)].join('\n');
    await writeFile(path.join(dir, 'data', 'glue.zip'), zipSync({ 'glue/train.jsonl': strToU8(train), 'glue/test.jsonl': strToU8(test) }));
    const out = await inspect(dir, 'data/glue.zip');
    const overlap = out.findings?.filter((f) => f.ruleId === 'data_no_train_test_overlap') ?? [];
    expect(overlap.map((f) => [f.location.path, f.properties?.shared, f.properties?.records])).toEqual([['data/glue.zip!/glue/test.jsonl', 2, 4]]);
  });

  it('says a zip that cannot be read is not scanned, and goes on', async () => {
    const out = await inspect(dir, 'data/broken.zip');
    expect(out.issues?.map((i) => [i.reason, i.message])).toEqual([['parse-error', expect.stringMatching(/^data\/broken\.zip: zip archive could not be read/)]]);
  });
});
