import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compressionRegistry, CompressionType, Dictionary, Int32, RecordBatchFileWriter, RecordBatchStreamWriter, Table, Utf8, vectorFromArray, type RecordBatch } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lz4Stored } from '../../../core/testing/lz4-stored.js';
import { zstdStored } from '../../../core/testing/zstd-stored.js';
import { Rng } from '../testing/random.js';
import { inspect } from '../testing/scan-file.js';
import { ipcMessagesOf } from '../testing/arrow-compressed.js';
import { DICTIONARY_BATCH, RECORD_BATCH } from './arrow-messages.js';
import { readArrow } from './arrow.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * A damaged Arrow IPC stream or file is read past its damage: a record batch that does not decode
 * (a compressed buffer, metadata the footer does not agree with)
 * is left out and the next read; a dictionary that does not decode leaves out the columns that
 * use it. Written by apache-arrow at test time (bodies marked LZ4 or zstd), then damaged in a
 * middle batch; the rows after it are scanned and an issue names the file, the batch's byte and
 * its rows.
 */

compressionRegistry.set(CompressionType.LZ4_FRAME, { ...compressionRegistry.get(CompressionType.LZ4_FRAME), encode: lz4Stored });
compressionRegistry.set(CompressionType.ZSTD, { ...compressionRegistry.get(CompressionType.ZSTD), encode: (b: Uint8Array) => zstdStored(b, { contentSize: true }) });

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-arrow-resync-'));
  await mkdir(path.join(root, 'data'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 3,000 rows in batches of 1,000 (as `datasets` writes them): an address in rows 501, 1,501 and 2,501 (one a batch); a dictionary column. */
function batches(rows = 3000, per = 1000): RecordBatch[] {
  const t = new Table({
    text: vectorFromArray(Array.from({ length: rows }, (_, i) => (i % 1000 === 500 ? `write to user${i}@acme-corp.com about it` : `an ordinary review ${i}`)), new Utf8()),
    split: vectorFromArray(Array.from({ length: rows }, (_, i) => (i % 3 ? 'train' : 'test')), new Dictionary(new Utf8(), new Int32())),
  });
  return t.batches.flatMap((b) => Array.from({ length: Math.ceil(b.numRows / per) }, (_, k) => b.slice(k * per, (k + 1) * per)));
}

/**
 * Breaks the first buffer of a message's compressed body. The test encoders store the data (their
 * frames are larger than it), so apache-arrow's writer keeps each buffer as is behind a length of
 * -1 ("not compressed"); that length made 64 has the decoder read the buffer as an LZ4 or zstd frame,
 * which it is not.
 */
function breakBody(bytes: Uint8Array, m: { bodyAt: number; body: number }): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset + m.bodyAt, m.body);
  let at = 0;
  while (at + 8 <= m.body && view.getBigInt64(at, true) !== -1n) at += 8;
  expect(at + 8).toBeLessThanOrEqual(m.body);
  view.setBigInt64(at, 64n, true);
}

async function readAll(bytes: Uint8Array, name: string): Promise<{ rows: DataRow[]; status: ReadStatus; skipped: string[]; error?: string }> {
  const file = path.join(root, name);
  await writeFile(file, bytes);
  const status: ReadStatus = { rows: 0, truncated: false, bytes: 0 };
  const rows: DataRow[] = [];
  const skipped: string[] = [];
  try {
    for await (const r of readArrow(file, status, 1e9, skipped)) rows.push(r);
  } catch (e) {
    return { rows, status, skipped, error: (e as Error).message };
  }
  return { rows, status, skipped };
}

const textOf = (r: DataRow) => r.cells.find((c) => c.field === 'text')?.text;

/** Scans `bytes` as `data/<name>`: its address findings' count and its issues. */
async function scan(name: string, bytes: Uint8Array): Promise<{ emails: number | undefined; issues: string[] }> {
  await writeFile(path.join(root, 'data', name), bytes);
  const out = await inspect(root, `data/${name}`);
  const email = out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'));
  return { emails: (email?.properties?.entities as Record<string, number> | undefined)?.EMAIL_ADDRESS, issues: out.issues!.map((i) => i.message) };
}

