import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Binary,
  CompressionType,
  Dictionary,
  Field,
  Int32,
  Int64,
  LargeUtf8,
  List,
  Map_,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  Struct,
  Table,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArrow, wordsToBigInt } from './arrow.js';
import { compressedIpc } from '../testing/arrow-compressed.js';
import { lz4Frames } from './arrow-codecs.js';
import { fileBlocks, messageBodyLength } from './arrow-messages.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * Arrow IPC as writers lay it out: the stream format Hugging Face `datasets` writes its shards in,
 * the file format (Feather v2), chat columns (list<struct<role, content>>), maps, dictionaries,
 * timestamps, 64-bit integers, binary, and compressed bodies. Files are written by apache-arrow at
 * test time; the same shapes written by pyarrow 25 and `datasets` 5 (`save_to_disk`, Feather with
 * its default LZ4 and with zstd, decimals, string views) were checked by hand (see the data README).
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aispm-arrow-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const N = 3000;
const chat = new List(new Field('item', new Struct([new Field('role', new Utf8()), new Field('content', new Utf8())])));
const meta = new Map_(new Field('entries', new Struct([new Field('key', new Utf8(), false), new Field('value', new Utf8())])) as never);

function table(): Table {
  const text = Array.from({ length: N }, (_, i) => (i === 2071 ? 'reach me at dana.fox@acme-corp.com' : `a review of product ${i} that was fine`));
  const messages = Array.from({ length: N }, (_, i) => [
    { role: 'user', content: `question ${i}` },
    { role: 'assistant', content: i === 2500 ? ['my card is ', '4111 1111 1111 1111'].join('') : `answer ${i}` },
  ]);
  return new Table({
    text: vectorFromArray(text, new LargeUtf8()),
    label: vectorFromArray(Array.from({ length: N }, (_, i) => BigInt(i % 2)), new Int64()),
    messages: vectorFromArray(messages, chat),
    meta: vectorFromArray(Array.from({ length: N }, (_, i) => new Map(i === 17 ? [['ssn', '078-05-1120']] : [['k', 'v']])), meta),
    split: vectorFromArray(Array.from({ length: N }, (_, i) => (i % 3 ? 'train' : 'test')), new Dictionary(new Utf8(), new Int32())),
    created: vectorFromArray(Array.from({ length: N }, (_, i) => 1_700_000_000_000 + i * 1000), new TimestampMillisecond()),
    blob: vectorFromArray(Array.from({ length: N }, (_, i) => (i === 5 ? new TextEncoder().encode('plain text bytes') : Uint8Array.of(0, 1, 2))), new Binary()),
  });
}

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, bytes);
  return p;
}

/** What a read gave: its rows, the batches it left out (`skipped`) and the error that stopped it. */
async function readAll(file: string, maxRows = 1e9): Promise<{ rows: DataRow[]; status: ReadStatus; error?: string; skipped: string[] }> {
  const status: ReadStatus = { truncated: false, bytes: 0, rows: 0 };
  const rows: DataRow[] = [];
  const skipped: string[] = [];
  try {
    for await (const r of readArrow(file, status, maxRows, skipped)) rows.push(r);
  } catch (e) {
    return { rows, status, skipped, error: (e as Error).message };
  }
  return { rows, status, skipped };
}

function cell(r: DataRow, field: string): string | undefined {
  return r.cells.find((c) => c.field === field)?.text;
}

/** Batches of 1,000 rows, as `datasets` writes them. */
const batches = (t: Table) => t.batches.flatMap((b) => Array.from({ length: Math.ceil(b.numRows / 1000) }, (_, k) => b.slice(k * 1000, (k + 1) * 1000)));

