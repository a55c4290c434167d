import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECODE_BUDGET, MAX_DECODES, type DecodeStats } from './parquet-budget.js';
import { readParquet } from './parquet.js';
import { windowSize } from './parquet-pages.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * A wide table whose pages each hold a whole row group: every row needs a page from every column,
 * so the reader used to keep the whole group decoded (1,500 columns x 20,000 rows: 1.4 GB read
 * alone). Read within a small budget, it must give the same rows while never holding more.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-pq-budget-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ROWS = 3000;
const COLS = 60;

/** Text, ids, a category (dictionary-encoded), a column with nulls, decimals and a list column. */
function wideColumns(): { name: string; data: unknown[]; type?: string }[] {
  const cols: { name: string; data: unknown[]; type?: string }[] = [];
  for (let c = 0; c < COLS; c++) {
    if (c % 3 === 0) cols.push({ name: `id${c}`, data: Array.from({ length: ROWS }, (_, r) => BigInt(r * 7 + c)), type: 'INT64' });
    else if (c % 3 === 1) cols.push({ name: `city${c}`, data: Array.from({ length: ROWS }, (_, r) => `city-${(r + c) % 40}`), type: 'STRING' });
    else cols.push({ name: `note${c}`, data: Array.from({ length: ROWS }, (_, r) => (r % 11 === 4 ? null : r === 2345 && c === 5 ? 'write to alice.smith@example.org today' : `row ${r} note in column ${c} with some words`)), type: 'STRING' });
  }
  return cols;
}

async function write(name: string, buf: ArrayBuffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, Buffer.from(buf));
  return file;
}

async function readAll(file: string, budget?: number): Promise<{ rows: DataRow[]; status: ReadStatus; stats: DecodeStats }> {
  const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
  const stats: DecodeStats = { peak: 0, redecoded: 0 };
  const rows: DataRow[] = [];
  for await (const r of readParquet(file, status, 1e9, { budget, stats })) rows.push(r);
  return { rows, status, stats };
}