describe('a damaged Arrow IPC stream or file', () => {
  it('leaves out a middle record batch whose LZ4 or zstd buffer does not decode, stream and file, and reads the batches after it', async () => {
    for (const [name, compressionType] of [
      ['lz4.arrow', CompressionType.LZ4_FRAME],
      ['zstd.arrow', CompressionType.ZSTD],
      ['lz4.feather', CompressionType.LZ4_FRAME],
      ['zstd.feather', CompressionType.ZSTD],
    ] as const) {
      const writer = name.endsWith('.feather') ? RecordBatchFileWriter : RecordBatchStreamWriter;
      const bytes = writer.writeAll(batches(), { compressionType }).toUint8Array(true);
      const record = ipcMessagesOf(bytes).filter((m) => m.type === RECORD_BATCH);
      expect(record, name).toHaveLength(3);
      breakBody(bytes, record[1]!);
      const { rows, skipped, error } = await readAll(bytes, name);
      expect(error, name).toBeUndefined();
      // Rows keep the numbers they have in the file: the batch's 1,000 are counted, not read.
      expect(rows.map((r) => r.row), name).toEqual([...Array.from({ length: 1000 }, (_, i) => i + 1), ...Array.from({ length: 1000 }, (_, i) => i + 2001)]);
      expect(textOf(rows[1500]!)).toBe('write to user2500@acme-corp.com about it');
      expect(skipped, name).toEqual([expect.stringMatching(new RegExp(`^the record batch at byte ${record[1]!.at} \\(rows 1001-2000\\) not read: `))]);
      const out = await scan(name, bytes);
      // The addresses before the batch and after it found, the one in it not.
      expect(out.emails, name).toBe(2);
      expect(out.issues, name).toEqual([`data/${name}: ${skipped[0]}`, `data/${name}: Arrow read in part: the parts named above were left out, the rest of the file was scanned`]);
    }
  });

  it('leaves out a file block whose message does not agree with the footer (its metadata length), and reads the next block', async () => {
    const bytes = RecordBatchFileWriter.writeAll(batches()).toUint8Array(true);
    const record = ipcMessagesOf(bytes).filter((m) => m.type === RECORD_BATCH);
    // The second batch's metadata length, one larger than its block.
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    view.setInt32(record[1]!.at + 4, view.getInt32(record[1]!.at + 4, true) + 8, true);
    const { rows, skipped, error } = await readAll(bytes, 'meta.feather');
    expect(error).toBeUndefined();
    expect(rows).toHaveLength(2000);
    expect(rows.at(-1)!.row).toBe(2000);
    expect(textOf(rows[1500]!)).toBe('write to user2500@acme-corp.com about it');
    expect(skipped).toEqual([expect.stringMatching(new RegExp(`^the record batch at byte ${record[1]!.at} not read: its message declares \\d+ bytes of metadata where the footer gives \\d+$`))]);
  });

  it('leaves out the columns of a dictionary that does not decode, stream and file, and reads the others', async () => {
    for (const name of ['dict.arrow', 'dict.feather']) {
      const writer = name.endsWith('.feather') ? RecordBatchFileWriter : RecordBatchStreamWriter;
      const bytes = writer.writeAll(batches(), { compressionType: CompressionType.LZ4_FRAME }).toUint8Array(true);
      const dict = ipcMessagesOf(bytes).filter((m) => m.type === DICTIONARY_BATCH);
      expect(dict, name).toHaveLength(1);
      breakBody(bytes, dict[0]!);
      const { rows, skipped, error } = await readAll(bytes, name);
      expect(error, name).toBeUndefined();
      expect(rows, name).toHaveLength(3000);
      expect(rows.every((r) => r.cells.every((c) => c.field === 'text')), name).toBe(true);
      expect(textOf(rows[1500]!)).toBe('write to user1500@acme-corp.com about it');
      expect(skipped, name).toEqual([expect.stringMatching(new RegExp(`^the dictionary batch at byte ${dict[0]!.at} \\(dictionary \\d+\\) not read: .*; column split left out of the batches after it$`))]);
      expect((await scan(name, bytes)).emails, name).toBe(3);
    }
  });

  it('stops with a clear message where the stream framing is broken (a metadata length that cannot be), keeping the rows before it', async () => {
    const bytes = RecordBatchStreamWriter.writeAll(batches()).toUint8Array(true);
    const record = ipcMessagesOf(bytes).filter((m) => m.type === RECORD_BATCH);
    new DataView(bytes.buffer, bytes.byteOffset).setInt32(record[1]!.at + 4, 0x7fff0000, true);
    const { rows, skipped, error } = await readAll(bytes, 'framing.arrow');
    expect(rows).toHaveLength(1000);
    expect(skipped).toEqual([]);
    expect(error).toBe(`Arrow message at byte ${record[1]!.at} declares 2147418112 bytes of metadata (the limit is 16 MiB); not a readable Arrow stream`);
    const out = await scan('framing.arrow', bytes);
    expect(out.emails).toBe(1);
    expect(out.issues[0]).toBe(`data/framing.arrow: Arrow could not be read past row 1000: ${error}`);
    // After the first batch, 4 MiB of random bytes: a stop, not a search.
    const rng = new Rng(3);
    const noisy = new Uint8Array(record[1]!.at + (4 << 20));
    noisy.set(bytes.subarray(0, record[1]!.at));
    for (let i = record[1]!.at; i < noisy.length; i++) noisy[i] = rng.int(0, 255);
    const noise = await readAll(noisy, 'noise.arrow');
    expect(noise.rows).toHaveLength(1000);
    expect(noise.error).toMatch(/^Arrow message at byte \d+ declares -?\d+ bytes of metadata/);
  });

  it('stops after 100 record batches left out: a file broken throughout is not read to its end batch by batch', async () => {
    const bytes = RecordBatchStreamWriter.writeAll(batches(1300, 10), { compressionType: CompressionType.LZ4_FRAME }).toUint8Array(true);
    const record = ipcMessagesOf(bytes).filter((m) => m.type === RECORD_BATCH);
    expect(record).toHaveLength(130);
    for (const m of record) breakBody(bytes, m);
    const { rows, skipped, error } = await readAll(bytes, 'broken.arrow');
    expect(rows).toEqual([]);
    expect(skipped).toHaveLength(100);
    expect(error).toMatch(/^over 100 record batches do not decode; the rest of the file not read \(the record batch at byte \d+ \(rows 1001-1010\): /);
  });
});
