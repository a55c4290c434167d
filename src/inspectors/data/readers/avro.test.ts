import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAssetId } from '../../../core/index.js';
import { classify } from '../classify.js';
import { sniffByName, sniffLite } from '../sniff-lite.js';
import { avroFile, avroValue, zigzag } from '../testing/avro-writer.js';
import { zstdStored } from '../../../core/testing/zstd-stored.js';
import { fakeSecrets } from '../testing/fakes.js';
import { Rng } from '../testing/random.js';
import { inspect } from '../testing/scan-file.js';
import { AvroDecoder } from './avro-decode.js';
import { MAX_SCHEMA_NODES, parseAvroSchema } from './avro-schema.js';
import { readAvro } from './avro.js';
import type { DataRow, ReadStatus } from './types.js';
import { pythonWith, PY_XZ_CODEC } from '../testing/python.js';

/**
 * Avro object container files: written here by `testing/avro-writer.ts` (every type, every codec
 * read) and, when Debian's python3-avro (Apache's own library) is installed, by it — null, deflate
 * and bzip2 — then read back.
 */

/** What a read gave: its rows, the blocks it left out (`skipped`), the error that stopped it, and `said`, all it said (left out, then stopped). */
async function readAll(bytes: Uint8Array, maxRows = 1e9): Promise<{ rows: DataRow[]; status: ReadStatus; error?: string; skipped: string[]; said: string }> {
  const status: ReadStatus = { rows: 0, truncated: false, bytes: 0 };
  const rows: DataRow[] = [];
  const skipped: string[] = [];
  // Awkward chunks: blocks and varints straddle chunk edges.
  const chunks = (async function* () {
    for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
  })();
  try {
    for await (const r of readAvro(chunks, status, maxRows, { end: bytes.length }, skipped)) rows.push(r);
  } catch (e) {
    const error = (e as Error).message;
    return { rows, status, error, skipped, said: [...skipped, error].join('\n') };
  }
  return { rows, status, skipped, said: skipped.join('\n') };
}

const cells = (r: DataRow | undefined) => Object.fromEntries((r?.cells ?? []).map((c) => [c.field, c.text]));

const PERSON = {
  type: 'record',
  name: 'Row',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'long' },
    {
      name: 'person',
      type: {
        type: 'record',
        name: 'Person',
        fields: [
          { name: 'name', type: 'string' },
          { name: 'contact', type: ['null', { type: 'record', name: 'Contact', namespace: 'com.acme.v2', fields: [{ name: 'email', type: ['null', 'string'] }] }] },
        ],
      },
    },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'messages', type: { type: 'array', items: { type: 'record', name: 'Message', fields: [{ name: 'role', type: { type: 'enum', name: 'Role', symbols: ['user', 'assistant'] } }, { name: 'content', type: 'string' }] } } },
    { name: 'meta', type: { type: 'map', values: ['null', 'string', 'long'] } },
    { name: 'backup', type: ['null', 'com.acme.v2.Contact'] },
    { name: 'dob', type: { type: 'int', logicalType: 'date' } },
    { name: 'seen', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'at', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
    { name: 'ref', type: { type: 'fixed', name: 'Ref', size: 16, logicalType: 'uuid' } },
    { name: 'code', type: { type: 'fixed', name: 'Code', size: 4 } },
    { name: 'blob', type: 'bytes' },
    { name: 'big', type: 'long' },
    { name: 'score', type: 'double' },
    { name: 'ok', type: 'boolean' },
    { name: 'nothing', type: 'null' },
  ],
};

const person = (i: number) => ({
  id: -i,
  person: { name: `Ana Silva ${i}`, contact: i % 2 ? { email: `ana${i}@acme-corp.com` } : null },
  tags: ['a', 'b'],
  messages: [
    { role: 'user', content: `please call me back about invoice ${i}` },
    { role: 'assistant', content: 'noted' },
  ],
  meta: { ssn: '219-45-1234', n: 7, gone: null },
  backup: i === 3 ? { email: 'old@acme-corp.com' } : null,
  dob: 5184, // 1984-03-12
  seen: 1_714_979_289_123_456, // 2024-05-06T07:08:09.123456Z
  at: 3_723_004, // 01:02:03.004
  price: Uint8Array.from([0xfe, 0x1d]), // -483 → -4.83
  ref: Uint8Array.from({ length: 16 }, (_, k) => k),
  code: new TextEncoder().encode('AB12'),
  blob: Uint8Array.from([0, 1, 2, 255]),
  big: 2n ** 62n + BigInt(i),
  score: 0.25,
  ok: true,
  nothing: null,
});