describe('Arrow IPC reader', () => {
  it('reads the stream format as Hugging Face datasets writes it: rows, field paths, records and labels', async () => {
    const file = await write('data-00000-of-00001.arrow', RecordBatchStreamWriter.writeAll(batches(table())).toUint8Array(true));
    const { rows, status, error } = await readAll(file);
    expect(error).toBeUndefined();
    expect(rows).toHaveLength(N);
    expect(status).toMatchObject({ rows: N, truncated: false, columns: ['text', 'label', 'messages', 'meta', 'split', 'created', 'blob'] });
    expect(status.bytes).toBeGreaterThan(50_000);
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const r = rows[2071]!;
    expect(cell(r, 'text')).toBe('reach me at dana.fox@acme-corp.com');
    expect(cell(r, 'messages[0].role')).toBe('user');
    expect(cell(r, 'messages[1].content')).toBe('answer 2071');
    expect(cell(r, 'label')).toBe('1');
    expect(cell(r, 'split')).toBe('train');
    // Timestamps as dates (not 13-digit numbers), binary kept only when it is text.
    expect(cell(r, 'created')).toBe('2023-11-14');
    expect(rows[5]!.cells.find((c) => c.field === 'blob')?.text).toBe('plain text bytes');
    expect(r.cells.some((c) => c.field === 'blob')).toBe(false);
    expect(cell(rows[17]!, 'meta.ssn')).toBe('078-05-1120');
    expect(cell(rows[2500]!, 'messages[1].content')).toContain('4111 1111 1111 1111');
    // Short turns (20 characters or less) are not record text, as in JSONL and Parquet.
    expect(r.record).toEqual({ text: 'reach me at dana.fox@acme-corp.com', label: '1' });
  });

  it('reads datasets ClassLabel columns as their class names, from the schema metadata datasets writes', async () => {
    const t = new Table({ text: vectorFromArray(['a first review that was rather long', 'a second review that was rather long'], new Utf8()), label: vectorFromArray([0n, 1n], new Int64()) });
    t.schema.metadata.set('huggingface', JSON.stringify({ info: { features: { text: { dtype: 'string', _type: 'Value' }, label: { names: ['neg', 'pos'], _type: 'ClassLabel' } } } }));
    const { rows } = await readAll(await write('labels.arrow', RecordBatchStreamWriter.writeAll(t).toUint8Array(true)));
    expect(rows.map((r) => [cell(r, 'label'), r.record?.label])).toEqual([['neg', 'neg'], ['pos', 'pos']]);
  });

  it("reads a sequence of class labels (a token classification set's ner_tags) as their names", async () => {
    const t = new Table({
      tokens: vectorFromArray([['Jane', 'Roe', 'visited', 'Paris']], new List(new Field('item', new Utf8(), true))),
      ner_tags: vectorFromArray([[1n, 2n, 0n, 3n]], new List(new Field('item', new Int64(), true))),
    });
    const tags = { names: ['O', 'B-PER', 'I-PER', 'B-LOC'], _type: 'ClassLabel' };
    for (const [label, feature] of [['Sequence', { feature: tags, _type: 'Sequence' }], ['List', { feature: tags, _type: 'List' }]] as const) {
      t.schema.metadata.set('huggingface', JSON.stringify({ info: { features: { tokens: { feature: { dtype: 'string', _type: 'Value' }, _type: label }, ner_tags: feature } } }));
      const { rows } = await readAll(await write(`ner-${label}.arrow`, RecordBatchStreamWriter.writeAll(t).toUint8Array(true)));
      expect(rows[0]!.cells.filter((c) => c.field!.startsWith('ner_tags')).map((c) => [c.field, c.text]), label).toEqual([
        ['ner_tags[0]', 'B-PER'],
        ['ner_tags[1]', 'I-PER'],
        ['ner_tags[2]', 'O'],
        ['ner_tags[3]', 'B-LOC'],
      ]);
    }
  });

  it('reads class labels inside a struct column (SQuAD-like answers) and a list of structs as their names', async () => {
    const verdict = { names: ['wrong', 'right'], _type: 'ClassLabel' };
    const t = new Table({
      text: vectorFromArray(['a question about the refund policy of the shop'], new Utf8()),
      answer: vectorFromArray([{ text: 'within 14 days', verdict: 1n }], new Struct([new Field('text', new Utf8(), true), new Field('verdict', new Int64(), true)])),
      turns: vectorFromArray([[{ verdict: 0n }, { verdict: 1n }]], new List(new Field('item', new Struct([new Field('verdict', new Int64(), true)]), true))),
    });
    t.schema.metadata.set('huggingface', JSON.stringify({ info: { features: { text: { dtype: 'string', _type: 'Value' }, answer: { text: { dtype: 'string', _type: 'Value' }, verdict }, turns: { feature: { verdict }, _type: 'List' } } } }));
    const { rows } = await readAll(await write('struct-labels.arrow', RecordBatchStreamWriter.writeAll(t).toUint8Array(true)));
    expect(rows[0]!.cells.map((c) => [c.field, c.text])).toEqual([
      ['text', 'a question about the refund policy of the shop'],
      ['answer.text', 'within 14 days'],
      ['answer.verdict', 'right'],
      ['turns[0].verdict', 'wrong'],
      ['turns[1].verdict', 'right'],
    ]);
    expect(rows[0]!.record?.label).toBe('right');
  });

  it('reads the file format (Feather v2) the same, footer aside', async () => {
    const file = await write('table.feather', RecordBatchFileWriter.writeAll(batches(table())).toUint8Array(true));
    const { rows, error } = await readAll(file);
    expect(error).toBeUndefined();
    expect(rows).toHaveLength(N);
    expect(cell(rows[2071]!, 'text')).toBe('reach me at dana.fox@acme-corp.com');
    expect(cell(rows[N - 1]!, 'messages[0].content')).toBe(`question ${N - 1}`);
  });

  it('reads bodies really compressed with LZ4 frames and with zstd, each buffer behind its uncompressed length as the format says', async () => {
    const plain = RecordBatchStreamWriter.writeAll(batches(table())).toUint8Array(true);
    for (const [name, codec] of [['lz4.feather', CompressionType.LZ4_FRAME], ['zstd.arrows', CompressionType.ZSTD], ['lz4.arrow', CompressionType.LZ4_FRAME], ['zstd.feather', CompressionType.ZSTD]] as const) {
      const { bytes, framed } = compressedIpc(batches(table()), codec, name.endsWith('.feather') ? 'file' : 'stream');
      // Frames, not buffers left as they were: the body is smaller than the plain stream's.
      expect(framed, name).toBeGreaterThan(20);
      expect(bytes.length, name).toBeLessThan(plain.length * 0.7);
      const { rows, error, skipped } = await readAll(await write(name, bytes));
      expect(error, name).toBeUndefined();
      expect(skipped, name).toEqual([]);
      expect(rows, name).toHaveLength(N);
      expect(cell(rows[2071]!, 'text'), name).toBe('reach me at dana.fox@acme-corp.com');
      expect(cell(rows[2500]!, 'messages[1].content'), name).toContain('4111 1111 1111 1111');
      expect(cell(rows[17]!, 'meta.ssn'), name).toBe('078-05-1120');
      expect(cell(rows[2071]!, 'split'), name).toBe('train');
    }
  });

  it("leaves out, with the reason, a batch whose prefix is the frame's compressed length (apache-arrow JS 21's writer), as pyarrow refuses it", async () => {
    const { bytes } = compressedIpc(batches(table()), CompressionType.ZSTD, 'stream', 'apache-arrow');
    const { rows, skipped } = await readAll(await write('js-prefix.arrows', bytes));
    // Each frame inflates past the length it is said to have: every batch is left out, with why.
    expect(rows).toHaveLength(0);
    expect(skipped).toHaveLength(3);
    for (const why of skipped) expect(why).toMatch(/^the record batch at byte \d+ \(rows \d+-\d+\) not read: ZSTD buffer inflates past the \d+ bytes/);
  });

  it('stops at maxRows and says the file was read in part', async () => {
    const file = await write('capped.arrow', RecordBatchStreamWriter.writeAll(batches(table())).toUint8Array(true));
    const { rows, status } = await readAll(file, 1500);
    expect(rows).toHaveLength(1500);
    expect(status.truncated).toBe(true);
  });

  it('turns away a message whose declared body is over the limit before reading it', async () => {
    const good = RecordBatchStreamWriter.writeAll(batches(table())).toUint8Array(true);
    // The second message (the first record batch): its metadata's bodyLength raised to 1 TiB.
    const view = new DataView(good.buffer, good.byteOffset);
    const second = 8 + view.getInt32(4, true);
    const metaLen = view.getInt32(second + 4, true);
    const meta = good.slice(second + 8, second + 8 + metaLen);
    const body = messageBodyLength(meta);
    expect(body).toBeGreaterThan(0);
    const at = Buffer.from(meta).indexOf(Buffer.from(new BigInt64Array([BigInt(body)]).buffer));
    expect(at).toBeGreaterThan(0);
    const crafted = good.slice(0, second + 8 + metaLen + 64);
    new DataView(crafted.buffer).setBigInt64(second + 8 + at, 1n << 40n, true);
    const { error, rows } = await readAll(await write('huge-body.arrow', crafted));
    expect(rows).toHaveLength(0);
    expect(error).toMatch(/declares a body of 1048576 MiB, over the 256 MiB limit for one record batch/);
  });

  it('checks every block a file footer lists before reading any', async () => {
    const good = RecordBatchFileWriter.writeAll(batches(table())).toUint8Array(true);
    const file = await write('good.feather', good);
    const fh = await open(file, 'r');
    const { recordBatches } = await fileBlocks(fh, good.length).finally(() => fh.close());
    // The first batch's block as the footer stores it (offset, metadata length, padding, body length), found and its body length raised.
    const b = recordBatches[0]!;
    const struct = Buffer.alloc(24);
    struct.writeBigInt64LE(BigInt(b.offset), 0);
    struct.writeInt32LE(b.metaDataLength, 8);
    struct.writeBigInt64LE(BigInt(b.bodyLength), 16);
    const at = Buffer.from(good).lastIndexOf(struct);
    expect(at).toBeGreaterThan(good.length - 10 - new DataView(good.buffer, good.byteOffset).getInt32(good.length - 10, true));
    const crafted = good.slice();
    new DataView(crafted.buffer).setBigInt64(at + 16, 1n << 40n, true);
    const { error, rows } = await readAll(await write('huge-block.feather', crafted));
    expect(rows).toHaveLength(0);
    expect(error).toMatch(/Arrow file block at byte \d+ declares a body of 1048576 MiB, over the 256 MiB limit/);
    const noFooter = await readAll(await write('no-footer.feather', good.slice(0, good.length - 200)));
    expect(noFooter.error).toMatch(/does not end with ARROW1 \(truncated\?\)/);
  });

  it('says where a truncated file ends, and rejects metadata lengths that cannot be', async () => {
    const good = RecordBatchStreamWriter.writeAll(batches(table())).toUint8Array(true);
    const cut = await readAll(await write('cut.arrow', good.slice(0, Math.floor(good.length / 2))));
    expect(cut.error).toMatch(/past the end of the file \(truncated\?\)/);
    // Rows of the whole batches before the cut were read (and counted) first.
    expect(cut.rows.length % 1000).toBe(0);
    const bogus = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0]);
    expect((await readAll(await write('bogus.arrow', bogus))).error).toMatch(/declares 2147483647 bytes of metadata/);
    const garbage = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 16, 0, 0, 0, 200, 0, 0, 0, ...new Array<number>(12).fill(0)]);
    expect((await readAll(await write('garbage.arrow', garbage))).error).toMatch(/Arrow message metadata is corrupt \(root table outside the 16 bytes\) at byte 0/);
  });

  it('leaves out a record batch whose row count its buffers cannot hold', async () => {
    const t = new Table({ text: vectorFromArray(Array.from({ length: 777 }, (_, i) => `row ${i}`), new Utf8()) });
    const good = RecordBatchStreamWriter.writeAll(t).toUint8Array(true);
    // Every int64 777 in the record batch's metadata (its length and its field node's) becomes 2^40.
    const view = new DataView(good.buffer, good.byteOffset);
    const second = 8 + view.getInt32(4, true);
    const metaLen = view.getInt32(second + 4, true);
    const crafted = good.slice();
    const needle = Buffer.from(new BigInt64Array([777n]).buffer);
    for (let at = Buffer.from(crafted).indexOf(needle, second); at >= 0 && at < second + 8 + metaLen; at = Buffer.from(crafted).indexOf(needle, at + 8)) {
      new DataView(crafted.buffer).setBigInt64(at, 1n << 40n, true);
    }
    const { error, rows, skipped } = await readAll(await write('rows.arrow', crafted), 1e12);
    expect(rows).toHaveLength(0);
    expect(error).toBeUndefined();
    // Left out, the batches after it read (here none); its rows, past belief, number nothing.
    expect(skipped).toEqual([expect.stringMatching(/^the record batch at byte \d+ not read: Arrow record batch declares 1099511627776 rows in a \d+-byte body; not read$/)]);
  });
});

