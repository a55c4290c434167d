import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../classify.js';
import { dataInspector } from '../index.js';
import { scanFileFor, sniffLite } from '../testing/scan-file.js';
import { textChunks } from './source.js';

/**
 * `.bz2` data files. Node has no bzip2 encoder, so the test writes streams by the format itself:
 * run-length coding, a Burrows-Wheeler transform (rotations sorted directly: the data is small),
 * move-to-front with RUNA/RUNB zero runs, and fixed canonical Huffman tables; block and stream
 * CRCs as bzip2 computes them. Files written by the bzip2 1.0.8 CLI (and this encoder's output,
 * `bzip2 -t`) were checked by hand.
 */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();
function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = ((c << 8) ^ CRC_TABLE[((c >>> 24) ^ b) & 255]!) >>> 0;
  return ~c >>> 0;
}

class Bits {
  private readonly bytes: number[] = [];
  private cur = 0;
  private n = 0;
  put(v: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.cur = (this.cur << 1) | (Math.floor(v / 2 ** i) & 1);
      if (++this.n === 8) {
        this.bytes.push(this.cur);
        this.cur = 0;
        this.n = 0;
      }
    }
  }
  end(): Uint8Array {
    if (this.n) this.put(0, 8 - this.n);
    return Uint8Array.from(this.bytes);
  }
}

function rle1(data: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.length; ) {
    let run = 1;
    while (run < 255 && i + run < data.length && data[i + run] === data[i]) run++;
    if (run >= 4) out.push(data[i]!, data[i]!, data[i]!, data[i]!, run - 4);
    else for (let k = 0; k < run; k++) out.push(data[i]!);
    i += run;
  }
  return out;
}

function writeBlock(bits: Bits, data: Uint8Array): number {
  const blockCrc = crc32(data);
  const b = rle1(data);
  const n = b.length;
  const rot = Array.from({ length: n }, (_, i) => i);
  rot.sort((x, y) => {
    for (let k = 0; k < n; k++) {
      const d = b[(x + k) % n]! - b[(y + k) % n]!;
      if (d) return d;
    }
    return 0;
  });
  const origPtr = rot.indexOf(0);
  const last = rot.map((r) => b[(r + n - 1) % n]!);
  const used = [...new Set(b)].sort((x, y) => x - y);
  const mtf = [...used];
  const syms: number[] = [];
  let zeros = 0;
  const flushZeros = () => {
    if (!zeros) return;
    let z = zeros - 1;
    for (;;) {
      syms.push(z & 1); // RUNB = 1, RUNA = 0
      if (z < 2) break;
      z = (z - 2) >> 1;
    }
    zeros = 0;
  };
  for (const c of last) {
    const idx = mtf.indexOf(c);
    if (idx === 0) {
      zeros++;
      continue;
    }
    flushZeros();
    mtf.splice(idx, 1);
    mtf.unshift(c);
    syms.push(idx + 1);
  }
  flushZeros();
  const alpha = used.length + 2;
  syms.push(alpha - 1); // end of block
  // A complete canonical code: the first x symbols one bit shorter than the rest.
  const L = Math.max(2, Math.ceil(Math.log2(alpha)));
  const x = 2 ** L - alpha;
  const lens = Array.from({ length: alpha }, (_, s) => (s < x ? L - 1 : L));
  const code = (s: number) => (s < x ? { v: s, l: L - 1 } : { v: 2 * x + (s - x), l: L });

  bits.put(0x314159, 24);
  bits.put(0x265359, 24);
  bits.put(blockCrc, 32);
  bits.put(0, 1);
  bits.put(origPtr, 24);
  let map = 0;
  for (let g = 0; g < 16; g++) if (used.some((u) => u >> 4 === g)) map |= 1 << (15 - g);
  bits.put(map, 16);
  for (let g = 0; g < 16; g++) {
    if (!(map & (1 << (15 - g)))) continue;
    let m = 0;
    for (const u of used) if (u >> 4 === g) m |= 1 << (15 - (u & 15));
    bits.put(m, 16);
  }
  bits.put(2, 3); // two tables (the minimum), both the same
  const nSel = Math.ceil(syms.length / 50);
  bits.put(nSel, 15);
  for (let i = 0; i < nSel; i++) bits.put(0, 1);
  for (let t = 0; t < 2; t++) {
    let cur = lens[0]!;
    bits.put(cur, 5);
    for (const l of lens) {
      for (; cur < l; cur++) bits.put(2, 2);
      for (; cur > l; cur--) bits.put(3, 2);
      bits.put(0, 1);
    }
  }
  for (const s of syms) {
    const c = code(s);
    bits.put(c.v, c.l);
  }
  return blockCrc;
}