describe('Parquet decode budget', () => {
  it('reads a wide table of one-page columns within its budget, every row and cell the same', async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        ...wideColumns(),
        { name: 'amount', data: Array.from({ length: ROWS }, (_, r) => BigInt(r * 101 - 5000)), type: 'INT64' },
        { name: 'tags', data: Array.from({ length: ROWS }, (_, r) => Array.from({ length: r % 5 }, (_, j) => `tag ${r}.${j}`)) },
      ] as never,
      rowGroupSize: ROWS,
      pageSize: 1 << 30,
    });
    const file = await write('wide.parquet', buf);
    // The default budget holds this table whole: the reference read.
    const whole = await readAll(file);
    expect(whole.stats.redecoded).toBe(0);
    expect(whole.stats.peak).toBeGreaterThan(1 << 20);
    const budget = 256 << 10;
    const { rows, status, stats } = await readAll(file, budget);
    expect(stats.peak).toBeLessThanOrEqual(budget);
    expect(stats.redecoded).toBeGreaterThan(COLS);
    expect(status).toMatchObject({ rows: ROWS, truncated: false });
    expect(status.bytes).toBe(whole.status.bytes);
    expect(rows.length).toBe(ROWS);
    for (let i = 0; i < ROWS; i++) expect(rows[i]).toEqual(whole.rows[i]);
    const hit = rows[2345]!.cells.find((c) => c.text.includes('alice.smith'));
    expect(hit?.field).toBe('note5');
    expect(rows[3]!.cells.find((c) => c.field === 'tags[2]')?.text).toBe('tag 3.2');
    expect(rows[4]!.cells.some((c) => c.field === 'note2')).toBe(false);
  });

  it('reads pages of many rows, several to a column, in batches shorter than a page', async () => {
    const buf = parquetWriteBuffer({ columnData: wideColumns() as never, rowGroupSize: ROWS, pageSize: 16 << 10 });
    const file = await write('paged.parquet', buf);
    const whole = await readAll(file);
    const { rows, stats } = await readAll(file, 1 << 20);
    expect(stats.peak).toBeLessThanOrEqual(1 << 20);
    expect(stats.redecoded).toBeGreaterThan(0);
    expect(rows).toEqual(whole.rows);
  });

  it('reads again a dictionary too large to keep beside the other columns, for each page that needs it', async () => {
    // 100 distinct 50-byte values, each 20 times: hyparquet-writer dictionary-encodes them (a
    // dictionary of ~7 KB estimated a column, a batch of ~70 rows leaves ~4 KB to keep pages and
    // dictionaries in), in data pages of a few hundred indices.
    const buf = parquetWriteBuffer({
      columnData: Array.from({ length: 10 }, (_, c) => ({ name: `w${c}`, data: Array.from({ length: 2000 }, (_, r) => `word ${(r * 7 + c) % 100} ${'z'.repeat(40)}`), type: 'STRING' })) as never,
      pageSize: 512,
    });
    const file = await write('dictionaries.parquet', buf);
    const whole = await readAll(file);
    const { rows, stats } = await readAll(file, 32 << 10);
    expect(stats.peak).toBeLessThanOrEqual(32 << 10);
    expect(stats.redecoded).toBeGreaterThan(0);
    expect(rows).toEqual(whole.rows);
    expect(rows[1999]!.cells[3]).toMatchObject({ field: 'w3', text: `word ${(1999 * 7 + 3) % 100} ${'z'.repeat(40)}` });
  });

  it('fails a table whose single row is past the budget, naming the rows not read', async () => {
    const big = 'x'.repeat(20_000);
    const buf = parquetWriteBuffer({
      columnData: Array.from({ length: 40 }, (_, c) => ({ name: `c${c}`, data: Array.from({ length: 10 }, (_, r) => `${r} ${big}`), type: 'STRING' })) as never,
      pageSize: 1 << 30,
    });
    const file = await write('fat-rows.parquet', buf);
    const stats: DecodeStats = { peak: 0, redecoded: 0 };
    const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
    const read = async () => {
      for await (const r of readParquet(file, status, 1e9, { budget: 256 << 10, stats })) void r;
    };
    await expect(read()).rejects.toThrow(/too wide to read within the memory budget, rows 1-10 not read \(row group 1, 40 columns\): column c\d+: 1 row\(s\) of its page at byte \d+ \(10 rows\) need/);
    expect(stats.peak).toBeLessThanOrEqual(256 << 10);
  });

  it(`reads a page of more than ${MAX_DECODES} batches in at most ${MAX_DECODES} decodes`, async () => {
    // One column, one page of 270,000 rows, batches of 4,096: once per batch would be 66 decodes.
    // Each decode keeps at least 1/64 of what is left; the surplus waits for the next batches.
    const n = 270_000;
    const buf = parquetWriteBuffer({ columnData: [{ name: 'n', data: Int32Array.from({ length: n }, (_, i) => i * 3), type: 'INT32' }] as never, rowGroupSize: n, pageSize: 1 << 30 });
    const file = await write('long-page.parquet', buf);
    const { rows, stats } = await readAll(file, 320 << 10);
    expect(stats.peak).toBeLessThanOrEqual(320 << 10);
    expect(stats.redecoded).toBeGreaterThan(0);
    expect(stats.redecoded).toBeLessThan(MAX_DECODES);
    expect(rows.length).toBe(n);
    expect(rows[n - 1]!.cells).toEqual([{ text: String((n - 1) * 3), field: 'n', verbatim: true }]);
    expect(rows.every((r, i) => r.row === i + 1 && r.cells[0]!.text === String(i * 3))).toBe(true);
  });

  it('fails at once, not after 64 decodes of each page, when even 1/64 of the pages is past the budget', async () => {
    // 20 columns of 200 rows of 2 KB: batches of three rows, and 4 rows a column kept per decode
    // (1/64 of a page) do not fit beside them. (A crafted file of this shape with 1 MB pages used
    // to take hours, not only gigabytes.)
    const text = 'y'.repeat(2000);
    const buf = parquetWriteBuffer({
      columnData: Array.from({ length: 20 }, (_, c) => ({ name: `c${c}`, data: Array.from({ length: 200 }, (_, r) => `${r}${c} ${text}`), type: 'STRING' })) as never,
      pageSize: 1 << 30,
    });
    const file = await write('many-decodes.parquet', buf);
    const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
    const stats: DecodeStats = { peak: 0, redecoded: 0 };
    const read = async () => {
      for await (const r of readParquet(file, status, 1e9, { budget: 200 << 10, stats })) void r;
    };
    await expect(read()).rejects.toThrow(/too wide to read within the memory budget, rows \d+-200 not read \(row group 1, 20 columns\): column c\d+: 4 row\(s\) of its page at byte \d+ \(200 rows\) need/);
    expect(stats.redecoded).toBeLessThanOrEqual(20);
    expect(stats.peak).toBeLessThanOrEqual(200 << 10);
  });

  it('keeps the read windows of a wide row group small', () => {
    expect(windowSize(4)).toBe(64 * 1024);
    expect(windowSize(1500) * 1500).toBeLessThanOrEqual(16 << 20);
    expect(windowSize(10_000)).toBeLessThanOrEqual(2048);
    expect(DECODE_BUDGET).toBeLessThanOrEqual(128 << 20);
  });
});
