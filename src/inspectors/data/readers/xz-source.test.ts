import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify.js';
import { dataInspector } from '../index.js';
import { scanFileFor, sniffLite } from '../testing/scan-file.js';
import { textChunks } from './source.js';

/**
 * `.xz` data files, written by Debian's xz (xz-utils, a required package: on every Debian
 * system), the tool pandas' own `.xz` output is compatible with: the test only asks it to compress.
 */
function xz(data: Uint8Array, ...args: string[]): Buffer {
  const r = spawnSync('xz', ['-c', ...args], { input: data, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`xz failed: ${r.stderr}`);
  return r.stdout;
}

const enc = (s: string) => new TextEncoder().encode(s);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-xz-'));
  await mkdir(path.join(root, 'data'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('.xz data files', () => {
  it('classifies .jsonl.xz as JSONL data and .pkl.xz in a data folder as a pickle, and leaves other xz files alone', () => {
    const head = Uint8Array.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]);
    expect(sniffLite(head)).toBe('xz');
    expect(classify('data/train.jsonl.xz', 'xz', head)).toEqual({ class: 'data', format: 'jsonl', gzip: true, codec: 'xz', innerExt: '.jsonl' });
    expect(classify('data/frame.pkl.xz', 'xz', head)?.format).toBe('pickle');
    expect(classify('dist/release.tar.xz', 'xz', head)).toBeNull();
    expect(classify('data/blob.xz', 'xz', head)).toBeNull();
  });

  it('reads every block in order, and finds PII and secrets at their lines', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ text: `record ${i} about shipping ${'and returns '.repeat(i % 3)}`, label: i % 2 ? 'a' : 'b' }));
    lines[700] = JSON.stringify({ text: 'reach me at zoe.quinn@example-mail.com', label: 'a' });
    lines[1400] = JSON.stringify({ text: `token ${['gh', 'p_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'].join('')} here`, label: 'b' });
    const all = enc(lines.join('\n') + '\n');
    const file = path.join(root, 'data', 'train.jsonl.xz');
    // Small blocks: the decoder crosses many block and check boundaries.
    await writeFile(file, xz(all, '--block-size=8KiB'));
    const status = { bytes: 0, truncated: false };
    let text = '';
    for await (const c of textChunks(file, { gzip: true, codec: 'xz', maxBytes: 1 << 30 }, status)) text += c;
    expect(text).toBe(new TextDecoder().decode(all));
    const f = await scanFileFor(root, 'data/train.jsonl.xz');
    expect(dataInspector.wants(f.path, f)).toBe(true);
    const out = await dataInspector.analyze(f, { root, options: {} });
    expect(out.findings!.find((x) => x.ruleId === 'data_no_personal_data')!.location).toMatchObject({ path: 'data/train.jsonl.xz', line: 701, field: 'text' });
    expect(out.findings!.find((x) => x.ruleId === 'data_no_hardcoded_secrets')!.location).toMatchObject({ path: 'data/train.jsonl.xz', line: 1401 });
    expect(out.assets!.find((x) => x.kind === 'dataset')!.properties).toMatchObject({ compression: 'xz', rows: 1500 });
  });

  it('fails corrupt or truncated data with an issue naming the file', async () => {
    const good = xz(enc(Array.from({ length: 500 }, (_, i) => `{"text": "hello there ${i}"}\n`).join('')));
    await writeFile(path.join(root, 'data', 'cut.jsonl.xz'), good.subarray(0, good.length - 40));
    const bad = Buffer.from(good);
    bad[60] = bad[60]! ^ 0xff;
    await writeFile(path.join(root, 'data', 'flipped.jsonl.xz'), bad);
    for (const rel of ['data/cut.jsonl.xz', 'data/flipped.jsonl.xz']) {
      const out = await dataInspector.analyze(await scanFileFor(root, rel), { root, options: {} });
      expect(out.issues!.some((i) => i.path === rel && i.message.startsWith(`${rel}: `) && /invalid xz data/.test(i.message)), JSON.stringify(out.issues)).toBe(true);
    }
  });

  it('stops a decompression bomb as cut short instead of decoding it whole', async () => {
    // 160 MiB of one byte packs into ~25 KB: past 1024 times the input (+64 MiB) the file stops.
    const bomb = xz(new Uint8Array(160 << 20).fill(0x61), '-0');
    const file = path.join(root, 'data', 'bomb.txt.xz');
    await writeFile(file, bomb);
    const status: { bytes: number; truncated: boolean; truncatedBy?: string } = { bytes: 0, truncated: false };
    let produced = 0;
    for await (const c of textChunks(file, { gzip: true, codec: 'xz', maxBytes: 1 << 30 }, status)) produced += c.length;
    expect(status.truncated).toBe(true);
    expect(status.truncatedBy).toMatch(/decompression bomb/);
    expect(produced).toBeLessThan(128 << 20);
  });
});
