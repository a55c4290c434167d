import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parquetMetadata } from 'hyparquet';
import { inspectBytes } from '../testing/scan-file.js';
import { leaves } from './json.js';
import { readParquet } from './parquet.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * Parquet as writers lay it out: nested columns (list<string>, list<struct<role, content>> as in
 * `datasets` chat data, struct<struct>), several row groups, row groups far larger than one batch,
 * many small pages, fixed-length binary. Files are written by hyparquet-writer at test time; the same
 * shapes written by pyarrow 25 and polars 1.44 were checked by hand (see the data README).
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-pq-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const N = 10_000;
const tags = Array.from({ length: N }, (_, i) => (i === 7001 ? ['x', 'write to bob.jones@acme-corp.com'] : Array.from({ length: i % 4 }, (_, j) => `t${j}`)));
const messages = Array.from({ length: N }, (_, i) => [
  { role: 'user', content: `question ${i} about my order` },
  { role: 'assistant', content: i === 9123 ? `log in with ${['gh', 'p_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'].join('')} please` : `answer ${i}` },
  ...(i % 1000 === 3 ? Array.from({ length: 300 }, (_, j) => ({ role: 'user', content: `long chat ${i} turn ${j}` })) : []),
]);
const person = Array.from({ length: N }, (_, i) => (i % 500 === 3 ? null : { name: `n${i}`, contact: { email: i === 4321 ? 'carol.white@megacorp.io' : null, city: 'Lyon' } }));

