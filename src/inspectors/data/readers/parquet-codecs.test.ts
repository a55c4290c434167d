import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lz4Block, MAX_PAGE_BYTES, parquetCompressors } from './parquet-codecs.js';
import { readParquet } from './parquet.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * Real Parquet files written with each codec. Node has no zstd or LZ4 encoder, so the test writes
 * those streams itself by their specifications: zstd frames of raw and RLE blocks (RFC 8878 §3.1),
 * LZ4 blocks with literals and back references (lz4 block format), and Hadoop's LZ4 framing
 * (big-endian sizes before each block). Real compressed zstd blocks from pyarrow and polars were
 * checked by hand against this reader.
 */

/** A zstd frame with the content size stated, holding `data` in raw blocks and runs in RLE blocks. */
function zstdFrame(data: Uint8Array, opts: { statedSize?: number; withSize?: boolean } = {}): Uint8Array {
  const out: number[] = [0x28, 0xb5, 0x2f, 0xfd];
  const withSize = opts.withSize ?? true;
  const size = opts.statedSize ?? data.length;
  if (withSize) {
    out.push(0xa0); // single segment, 4-byte content size
    out.push(size & 255, (size >> 8) & 255, (size >> 16) & 255, (size >>> 24) & 255);
  } else {
    out.push(0x00, 0x50); // no content size, a window descriptor (1 MiB)
  }
  const blocks: { type: 0 | 1; start: number; len: number }[] = [];
  let i = 0;
  while (i < data.length) {
    let run = 1;
    while (i + run < data.length && run < 1 << 17 && data[i + run] === data[i]) run++;
    if (run >= 16) {
      blocks.push({ type: 1, start: i, len: run });
      i += run;
      continue;
    }
    let j = i;
    while (j < data.length && j - i < 1 << 17) {
      let r = 1;
      while (j + r < data.length && r < 16 && data[j + r] === data[j]) r++;
      if (r >= 16) break;
      j += r;
    }
    blocks.push({ type: 0, start: i, len: j - i });
    i = j;
  }
  if (!blocks.length) blocks.push({ type: 0, start: 0, len: 0 });
  blocks.forEach((b, k) => {
    const h = (b.len << 3) | (b.type << 1) | (k === blocks.length - 1 ? 1 : 0);
    out.push(h & 255, (h >> 8) & 255, (h >> 16) & 255);
    if (b.type === 1) out.push(data[b.start]!);
    else for (let q = 0; q < b.len; q++) out.push(data[b.start + q]!);
  });
  return Uint8Array.from(out);
}

/** A greedy LZ4 block compressor (4-byte hash matches), enough to put back references in a page. */
function lz4Compress(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  const table = new Map<number, number>();
  const lenBytes = (n: number) => {
    while (n >= 255) {
      out.push(255);
      n -= 255;
    }
    out.push(n);
  };
  let anchor = 0;
  let i = 0;
  // The format wants the last 5 bytes as literals and no match starting in the last 12.
  while (i + 12 < src.length) {
    const key = src[i]! | (src[i + 1]! << 8) | (src[i + 2]! << 16) | (src[i + 3]! << 24);
    const cand = table.get(key);
    table.set(key, i);
    if (cand === undefined || i - cand > 65535) {
      i++;
      continue;
    }
    let len = 4;
    while (i + len + 5 < src.length && src[cand + len] === src[i + len]) len++;
    const lit = i - anchor;
    const ml = len - 4;
    out.push((Math.min(lit, 15) << 4) | Math.min(ml, 15));
    if (lit >= 15) lenBytes(lit - 15);
    for (let k = anchor; k < i; k++) out.push(src[k]!);
    out.push((i - cand) & 255, (i - cand) >> 8);
    if (ml >= 15) lenBytes(ml - 15);
    i += len;
    anchor = i;
  }
  const lit = src.length - anchor;
  out.push(Math.min(lit, 15) << 4);
  if (lit >= 15) lenBytes(lit - 15);
  for (let k = anchor; k < src.length; k++) out.push(src[k]!);
  return Uint8Array.from(out);
}

function hadoopLz4(src: Uint8Array): Uint8Array {
  const block = lz4Compress(src);
  const out = new Uint8Array(8 + block.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, src.length);
  v.setUint32(4, block.length);
  out.set(block, 8);
  return out;
}

const encoders = {
  GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)),
  BROTLI: (b: Uint8Array) => new Uint8Array(brotliCompressSync(b)),
  ZSTD: (b: Uint8Array) => zstdFrame(b),
  LZ4_RAW: lz4Compress,
  LZ4: hadoopLz4,
};

