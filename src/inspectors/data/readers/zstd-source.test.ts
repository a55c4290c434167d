import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify.js';
import { dataInspector } from '../index.js';
import { scanFileFor, sniffLite } from '../testing/scan-file.js';
import { textChunks, ZSTD_MAX_BURST } from './source.js';
import { zstdStored as zstdFrame } from '../../models/testing/compress-writers.js';

// `.zst` data files (The Pile, many Hugging Face datasets); real `zstd -19` files were checked by hand.

const enc = (s: string) => new TextEncoder().encode(s);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-zst-'));
  await mkdir(path.join(root, 'data'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('.zst data files', () => {
  it('classifies .jsonl.zst as JSONL data, and leaves other zstd files alone', () => {
    const head = zstdFrame(enc('{}\n'));
    expect(sniffLite(head)).toBe('zstd');
    expect(classify('data/train.jsonl.zst', 'zstd', head)).toEqual({ class: 'data', format: 'jsonl', gzip: true, codec: 'zstd', innerExt: '.jsonl' });
    expect(classify('corpus/part-00.txt.zstd', 'zstd', head)?.format).toBe('text');
    expect(classify('models/weights.bin.zst', 'zstd', head)).toBeNull();
    expect(classify('data/blob.zst', 'zstd', head)).toBeNull();
  });

  it('finds PII and secrets at their lines across frames, and names the compression', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ text: `record ${i} about shipping and returns`, label: i % 2 ? 'a' : 'b' }));
    lines[1500] = JSON.stringify({ text: 'reach me at zoe.quinn@example-mail.com', label: 'a' });
    lines[2700] = JSON.stringify({ text: `token ${['gh', 'p_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'].join('')} here`, label: 'b' });
    const all = enc(lines.join('\n') + '\n');
    const cut = all.indexOf(10, 150_000) + 1;
    // Two frames, as pzstd and concatenated shards write them.
    await writeFile(path.join(root, 'data', 'train.jsonl.zst'), Buffer.concat([zstdFrame(all.subarray(0, cut)), zstdFrame(all.subarray(cut))]));
    const f = await scanFileFor(root, 'data/train.jsonl.zst');
    expect(dataInspector.wants(f.path, f)).toBe(true);
    const out = await dataInspector.analyze(f, { root, options: {} });
    const pii = out.findings!.find((x) => x.ruleId === 'data_no_personal_data')!;
    expect(pii.location).toMatchObject({ path: 'data/train.jsonl.zst', line: 1501, field: 'text' });
    const secret = out.findings!.find((x) => x.ruleId === 'data_no_hardcoded_secrets')!;
    expect(secret.location).toMatchObject({ path: 'data/train.jsonl.zst', line: 2701 });
    const ds = out.assets!.find((a) => a.kind === 'dataset')!;
    expect(ds.properties).toMatchObject({ format: 'jsonl', compression: 'zstd', rows: 3000 });
    expect(ds.properties.scanComplete).toBeUndefined();
  });

  it('stops a decompression bomb at its cap and marks the file cut short', async () => {
    // 8 KB of RLE blocks that would inflate to 256 MiB of one line.
    const file = path.join(root, 'data', 'bomb.jsonl.zst');
    await writeFile(file, zstdFrame(enc('{"text": "'), { byte: 0x61, blocks: 2048 }));
    const status = { bytes: 0, truncated: false };
    let chars = 0;
    for await (const c of textChunks(file, { gzip: true, codec: 'zstd', maxBytes: 4 << 30 }, status)) chars += c.length;
    expect(status.truncated).toBe(true);
    expect(chars).toBeLessThanOrEqual(ZSTD_MAX_BURST + (1 << 17) + 16);
    const f = await scanFileFor(root, 'data/bomb.jsonl.zst');
    const out = await dataInspector.analyze(f, { root, options: {} });
    expect(out.issues!.some((i) => i.reason === 'limit' && i.message.startsWith('data/bomb.jsonl.zst: decompression stopped: the output passed 1024 times the input (a decompression bomb)'))).toBe(true);
    expect(out.assets!.find((a) => a.kind === 'dataset')!.properties.scanComplete).toBe(false);
  });

  it('fails corrupt or truncated data with an issue naming the file', async () => {
    const good = zstdFrame(enc('{"text": "a"}\n'.repeat(1000)));
    await writeFile(path.join(root, 'data', 'cut.jsonl.zst'), good.subarray(0, good.length - 100));
    const f = await scanFileFor(root, 'data/cut.jsonl.zst');
    const out = await dataInspector.analyze(f, { root, options: {} });
    expect(out.issues!.some((i) => i.path === 'data/cut.jsonl.zst' && /data\/cut\.jsonl\.zst: .*invalid zstd data/.test(i.message))).toBe(true);
  });

  it('refuses a frame that asks for a window over 128 MiB before the decoder allocates it (an issue naming the file)', async () => {
    // Window_Descriptor 0xA0: a 1 GiB window for five bytes of content (fzstd took 1.6 GB for it).
    const frame = zstdFrame(enc('{"a": 1}\n'));
    frame[5] = 0xa0;
    await writeFile(path.join(root, 'data', 'wide.jsonl.zst'), frame);
    const before = process.memoryUsage().arrayBuffers;
    const out = await dataInspector.analyze(await scanFileFor(root, 'data/wide.jsonl.zst'), { root, options: {} });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 << 20);
    expect(out.issues!.some((i) => i.path === 'data/wide.jsonl.zst' && /data\/wide\.jsonl\.zst: .*1024 MiB window/.test(i.message))).toBe(true);
  });
});
