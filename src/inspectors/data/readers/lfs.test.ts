import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataInspector } from '../index.js';
import { inspect, scanFileFor } from '../testing/scan-file.js';
import { lfsPointer } from './lfs.js';

/**
 * Git LFS as a checkout without LFS smudging leaves it (actions/checkout's default): datasets on
 * disk are pointers, their objects in `.git/lfs/objects` only if fetched. Pointers and objects are
 * written here as git-lfs writes them (spec v1), no git-lfs needed.
 */
let dir: string;
const pointerOf = (content: Buffer) => {
  const oid = createHash('sha256').update(content).digest('hex');
  return { oid, text: `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n` };
};
async function store(content: Buffer, bytes = content): Promise<string> {
  const p = pointerOf(content);
  const objectDir = path.join(dir, '.git', 'lfs', 'objects', p.oid.slice(0, 2), p.oid.slice(2, 4));
  await mkdir(objectDir, { recursive: true });
  await writeFile(path.join(objectDir, p.oid), bytes);
  return p.text;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-lfs-'));
  await mkdir(path.join(dir, 'data'), { recursive: true });
  const rows = Array.from({ length: 20 }, (_, i) => `${i},Person ${i},person${i}@mailhost-${i}.io`).join('\n');
  await writeFile(path.join(dir, 'data', 'people.csv'), await store(Buffer.from(`id,name,email\n${rows}\n`)));
  await writeFile(path.join(dir, 'data', 'train.parquet'), pointerOf(Buffer.from('PAR1 not fetched')).text);
  const original = Buffer.from('id,note\n1,original\n');
  await writeFile(path.join(dir, 'data', 'swapped.csv'), await store(original, Buffer.from('id,note\n1,replaced\n')));
  await writeFile(path.join(dir, 'data', 'photo.png'), pointerOf(Buffer.from('\x89PNG not fetched')).text);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('Git LFS pointers', () => {
  it('knows a pointer by the spec, and nothing else', () => {
    expect(lfsPointer(Buffer.from(pointerOf(Buffer.from('x')).text))).toEqual({ oid: createHash('sha256').update('x').digest('hex'), size: 1 });
    expect(lfsPointer(Buffer.from('version 1\noid sha256:abc\nsize 3\n'))).toBeUndefined();
  });

  it('reads a fetched object under the pointer\'s path: its personal data found there', async () => {
    const out = await inspect(dir, 'data/people.csv');
    expect(out.wanted).toBe(true);
    const pii = out.findings?.filter((f) => f.ruleId === 'data_no_personal_data') ?? [];
    expect(pii.map((f) => [f.location.path, f.properties?.entities])).toContainEqual(['data/people.csv', { EMAIL_ADDRESS: 20 }]);
  });

  it('says when the object of a data file was not fetched, or does not hash to its oid, and stays quiet for an image', async () => {
    const parquet = await inspect(dir, 'data/train.parquet');
    expect(parquet.wanted).toBe(true);
    expect(parquet.issues?.map((i) => i.message)).toEqual([expect.stringMatching(/^data\/train\.parquet: a Git LFS pointer to a .* object that is not in this checkout \(git lfs pull fetches it\)/)]);
    expect((await inspect(dir, 'data/swapped.csv')).issues?.[0]?.message).toMatch(/not in this checkout/);
    const png = await scanFileFor(dir, 'data/photo.png');
    expect(dataInspector.wants(png.path, png)).toBe(false);
  });
});