const N = 3000;
const emails = Array.from({ length: N }, (_, i) => (i === 2222 ? 'jane.doe@corp-mail.com' : `user${i % 50}@example.org`));
const texts = Array.from({ length: N }, (_, i) => (i % 7 === 0 ? 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' : `note ${i} about the order, see ticket ${i * 7}`));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-pq-codecs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeWith(name: string, codec: string, compressors: Record<string, (b: Uint8Array) => Uint8Array>): Promise<string> {
  const buf = parquetWriteBuffer({
    codec: codec as 'SNAPPY',
    compressors,
    pageSize: 16 * 1024,
    rowGroupSize: 1000,
    columnData: [
      { name: 'id', data: Int32Array.from({ length: N }, (_, i) => i), type: 'INT32' },
      { name: 'email', data: emails, type: 'STRING' },
      { name: 'text', data: texts, type: 'STRING' },
    ],
  });
  const file = path.join(dir, name);
  await writeFile(file, Buffer.from(buf));
  return file;
}

async function readAll(file: string): Promise<{ rows: DataRow[]; status: ReadStatus; skipped: string[] }> {
  const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
  const rows: DataRow[] = [];
  const skipped: string[] = [];
  for await (const r of readParquet(file, status, 1e9, {}, skipped)) rows.push(r);
  return { rows, status, skipped };
}

describe('Parquet codecs', () => {
  it.each(['SNAPPY', 'UNCOMPRESSED', 'GZIP', 'BROTLI', 'ZSTD', 'LZ4_RAW', 'LZ4'] as const)('reads %s pages', async (codec) => {
    const file = await writeWith(`${codec}.parquet`, codec, encoders as Record<string, (b: Uint8Array) => Uint8Array>);
    const { rows, status } = await readAll(file);
    expect(status.rows).toBe(N);
    expect(status.truncated).toBe(false);
    expect(rows.map((r) => r.cells.find((c) => c.field === 'email')!.text)).toEqual(emails);
    expect(rows.map((r) => r.cells.find((c) => c.field === 'text')!.text)).toEqual(texts);
    expect(rows[2222]!.row).toBe(2223);
  });

  it('reads zstd frames without a stated size, and a bare LZ4 block under the LZ4 codec (old parquet-cpp)', async () => {
    const a = await readAll(await writeWith('zstd-nosize.parquet', 'ZSTD', { ZSTD: (b) => zstdFrame(b, { withSize: false }) }));
    expect(a.rows.map((r) => r.cells[1]!.text)).toEqual(emails);
    const b = await readAll(await writeWith('lz4-bare.parquet', 'LZ4', { LZ4: lz4Compress }));
    expect(b.rows.map((r) => r.cells[2]!.text)).toEqual(texts);
  });

  // A page whose stream holds more than its header claims must stop at the claim: the reader fails
  // the file with a message, having allocated no more than the page.
  it.each([
    ['GZIP', (b: Uint8Array) => new Uint8Array(gzipSync(Buffer.concat([b, Buffer.alloc(1 << 20)])))],
    ['BROTLI', (b: Uint8Array) => new Uint8Array(brotliCompressSync(Buffer.concat([b, Buffer.alloc(1 << 20)])))],
    ['ZSTD', (b: Uint8Array) => zstdFrame(Buffer.concat([b, Buffer.alloc(1 << 20)]), { withSize: false })],
  ] as const)('stops a %s page that inflates past its header, leaving its row group out', async (codec, enc) => {
    const file = await writeWith(`bomb-${codec}.parquet`, codec, { [codec]: enc });
    const { rows, skipped } = await readAll(file);
    expect(rows).toEqual([]);
    // Every row group's pages are bombs: each is named, and left out.
    expect(skipped.length).toBe(Math.ceil(N / 1000));
    skipped.forEach((s, g) => expect(s).toMatch(new RegExp(`^row group ${g + 1} .*${codec} page inflates past the \\d+ bytes its header claims`)));
  });

  it('refuses a page that claims more than the page limit before allocating it', () => {
    for (const codec of ['GZIP', 'BROTLI', 'ZSTD', 'LZ4', 'LZ4_RAW', 'SNAPPY'] as const) {
      expect(() => parquetCompressors[codec]!(new Uint8Array(16), MAX_PAGE_BYTES + 1)).toThrow(/over the 256 MiB limit for one page/);
      expect(() => parquetCompressors[codec]!(new Uint8Array(16), -1)).toThrow(/invalid uncompressed size/);
    }
    // A zstd frame stating more than the page holds; one asking for a window over zstd's limit.
    expect(() => parquetCompressors.ZSTD!(zstdFrame(new Uint8Array(10), { statedSize: 1 << 30 }), 10)).toThrow(/inflates past/);
    const huge = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 0x01, 0x00, 0x00]);
    expect(() => parquetCompressors.ZSTD!(huge, 10)).toThrow(/window, over zstd's default 128 MiB limit/);
  });

  it('fails corrupt streams with a message, never past the buffer', () => {
    const page = new TextEncoder().encode('hello hello hello hello hello hello hello');
    const lz = lz4Compress(page);
    expect(() => parquetCompressors.LZ4_RAW!(lz.subarray(0, lz.length - 3), page.length)).toThrow(/LZ4/);
    // A back reference before the start of the output.
    expect(() => lz4Block(Uint8Array.from([0x10, 0x61, 0x09, 0x00]), new Uint8Array(64), 0)).toThrow(/offset 9 out of range/);
    expect(() => parquetCompressors.GZIP!(Uint8Array.from([1, 2, 3, 4]), 10)).toThrow(/GZIP page is corrupt/);
    expect(() => parquetCompressors.ZSTD!(Uint8Array.from([1, 2, 3, 4, 5]), 10)).toThrow(/ZSTD page is corrupt/);
    expect(() => parquetCompressors.SNAPPY!(Uint8Array.from([20, 0, 1]), 10)).toThrow(/SNAPPY page holds 20 bytes, not the 10/);
  });
});