describe('Arrow codecs and values', () => {
  it('decodes linked LZ4 blocks (a match reaching into the block before) and refuses them when blocks are independent', () => {
    const first = new TextEncoder().encode('hello world!');
    // Block 2: no literals, a match of 12 bytes at offset 12 (token 0x08: 8 + 4 = 12), then a last literal.
    const second = Uint8Array.of(0x08, 12, 0, 0x10, 0x21);
    const frame = (flg: number) => Uint8Array.from([0x04, 0x22, 0x4d, 0x18, flg, 0x40, 0x82, first.length, 0, 0, 0x80, ...first, second.length, 0, 0, 0, ...second, 0, 0, 0, 0]);
    expect(new TextDecoder().decode(lz4Frames(frame(0x40), 25))).toBe('hello world!hello world!!');
    expect(() => lz4Frames(frame(0x60), 25)).toThrow(/offset 12 out of range/);
    expect(() => lz4Frames(frame(0x40), 24)).toThrow(/corrupt|past/);
    expect(() => lz4Frames(frame(0x40), 1 << 30)).toThrow(/over the 256 MiB limit/);
  });

  it('writes 128-bit decimals out of their 32-bit words, negative ones too', () => {
    expect(wordsToBigInt(Uint32Array.of(411111111, 0, 0, 0))).toBe(411111111n);
    expect(wordsToBigInt(Uint32Array.of(0, 1, 0, 0))).toBe(1n << 32n);
    expect(wordsToBigInt(Uint32Array.of(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff))).toBe(-1n);
  });
});