describe('Avro reader', () => {
  it('reads every type as field paths like Parquet: nested records, arrays, maps, unions, enums, logical types, exact longs', async () => {
    const { rows, status, error } = await readAll(avroFile(PERSON, [person(0), person(1), person(3)]));
    expect(error).toBeUndefined();
    expect(status).toMatchObject({ rows: 3, truncated: false, columns: PERSON.fields.map((f) => f.name) });
    expect(cells(rows[1])).toEqual({
      id: '-1',
      'person.name': 'Ana Silva 1',
      'person.contact.email': 'ana1@acme-corp.com',
      'tags[0]': 'a',
      'tags[1]': 'b',
      'messages[0].role': 'user',
      'messages[0].content': 'please call me back about invoice 1',
      'messages[1].role': 'assistant',
      'messages[1].content': 'noted',
      'meta.ssn': '219-45-1234',
      'meta.n': '7',
      dob: '1984-03-12',
      seen: '2024-05-06',
      at: '01:02:03.004',
      price: '-4.83',
      ref: '00010203-0405-0607-0809-0a0b0c0d0e0f',
      code: 'AB12',
      big: '4611686018427387905',
      score: '0.25',
    });
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(cells(rows[0])['person.contact.email']).toBeUndefined();
    expect(cells(rows[2])['backup.email']).toBe('old@acme-corp.com');
    // The record text for the poisoning analysis: the prose leaves, not roles, ids or codes.
    expect(rows[1]!.record).toEqual({ text: 'please call me back about invoice 1' });
  });

  it('reads every codec the same (null, deflate, snappy with its CRC, zstandard with and without a content size), and sized array and map blocks', async () => {
    const records = Array.from({ length: 250 }, (_, i) => person(i));
    const want = (await readAll(avroFile(PERSON, records))).rows;
    expect(want).toHaveLength(250);
    for (const codec of ['deflate', 'snappy', 'zstandard', 'zstandard-unsized'] as const) {
      const got = await readAll(avroFile(PERSON, records, { codec, blockRecords: 40, sizedBlocks: true }));
      expect(got.error, codec).toBeUndefined();
      expect(got.rows, codec).toEqual(want);
    }
  });

  it('decodes zigzag varints exactly, past 2^53 too', () => {
    for (const n of [0, -1, 1, 63, -64, 64, 2 ** 31 - 1, -(2 ** 31), 2 ** 53 - 1, -(2 ** 53 - 1)]) expect(new AvroDecoder(Uint8Array.from(zigzag(n))).long()).toBe(n);
    for (const n of [2n ** 53n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 62n + 3n]) expect(new AvroDecoder(Uint8Array.from(zigzag(n))).long()).toBe(n);
    expect(() => new AvroDecoder(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).long()).toThrow('longer than 10 bytes');
  });

  it('resolves named types by namespace, reads a recursive record, and reads a file whose schema is not a record', async () => {
    const list = { type: 'record', name: 'Node', fields: [{ name: 'value', type: 'string' }, { name: 'next', type: ['null', 'Node'] }] };
    const { rows } = await readAll(avroFile(list, [{ value: 'a', next: { value: 'b', next: { value: 'c', next: null } } }]));
    expect(cells(rows[0])).toEqual({ value: 'a', 'next.value': 'b', 'next.next.value': 'c' });
    const deep = (n: number): unknown => (n ? { value: 'x', next: deep(n - 1) } : null);
    const tooDeep = await readAll(avroFile(list, [{ value: 'top', next: deep(100) }]));
    expect(tooDeep.said).toMatch(/^the block at byte \d+ \(1 records\) not read: its record 1: a value nested deeper than 64 levels$/);
    const strings = await readAll(avroFile('"string"', ['one line of text', 'two']));
    expect(strings.status.columns).toEqual(['value']);
    expect(cells(strings.rows[0])).toEqual({ value: 'one line of text' });
    expect(() => parseAvroSchema('{"type":"record","name":"A","fields":[{"name":"b","type":"Missing"}]}')).toThrow('undefined type "Missing"');
    expect(() => parseAvroSchema('{"type":"record","name":"A","fields":[{"name":"b","type":{"type":"enum","name":"A","symbols":[]}}]}')).toThrow('defines "A" twice');
    expect(() => parseAvroSchema('not json')).toThrow(/^schema is not JSON/);
  });

  it('stops at maxRows and says so', async () => {
    const { rows, status } = await readAll(avroFile(PERSON, Array.from({ length: 30 }, (_, i) => person(i)), { blockRecords: 7 }), 10);
    expect(rows).toHaveLength(10);
    expect(status).toMatchObject({ rows: 10, truncated: true });
  });

  it('bounds hostile schemas: 10,000 fields read, more types than the limit or deep nesting refused', async () => {
    const wide = { type: 'record', name: 'W', fields: Array.from({ length: 10_000 }, (_, i) => ({ name: `f${i}`, type: ['null', 'string'] })) };
    const { rows, error } = await readAll(avroFile(wide, [Object.fromEntries(wide.fields.map((f, i) => [f.name, i % 1000 ? null : `v${i}`]))]));
    expect(error).toBeUndefined();
    expect(rows[0]!.cells).toHaveLength(10);
    // 10,000 null fields beside one int: each one-byte record costs one step, not 10,000.
    const nulls = { type: 'record', name: 'Z', fields: [...wide.fields.map((f) => ({ name: f.name, type: 'null' })), { name: 'n', type: 'int' }] };
    const zh = avroFile(nulls, []);
    // (Walking them made this block of a million records take minutes, past the test's timeout.)
    const n = 1_000_000;
    const counts = [...zigzag(n), ...zigzag(n)];
    const block = new Uint8Array(zh.length + counts.length + n + 16);
    block.set(zh);
    block.set(counts, zh.length);
    block.set(zh.subarray(zh.length - 16), zh.length + counts.length + n);
    const status: ReadStatus = { rows: 0, truncated: false, bytes: 0 };
    let last: DataRow | undefined;
    for await (const r of readAvro((async function* () { yield block; })(), status, 1e9, { end: block.length })) last = r;
    expect(status.rows).toBe(n);
    expect(cells(last)).toEqual({ n: '0' });
    const huge = { type: 'record', name: 'H', fields: Array.from({ length: MAX_SCHEMA_NODES }, (_, i) => ({ name: `f${i}`, type: 'null' })) };
    expect((await readAll(avroFile('"null"', []).slice(0, 0))).error).toMatch(/ends inside its magic/);
    expect(() => parseAvroSchema(JSON.stringify(huge))).toThrow(`over ${MAX_SCHEMA_NODES} types`);
    let nested: unknown = 'string';
    for (let i = 0; i < 200; i++) nested = { type: 'array', items: nested };
    expect(() => parseAvroSchema(JSON.stringify(nested))).toThrow('nested deeper than 128');
  });

  it('refuses hostile counts and lengths before allocating or looping: records, strings, arrays, maps, block sizes', async () => {
    const s = { type: 'record', name: 'R', fields: [{ name: 's', type: 'string' }] };
    const good = avroFile(s, [{ s: 'hello' }]);
    const head = good.subarray(0, good.length - (1 + 1 + 6 + 16)); // header + sync: the block is 1 record of 6 bytes
    const sync = good.subarray(good.length - 16);
    const block = (count: number | bigint, body: number[], size = body.length) => Uint8Array.from([...head, ...zigzag(count), ...zigzag(size), ...body, ...sync]);
    expect((await readAll(block(1, [...zigzag(5), ...new TextEncoder().encode('hello')]))).rows).toHaveLength(1);
    expect((await readAll(block(2n ** 40n, [2, 65]))).said).toMatch(/^the block at byte \d+ \(1099511627776 records\) not read: it claims 1099511627776 records in 2 bytes, more than they could hold/);
    expect((await readAll(block(1, [...zigzag(2 ** 40), 65]))).said).toMatch(/^the block at byte \d+ \(1 records\) not read: its record 1: a string of 1099511627776 bytes runs past the block/);
    expect((await readAll(block(1, [], 2 ** 40))).said).toMatch(/claims 1048576 MiB, over the 256 MiB read per block/);
    expect((await readAll(block(1, [1, 2, 3], 1000))).said).toMatch(/claims 1000 bytes, past the end of the file/);
    const arr = { type: 'record', name: 'A', fields: [{ name: 'xs', type: { type: 'array', items: 'long' } }] };
    const arrHead = avroFile(arr, []);
    const withBody = (body: number[]) => Uint8Array.from([...arrHead, 2, ...zigzag(body.length), ...body, ...arrHead.subarray(arrHead.length - 16)]);
    expect((await readAll(withBody([...zigzag(2 ** 50), 0]))).said).toMatch(/record 1: an array or map block of 1125899906842624 items runs past the block/);
    expect((await readAll(withBody([...zigzag(-3), ...zigzag(2 ** 40), 2, 4, 6, 0]))).said).toMatch(/record 1: an array or map block of 1099511627776 bytes runs past the block/);
    // Nulls take no bytes: a count of 2^50 of them is passed over, not walked.
    const nulls = { type: 'record', name: 'N', fields: [{ name: 'xs', type: { type: 'array', items: 'null' } }, { name: 's', type: 'string' }] };
    const nullHead = avroFile(nulls, []);
    const nb = [...zigzag(2 ** 50), 0, 2, 65];
    expect(cells((await readAll(Uint8Array.from([...nullHead, 2, ...zigzag(nb.length), ...nb, ...nullHead.subarray(nullHead.length - 16)]))).rows[0])).toEqual({ s: 'A' });
    // A million nullable items: the row keeps 40,000 of them (the string past them is not kept), not an array of a million.
    const opt = avroFile({ type: 'record', name: 'O', fields: [{ name: 'xs', type: { type: 'array', items: ['null', 'string'] } }] }, [{ xs: [...Array.from({ length: 1_000_000 }, () => null), 'last'] }]);
    const optRows = await readAll(opt);
    expect(optRows.error).toBeUndefined();
    expect(optRows.rows[0]!.cells).toEqual([]);
    // Records of nothing but nulls: a block of 2^50 of them ends at maxRows at once.
    const empty = avroFile({ type: 'record', name: 'E', fields: [{ name: 'n', type: 'null' }] }, []);
    const many = await readAll(Uint8Array.from([...empty, ...zigzag(2 ** 50), 0, ...empty.subarray(empty.length - 16)]), 1000);
    expect(many.status).toMatchObject({ rows: 1000, truncated: true });
  });

  it('names the block, byte and row of corrupt data: a bad sync marker, bytes left over, a bad union or enum index, unread codecs', async () => {
    const records = Array.from({ length: 20 }, (_, i) => person(i));
    const f = avroFile(PERSON, records, { blockRecords: 5 });
    const badSync = f.slice();
    badSync[badSync.length - 1]! ^= 0xff;
    const r = await readAll(badSync);
    expect(r.rows).toHaveLength(15);
    expect(r.error).toMatch(/^the block at byte \d+: sync marker mismatch .*; no sync marker follows it to read on from$/);
    const u = { type: 'record', name: 'U', fields: [{ name: 'x', type: ['null', 'string'] }, { name: 'e', type: { type: 'enum', name: 'E', symbols: ['a'] } }] };
    const uh = avroFile(u, []);
    const withBody = (body: number[]) => Uint8Array.from([...uh, 2, ...zigzag(body.length), ...body, ...uh.subarray(uh.length - 16)]);
    expect((await readAll(withBody([4, 0]))).said).toMatch(/record 1: a union index 2 out of its 2 branches/);
    expect((await readAll(withBody([0, 6]))).said).toMatch(/record 1: enum E has no symbol 3/);
    expect((await readAll(withBody([0, 0, 9]))).said).toMatch(/^the block at byte \d+ \(1 records\) not read past its record 1: 1 bytes are left after its 1 records/);
    expect((await readAll(avroFile(PERSON, records, { codec: 'lzo' }))).error).toBe('codec "lzo" is not read (null, deflate, snappy, zstandard, bzip2 and xz are); no rows read');
    // Blocks the header calls bzip2 that are not: an error naming the block.
    expect((await readAll(avroFile(PERSON, records, { codec: 'bzip2' }))).said).toMatch(/^the block at byte \d+ \(\d+ records\) not read: bzip2 block is corrupt/);
    expect((await readAll(new TextEncoder().encode('PAR1 not avro'))).error).toMatch(/not an Avro object container file/);
  });

  it('refuses a snappy block claiming more than a block may hold, and a zstd frame asking for a window over the limit, before allocating', async () => {
    const s = { type: 'record', name: 'R', fields: [{ name: 's', type: 'string' }] };
    const h = avroFile(s, [], { codec: 'snappy' });
    const block = (data: number[]) => Uint8Array.from([...h, 2, ...zigzag(data.length), ...data, ...h.subarray(h.length - 16)]);
    expect((await readAll(block([...[0x80, 0x80, 0x80, 0x80, 0x04], 0, 0, 0, 0, 0]))).said).toMatch(/snappy block claims 1024 MiB uncompressed/);
    const zh = avroFile(s, [], { codec: 'zstandard' });
    const frame = [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 1, 0, 0];
    expect((await readAll(Uint8Array.from([...zh, 2, ...zigzag(frame.length), ...frame, ...zh.subarray(zh.length - 16)]))).said).toMatch(/window, over zstd's default 128 MiB limit/);
    expect(zstdStored(new Uint8Array(3), { contentSize: true })).toHaveLength(4 + 5 + 3 + 3);
  });

  it('reads a truncated file to its last whole block, and every cut and every random byte flip ends in rows or a named error', async () => {
    const f = avroFile(PERSON, Array.from({ length: 40 }, (_, i) => person(i)), { blockRecords: 8, codec: 'deflate' });
    const cut = await readAll(f.subarray(0, Math.floor(f.length * 0.6)));
    expect(cut.rows.length % 8).toBe(0);
    expect(cut.error).toMatch(/past the end of the file .*truncated\?|ends inside/);
    for (let n = 0; n < f.length; n += 37) {
      const r = await readAll(f.subarray(0, n));
      expect(r.error === undefined || /truncated|ends inside|magic/.test(r.error), `${n}: ${r.error}`).toBe(true);
    }
    const rng = new Rng(7);
    for (const codec of ['null', 'deflate', 'snappy'] as const) {
      const g = avroFile(PERSON, Array.from({ length: 24 }, (_, i) => person(i)), { blockRecords: 6, codec, sizedBlocks: codec === 'null' });
      for (let k = 0; k < 300; k++) {
        const m = g.slice();
        for (let j = 0, n = rng.int(1, 3); j < n; j++) m[rng.int(0, m.length - 1)] = rng.int(0, 255);
        const r = await readAll(m);
        // No TypeError or RangeError escaping from a missed bound: every failure is one of the reader's messages.
        if (r.error !== undefined) expect(r.error, codec).toMatch(/block|header|schema|codec|magic|sync|ends inside|number|record|type/);
        expect(r.rows.length).toBeLessThanOrEqual(24);
      }
    }
  });
});

/** Written by Apache's own Python library (Debian's python3-avro): nested records, arrays, maps, unions, enums, logical types. */
const PY_WRITER = String.raw`
import sys, json, datetime, decimal, uuid, lzma
import avro.schema, avro.datafile, avro.io, avro.codecs
${PY_XZ_CODEC}
out = sys.argv[1]
schema = avro.schema.parse(json.dumps({
  "type": "record", "name": "Patient", "namespace": "com.acme.ehr",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "person", "type": {"type": "record", "name": "Person", "fields": [
      {"name": "name", "type": "string"},
      {"name": "contact", "type": ["null", {"type": "record", "name": "Contact", "fields": [
        {"name": "email", "type": ["null", "string"]},
        {"name": "phones", "type": {"type": "array", "items": "string"}}]}]}]}},
    {"name": "messages", "type": {"type": "array", "items": {"type": "record", "name": "Message", "fields": [
      {"name": "role", "type": {"type": "enum", "name": "Role", "symbols": ["system", "user", "assistant"]}},
      {"name": "content", "type": "string"}]}}},
    {"name": "meta", "type": {"type": "map", "values": "string"}},
    {"name": "dob", "type": {"type": "int", "logicalType": "date"}},
    {"name": "seen", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "seen_us", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "balance", "type": {"type": "bytes", "logicalType": "decimal", "precision": 20, "scale": 2}},
    {"name": "ref", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "big", "type": "long"},
    {"name": "ratio", "type": "float"},
    {"name": "ok", "type": "boolean"},
    {"name": "raw", "type": "bytes"},
    {"name": "code", "type": {"type": "fixed", "name": "Code", "size": 4}},
    {"name": "backup", "type": ["null", "Contact"]}
  ]}))
for codec in sys.argv[2:]:
    with open(f"{out}/patients-{codec}.avro", "wb") as fh:
        w = avro.datafile.DataFileWriter(fh, avro.io.DatumWriter(), schema, codec=codec)
        for i in range(250):
            w.append({
              "id": i, "person": {"name": f"Patient {i}", "contact": None if i % 3 == 0 else {"email": f"p{i}@acme-corp.com", "phones": ["+1 415 555 %04d" % i]}},
              "messages": [{"role": "user", "content": f"hello number {i}"}, {"role": "assistant", "content": "hi"}],
              "meta": {"ssn": "219-45-%04d" % (1000 + i)},
              "dob": datetime.date(1984, 3, 12), "seen": datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc),
              "seen_us": datetime.datetime(2023, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc),
              "balance": decimal.Decimal("-1234.56"), "ref": str(uuid.UUID(int=i)), "big": 2**62 + i, "ratio": 1.5,
              "ok": True, "raw": b"plain bytes", "code": b"AB12", "backup": {"email": None, "phones": []} if i == 7 else None,
            })
            if i % 97 == 0: w.sync()
        w.close()
`;

/** Debian's python3-avro is a system package: the system interpreter, not one on PATH that lacks it. */
const python = pythonWith('avro.datafile, avro.io');

describe('Avro files written by Apache Avro (python3-avro)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'aispm-avro-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads them, null, deflate, bzip2 and xz, at every row and field path', async (t) => {
    if (!python) return t.skip('python3-avro is not installed (apt-get install python3-avro); files written by Apache Avro not tested');
    const w = spawnSync(python, ['-c', PY_WRITER, dir, 'null', 'deflate', 'bzip2', 'xz'], { encoding: 'utf8' });
    expect(w.stderr).toBe('');
    for (const codec of ['null', 'deflate', 'bzip2', 'xz']) {
      const { rows, status, error } = await readAll(await readFile(path.join(dir, `patients-${codec}.avro`)));
      expect(error, codec).toBeUndefined();
      expect(status).toMatchObject({ rows: 250, truncated: false });
      expect(status.columns).toEqual(['id', 'person', 'messages', 'meta', 'dob', 'seen', 'seen_us', 'balance', 'ref', 'big', 'ratio', 'ok', 'raw', 'code', 'backup']);
      expect(cells(rows[1]), codec).toEqual({
        id: '1',
        'person.name': 'Patient 1',
        'person.contact.email': 'p1@acme-corp.com',
        'person.contact.phones[0]': '+1 415 555 0001',
        'messages[0].role': 'user',
        'messages[0].content': 'hello number 1',
        'messages[1].role': 'assistant',
        'messages[1].content': 'hi',
        'meta.ssn': '219-45-1001',
        dob: '1984-03-12',
        seen: '2024-05-06',
        seen_us: '2023-01-02',
        balance: '-1234.56',
        ref: '00000000-0000-0000-0000-000000000001',
        big: '4611686018427387905',
        ratio: '1.5',
        raw: 'plain bytes',
        code: 'AB12',
      });
      expect(cells(rows[0])['person.contact.email']).toBeUndefined();
      expect(rows[249]!.row).toBe(250);
      expect(cells(rows[249])['meta.ssn']).toBe('219-45-1249');
    }
  });
});