const schema = [
  { name: 'root', num_children: 4 },
  { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'messages', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'role', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'content', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'person', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'contact', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'email', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'city', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
] as const;

async function writeNested(name: string, opts: { rowGroupSize: number; pageSize: number; codec?: 'SNAPPY' | 'UNCOMPRESSED' }): Promise<string> {
  const buf = parquetWriteBuffer({
    schema: schema as never,
    rowGroupSize: opts.rowGroupSize,
    pageSize: opts.pageSize,
    codec: opts.codec ?? 'SNAPPY',
    columnData: [
      { name: 'id', data: Int32Array.from({ length: N }, (_, i) => i) },
      { name: 'tags', data: tags },
      { name: 'messages', data: messages },
      { name: 'person', data: person },
    ],
  });
  const file = path.join(dir, name);
  await writeFile(file, Buffer.from(buf));
  return file;
}

async function readAll(file: string, maxRows = 1e9): Promise<{ rows: DataRow[]; status: ReadStatus; skipped: string[] }> {
  const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
  const rows: DataRow[] = [];
  const skipped: string[] = [];
  for await (const r of readParquet(file, status, maxRows, {}, skipped)) rows.push(r);
  return { rows, status, skipped };
}

/** What each row must read as: the written record's leaves, with their field paths. */
function expected(i: number): { text: string; field: string }[] {
  return leaves({ id: i, tags: tags[i], messages: messages[i], person: person[i] }).map((l) => ({ text: l.value, field: l.path }));
}

describe('Parquet reader', () => {
  it.each([
    ['one row group of 10,000 rows (three batches), small pages', { rowGroupSize: N, pageSize: 2048 }],
    ['several row groups not aligned to batches', { rowGroupSize: 3000, pageSize: 64 * 1024 }],
    ['uncompressed, one page per column', { rowGroupSize: N, pageSize: 1 << 24, codec: 'UNCOMPRESSED' as const }],
  ])('reads nested columns with their field paths: %s', async (_, opts) => {
    const file = await writeNested(`nested-${opts.rowGroupSize}-${opts.pageSize}.parquet`, opts);
    const { rows, status } = await readAll(file);
    expect(status).toMatchObject({ rows: N, truncated: false, columns: ['id', 'tags', 'messages', 'person'] });
    expect(rows).toHaveLength(N);
    for (let i = 0; i < N; i++) {
      expect(rows[i]!.row).toBe(i + 1);
      expect(rows[i]!.cells.map((c) => ({ text: c.text, field: c.field }))).toEqual(expected(i));
    }
    expect(rows[7001]!.cells.find((c) => c.text.includes('bob.jones'))!.field).toBe('tags[1]');
    expect(rows[9123]!.cells.find((c) => c.text.includes('ghp_'))!.field).toBe('messages[1].content');
    expect(rows[4321]!.cells.find((c) => c.text.includes('carol'))!.field).toBe('person.contact.email');
    expect(rows[3003]!.cells.find((c) => c.text === 'long chat 3003 turn 299')!.field).toBe('messages[301].content');
  });

  it('reads each byte of a large row group once, however many batches it takes', async () => {
    const file = await writeNested('big-group.parquet', { rowGroupSize: N, pageSize: 4096 });
    const size = (await readFile(file)).length;
    const { status } = await readAll(file);
    // Reading a batch used to fetch the whole row group again: ~3 times the file for three batches.
    expect(status.bytes).toBeGreaterThan(size * 0.5);
    // (A page straddling the end of a column's read window is read again with the next window.)
    expect(status.bytes).toBeLessThanOrEqual(size * 1.2);
  });

  it('stops at maxRows and says so', async () => {
    const file = await writeNested('cut.parquet', { rowGroupSize: 3000, pageSize: 64 * 1024 });
    const { rows, status } = await readAll(file, 5000);
    expect(rows.length).toBeGreaterThanOrEqual(5000);
    expect(rows.length).toBeLessThan(N);
    expect(status.truncated).toBe(true);
    expect(status.rows).toBe(rows.length);
  });

  it('reads fixed-length binary as text when it is text, and skips it when not (no leaf per byte)', async () => {
    const buf = parquetWriteBuffer({
      schema: [
        { name: 'root', num_children: 2 },
        { name: 'code', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 5, repetition_type: 'REQUIRED' },
        { name: 'hash', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 8, repetition_type: 'REQUIRED' },
      ],
      columnData: [
        { name: 'code', data: ['FR-75', 'DE-10', 'US-NY'].map((s) => new TextEncoder().encode(s)) },
        { name: 'hash', data: Array.from({ length: 3 }, () => Uint8Array.from([0, 1, 2, 3, 250, 251, 252, 253])) },
      ],
    });
    const file = path.join(dir, 'binary.parquet');
    await writeFile(file, Buffer.from(buf));
    const { rows } = await readAll(file);
    expect(rows.map((r) => r.cells.map((c) => `${c.field}=${c.text}`))).toEqual([['code=FR-75'], ['code=DE-10'], ['code=US-NY']]);
  });

  it("reads datasets ClassLabel ids as class names, in a column and inside a struct, from the file's huggingface metadata", async () => {
    const sentiment = { names: ['neg', 'pos'], _type: 'ClassLabel' };
    const features = { text: { dtype: 'string', _type: 'Value' }, label: sentiment, review: { stars: { dtype: 'int32', _type: 'Value' }, verdict: sentiment } };
    const buf = parquetWriteBuffer({
      schema: [
        { name: 'root', num_children: 3 },
        { name: 'text', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'label', type: 'INT64', repetition_type: 'OPTIONAL' },
        { name: 'review', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'stars', type: 'INT32', repetition_type: 'OPTIONAL' },
        { name: 'verdict', type: 'INT64', repetition_type: 'OPTIONAL' },
      ] as never,
      columnData: [
        { name: 'text', data: ['the parcel arrived late and broken', 'quick delivery and friendly support'] },
        { name: 'label', data: [0n, 1n] },
        { name: 'review', data: [{ stars: 1, verdict: 0n }, { stars: 5, verdict: 1n }] },
      ],
      kvMetadata: [{ key: 'huggingface', value: JSON.stringify({ info: { features } }) }],
    });
    const file = path.join(dir, 'labels.parquet');
    await writeFile(file, Buffer.from(buf));
    const { rows } = await readAll(file);
    expect(rows.map((r) => r.cells.map((c) => `${c.field}=${c.text}`))).toEqual([
      ['text=the parcel arrived late and broken', 'label=neg', 'review.stars=1', 'review.verdict=neg'],
      ['text=quick delivery and friendly support', 'label=pos', 'review.stars=5', 'review.verdict=pos'],
    ]);
    expect(rows.map((r) => r.record?.label)).toEqual(['neg', 'pos']);
  });

  it('writes decimals out exactly (a decimal(38, 0) card number, scaled amounts, a list of decimals)', async () => {
    const buf = parquetWriteBuffer({
      schema: [
        { name: 'root', num_children: 3 },
        { name: 'card', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, converted_type: 'DECIMAL', precision: 38, scale: 0, repetition_type: 'OPTIONAL' },
        { name: 'amount', type: 'INT64', converted_type: 'DECIMAL', precision: 18, scale: 2, repetition_type: 'REQUIRED' },
        { name: 'rates', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'INT32', converted_type: 'DECIMAL', precision: 9, scale: 4, repetition_type: 'OPTIONAL' },
      ],
      columnData: [
        { name: 'card', data: [4111111111111111111n, null, -12345678901234567890123456789012345678n] },
        { name: 'amount', data: [-1205n, 7n, 123456789012345678n] },
        { name: 'rates', data: [[15000n, null, -5n], [], null] },
      ],
    });
    const file = path.join(dir, 'decimal.parquet');
    await writeFile(file, Buffer.from(buf));
    const { rows } = await readAll(file);
    expect(rows.map((r) => r.cells.map((c) => `${c.field}=${c.text}`))).toEqual([
      ['card=4111111111111111111', 'amount=-12.05', 'rates[0]=1.5000', 'rates[2]=-0.0005'],
      ['amount=0.07'],
      ['card=-12345678901234567890123456789012345678', 'amount=1234567890123456.78'],
    ]);
  });

  it('fails a file cut short, and leaves out a row group with a page running past its chunk, with a message', async () => {
    const good = await readFile(await writeNested('whole.parquet', { rowGroupSize: N, pageSize: 4096 }));
    // The footer kept, a stretch of pages zeroed: headers read as garbage or run past the chunk.
    const bad = Buffer.from(good);
    bad.fill(0x15, 2000, 40_000);
    const file = path.join(dir, 'corrupt.parquet');
    await writeFile(file, bad);
    const corrupt = await readAll(file);
    expect(corrupt.skipped).toEqual([expect.stringMatching(new RegExp(`^row group 1 \\(rows 1-${N}\\) not read( past row \\d+)?: column [\\w.]+: `))]);
    const cut = path.join(dir, 'cut-short.parquet');
    await writeFile(cut, good.subarray(0, good.length >> 1));
    await expect(readAll(cut)).rejects.toThrow(/^cut short: it opens with `PAR1`/);
  });
});

describe('Parquet row groups that do not decode', () => {
  it('leaves out a row group whose page is broken, reads the row groups after it, and says the rest was scanned; a file cut short says reading stopped', async () => {
    const names = ['Old Row', 'Older Row', 'Ana Silva', 'Ben Okafor'];
    const ssns = ['n/a', 'n/a', '219-45-1234', 'none'];
    const buf = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'name', data: names, type: 'STRING' }, { name: 'ssn', data: ssns, type: 'STRING' }], rowGroupSize: 2 }));
    // Row group 1's first page header overwritten: not a page header any more.
    const at = Number(parquetMetadata(buf.buffer).row_groups[0]!.columns[0]!.meta_data!.data_page_offset);
    const broken = Uint8Array.from(buf);
    broken.fill(0xff, at, at + 8);
    const out = await inspectBytes('data/members.parquet', broken);
    expect(out.findings.some((f) => f.includes('US_SSN'))).toBe(true);
    expect(out.messages).toEqual([
      expect.stringMatching(/^data\/members\.parquet: row group 1 \(rows 1-2\) not read: column name: /),
      'data/members.parquet: Parquet read in part: the parts named above were left out, the rest of the file was scanned',
    ]);
    // Every row group broken: 100 are named, then the file is taken for broken throughout and stops.
    const many = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'name', data: Array.from({ length: 102 }, (_, i) => `row ${i}`), type: 'STRING' }], rowGroupSize: 1 }));
    for (const rg of parquetMetadata(many.buffer).row_groups) many.fill(0xff, Number(rg.columns[0]!.meta_data!.data_page_offset), Number(rg.columns[0]!.meta_data!.data_page_offset) + 8);
    const file = path.join(dir, 'all-broken.parquet');
    await writeFile(file, many);
    await expect(readAll(file)).rejects.toThrow(/^over 100 row groups do not decode; the rest of the file not read \(row group 101: column name: /);
    // Its footer cut off: nothing can be read, and reading stopped.
    const cut = await inspectBytes('data/cut.parquet', buf.subarray(0, buf.length - 20));
    expect(cut.messages.at(-1)).toMatch(/^data\/cut\.parquet: Parquet reading stopped after \d+ bytes; the rest was not scanned$/);
  });

  it('says why a file cannot be opened at all: cut short, too short, or its footer encrypted', async () => {
    const buf = new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'name', data: ['Ana Silva', 'Ben Okafor'], type: 'STRING' }] }));
    const messages = async (name: string, bytes: Uint8Array) => (await inspectBytes(`data/${name}`, bytes)).messages[0];
    expect(await messages('cut.parquet', buf.subarray(0, buf.length - 20))).toBe(`data/cut.parquet: Parquet could not be read: cut short: it opens with \`PAR1\` but its last bytes are not the footer's closing \`PAR1\` (${buf.length - 20} bytes; a partial download or copy?)`);
    expect(await messages('stub.parquet', buf.subarray(0, 8))).toBe("data/stub.parquet: Parquet could not be read: too short for Parquet (8 bytes; a Parquet file ends with its footer's length and `PAR1`)");
    const encrypted = Uint8Array.from(buf);
    encrypted.set(Buffer.from('PARE'), encrypted.length - 4);
    expect(await messages('secret.parquet', encrypted)).toBe('data/secret.parquet: Parquet could not be read: its footer is encrypted (Parquet modular encryption, `PARE`): nothing can be read without the key');
  });
});