/** A bzip2 stream of one block per part. */
function bzip2(parts: Uint8Array[]): Uint8Array {
  const bits = new Bits();
  for (const c of 'BZh9') bits.put(c.charCodeAt(0), 8);
  let combined = 0;
  for (const p of parts) combined = (((combined << 1) | (combined >>> 31)) ^ writeBlock(bits, p)) >>> 0;
  bits.put(0x177245, 24);
  bits.put(0x385090, 24);
  bits.put(combined, 32);
  return bits.end();
}

const enc = (s: string) => new TextEncoder().encode(s);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-bz2-'));
  await mkdir(path.join(root, 'data'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('.bz2 data files', () => {
  it('classifies .jsonl.bz2 as JSONL data, and leaves other bzip2 files alone', () => {
    const head = enc('BZh91AY&SY');
    expect(sniffLite(head)).toBe('bzip2');
    expect(classify('data/train.jsonl.bz2', 'bzip2', head)).toEqual({ class: 'data', format: 'jsonl', gzip: true, codec: 'bzip2', innerExt: '.jsonl' });
    expect(classify('corpus/wiki.txt.bz2', 'bzip2', head)?.format).toBe('text');
    expect(classify('models/model.pkl.bz2', 'bzip2', head)).toBeNull();
  });

  it('reads blocks and concatenated streams in order, and finds PII and secrets at their lines', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ text: `record ${i} about shipping ${'and returns '.repeat(i % 3)}`, label: i % 2 ? 'a' : 'b' }));
    lines[700] = JSON.stringify({ text: 'reach me at zoe.quinn@example-mail.com', label: 'a' });
    lines[1100] = JSON.stringify({ text: `token ${['gh', 'p_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'].join('')} here`, label: 'b' });
    const all = enc(lines.join('\n') + '\n');
    const a = all.indexOf(10, 20_000) + 1;
    const b = all.indexOf(10, 45_000) + 1;
    // Two blocks in one stream, then a second stream (pbzip2 writes one stream per block).
    const file = path.join(root, 'data', 'train.jsonl.bz2');
    await writeFile(file, Buffer.concat([bzip2([all.subarray(0, a), all.subarray(a, b)]), bzip2([all.subarray(b)])]));
    const status = { bytes: 0, truncated: false };
    let text = '';
    for await (const c of textChunks(file, { gzip: true, codec: 'bzip2', maxBytes: 1 << 30 }, status)) text += c;
    expect(text).toBe(new TextDecoder().decode(all));
    const f = await scanFileFor(root, 'data/train.jsonl.bz2');
    expect(dataInspector.wants(f.path, f)).toBe(true);
    const out = await dataInspector.analyze(f, { root, options: {} });
    expect(out.findings!.find((x) => x.ruleId === 'data_no_personal_data')!.location).toMatchObject({ path: 'data/train.jsonl.bz2', line: 701, field: 'text' });
    expect(out.findings!.find((x) => x.ruleId === 'data_no_hardcoded_secrets')!.location).toMatchObject({ path: 'data/train.jsonl.bz2', line: 1101 });
    expect(out.assets!.find((x) => x.kind === 'dataset')!.properties).toMatchObject({ compression: 'bzip2', rows: 1200 });
  });

  it('stops at the byte budget, and fails corrupt or truncated data with an issue naming the file', async () => {
    const data = enc(Array.from({ length: 2000 }, (_, i) => `${i} aaaaaaaaaaaaaaaaaaaa some text ${i * 7}\n`).join(''));
    const file = path.join(root, 'data', 'big.txt.bz2');
    await writeFile(file, bzip2([data]));
    const status = { bytes: 0, truncated: false };
    for await (const _ of textChunks(file, { gzip: true, codec: 'bzip2', maxBytes: 10_000 }, status)) void _;
    expect(status).toEqual({ bytes: 10_000, truncated: true });

    const good = bzip2([enc(Array.from({ length: 500 }, (_, i) => `{"text": "hello there ${i}"}\n`).join(''))]);
    await writeFile(path.join(root, 'data', 'cut.jsonl.bz2'), good.subarray(0, good.length - 10));
    const bad = Buffer.from(good);
    bad[40] = bad[40]! ^ 0xff;
    await writeFile(path.join(root, 'data', 'flipped.jsonl.bz2'), bad);
    for (const rel of ['data/cut.jsonl.bz2', 'data/flipped.jsonl.bz2']) {
      const out = await dataInspector.analyze(await scanFileFor(root, rel), { root, options: {} });
      expect(out.issues!.some((i) => i.path === rel && i.message.startsWith(`${rel}: `) && /invalid bzip2 data/.test(i.message))).toBe(true);
    }
  });
});