describe('Avro through the data inspector', () => {
  let root: string;
  const key = fakeSecrets(new Rng(5)).find((s) => s.ruleId === 'openai-project-key')!.value;
  const schema = {
    type: 'record',
    name: 'Customer',
    fields: [
      { name: 'ssn', type: 'string' },
      { name: 'profile', type: { type: 'record', name: 'Profile', fields: [{ name: 'contact', type: { type: 'record', name: 'Contact', fields: [{ name: 'email', type: ['null', 'string'] }] } }] } },
      { name: 'notes', type: 'string' },
    ],
  };
  const ssns = ['219-45-1234', '123-45-6780', '219-45-1235'];
  const rows = ssns.map((ssn, i) => ({ ssn, profile: { contact: { email: i === 1 ? 'lee.moss@acme-corp.com' : null } }, notes: i === 2 ? `config: OPENAI_API_KEY=${key}` : 'called about an invoice' }));
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'aispm-avro-scan-'));
    await mkdir(path.join(root, 'exports'), { recursive: true });
    await writeFile(path.join(root, 'exports', 'customers.avro'), avroFile(schema, rows, { codec: 'deflate' }));
    const broken = avroFile(schema, [...rows, ...rows], { blockRecords: 3 });
    broken[broken.length - 3]! ^= 0xff;
    await writeFile(path.join(root, 'exports', 'broken.avro'), broken);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds PII at its row and nested field path, masked, a secret, and classifies the columns', async () => {
    const out = await inspect(root, 'exports/customers.avro');
    expect(out.wanted).toBe(true);
    const email = out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))!;
    expect(email.location).toMatchObject({ path: 'exports/customers.avro', row: 2, field: 'profile.contact.email' });
    expect(out.findings!.find((f) => f.message.includes('US_SSN'))?.location).toMatchObject({ row: 1, field: 'ssn' });
    expect(out.findings!.find((f) => f.ruleId === 'data_no_hardcoded_secrets')?.properties).toMatchObject({ secretRuleId: 'openai-project-key' });
    const text = JSON.stringify(out);
    for (const raw of ['lee.moss@acme-corp.com', '219-45-1234', key]) expect(text).not.toContain(raw);
    const ds = out.assets!.find((a) => a.id === fileAssetId('dataset', 'exports/customers.avro'))!;
    expect(ds.properties).toMatchObject({ format: 'avro', rows: 3 });
    expect(ds.properties.columns).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'ssn', entity: 'US_SSN' })]));
  });

  it('keeps what it found before a corrupt block and says where it stopped, naming the file', async () => {
    const out = await inspect(root, 'exports/broken.avro');
    expect(out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))?.location).toMatchObject({ row: 2 });
    const issue = out.issues!.map((i) => i.message).join('\n');
    expect(issue).toMatch(/exports\/broken\.avro: Avro could not be read past row 3: the block at byte \d+: sync marker mismatch .*; no sync marker follows it to read on from/);
    expect(out.assets!.find((a) => a.kind === 'dataset')?.properties.scanComplete).toBe(false);
  });

  it('stops quietly at the byte budget: a file cut there is read in part, not called corrupt', async () => {
    await writeFile(path.join(root, 'exports', 'big.avro'), avroFile(schema, Array.from({ length: 50 }, () => rows[1]), { blockRecords: 2 }));
    const out = await inspect(root, 'exports/big.avro', { maxDataBytes: 900 });
    expect(out.issues!.map((i) => i.message)).toEqual(['exports/big.avro: read limit reached after 900 bytes; the rest was not scanned']);
    expect(out.assets!.find((a) => a.kind === 'dataset')?.properties).toMatchObject({ scanComplete: false });
    expect(out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))?.location).toMatchObject({ row: 1 });
  });

  it('is classified by its magic and name, anywhere but an installed package; a zip member is read', async () => {
    const head = avroFile(schema, []).subarray(0, 64);
    expect(sniffLite(head)).toBe('avro');
    // A Git LFS pointer's object, before it is fetched: by its name alone.
    expect(classify('exports/customers.avro', sniffByName('exports/customers.avro'))).toMatchObject({ format: 'avro' });
    expect(classify('exports/customers.avro', 'binary', head)).toMatchObject({ class: 'data', format: 'avro' });
    expect(classify('exports/customers.avro', 'text', head)).toMatchObject({ format: 'avro' });
    expect(classify('exports/customers.bin', 'binary', head)).toBeNull();
    expect(classify('.venv/lib/python3.11/site-packages/fastavro/tests/weather.avro', 'avro', head)).toBeNull();
    const { zipSync } = await import('fflate');
    await mkdir(path.join(root, 'data'), { recursive: true });
    await writeFile(path.join(root, 'data', 'export.zip'), zipSync({ 'customers.avro': avroFile(schema, rows) }));
    const out = await inspect(root, 'data/export.zip');
    expect(out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))?.location).toMatchObject({ path: 'data/export.zip!/customers.avro', row: 2, field: 'profile.contact.email' });
  });
});

describe('Avro writer (testing)', () => {
  it('encodes a union by the branch that fits, or the one asked for', () => {
    expect([...avroValue(['null', 'string'], null)]).toEqual([0]);
    expect([...avroValue(['null', 'string', 'long'], { branch: 2, value: 3 })]).toEqual([4, 6]);
  });
});
