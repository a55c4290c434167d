import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avroFile } from '../testing/avro-writer.js';
import { pythonWith, PY_XZ_CODEC } from '../testing/python.js';
import { Rng } from '../testing/random.js';
import { inspect } from '../testing/scan-file.js';
import { AvroInput, readHeader } from './avro-input.js';
import { readAvro } from './avro.js';
import type { DataRow, ReadStatus } from './types.js';

/**
 * A damaged Avro file is read past its damage: a block that does not decode is left out and the
 * next read; a block whose size or sync marker is wrong is left out up to the next sync marker.
 * Files written by Apache's own Python library (Debian's python3-avro), damaged here, in a middle
 * block; the records before and after it are scanned, and an issue names the file and the bytes.
 */

/** 60 tickets in 6 blocks of 10 (the writer's `sync()` ends a block); an address in records 5, 25 and 45 — blocks 1, 3 and 5. */
const PY_WRITER = String.raw`
import sys, json, lzma
import avro.schema, avro.datafile, avro.io, avro.codecs
${PY_XZ_CODEC}
schema = avro.schema.parse(json.dumps({"type": "record", "name": "Ticket", "fields": [
  {"name": "note", "type": ["null", "string"]},
  {"name": "id", "type": "long"},
  {"name": "body", "type": "string"},
  {"name": "contact", "type": ["null", "string"]}]}))
for codec in sys.argv[2:]:
    with open(f"{sys.argv[1]}/tickets-{codec}.avro", "wb") as fh:
        w = avro.datafile.DataFileWriter(fh, avro.io.DatumWriter(), schema, codec=codec)
        for i in range(60):
            w.append({"note": f"note {i}", "id": i, "body": f"ticket {i}: the printer on floor {i % 7} jams again",
                      "contact": f"user{i}@acme-corp.com" if i % 20 == 5 else None})
            if i % 10 == 9: w.sync()
        w.close()
`;

const CODECS = ['null', 'deflate', 'bzip2', 'xz'] as const;
type Codec = (typeof CODECS)[number];

/** Where each block sits: its first byte, its data's first byte and size, its record count; the sync marker. */
interface Span {
  at: number;
  dataAt: number;
  size: number;
  count: number;
}
async function blocksOf(bytes: Uint8Array): Promise<{ sync: Uint8Array; spans: Span[] }> {
  const status = { rows: 0, truncated: false, bytes: 0 };
  const input = new AvroInput((async function* () { yield bytes; })(), status, { end: bytes.length });
  const { sync } = await readHeader(input);
  const spans: Span[] = [];
  let pos = input.offset;
  const varint = (): number => {
    let v = 0;
    for (let mul = 1; ; mul *= 128) {
      const b = bytes[pos++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v % 2 ? -(v + 1) / 2 : v / 2;
    }
  };
  while (pos < bytes.length) {
    const at = pos;
    const count = varint();
    const size = varint();
    spans.push({ at, dataAt: pos, size, count });
    pos += size + 16;
  }
  return { sync, spans };
}

async function readAll(bytes: Uint8Array): Promise<{ rows: DataRow[]; status: ReadStatus; skipped: string[]; error?: string }> {
  const status: ReadStatus = { rows: 0, truncated: false, bytes: 0 };
  const rows: DataRow[] = [];
  const skipped: string[] = [];
  // Pieces of 999 bytes: markers, heads and blocks straddle them.
  const chunks = (async function* () {
    for (let i = 0; i < bytes.length; i += 999) yield bytes.subarray(i, i + 999);
  })();
  try {
    for await (const r of readAvro(chunks, status, 1e9, { end: bytes.length }, skipped)) rows.push(r);
  } catch (e) {
    return { rows, status, skipped, error: (e as Error).message };
  }
  return { rows, status, skipped };
}

const idOf = (r: DataRow) => Number(r.cells.find((c) => c.field === 'id')!.text);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

const python = pythonWith('avro.datafile, avro.io');

describe('a damaged Avro file written by Apache Avro (python3-avro)', () => {
  let root: string;
  const files = new Map<Codec, Uint8Array>();
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'aispm-avro-resync-'));
    await mkdir(path.join(root, 'exports'));
    if (!python) return;
    const w = spawnSync(python, ['-c', PY_WRITER, root, ...CODECS], { encoding: 'utf8' });
    if (w.stderr) throw new Error(w.stderr);
    // A plain Uint8Array: its slice() is a copy (a Buffer's is a view, and the tests damage their copies).
    for (const codec of CODECS) files.set(codec, new Uint8Array(await readFile(path.join(root, `tickets-${codec}.avro`))));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Writes `bytes` as `exports/<name>` and scans it: its address findings' count and its issues. */
  async function scan(name: string, bytes: Uint8Array): Promise<{ emails: number | undefined; issues: string[]; rows: unknown }> {
    await writeFile(path.join(root, 'exports', name), bytes);
    const out = await inspect(root, `exports/${name}`);
    const email = out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'));
    return { emails: (email?.properties?.entities as Record<string, number> | undefined)?.EMAIL_ADDRESS, issues: out.issues!.map((i) => i.message), rows: out.assets!.find((a) => a.kind === 'dataset')?.properties.rows };
  }

  it('leaves out a middle block whose data does not decode (deflate, bzip2, xz; a bad union index uncompressed) and reads the blocks after it', async (t) => {
    if (!python) return t.skip('python3-avro is not installed (apt-get install python3-avro); damaged files written by Apache Avro not tested');
    for (const codec of CODECS) {
      const good = files.get(codec)!;
      const { spans } = await blocksOf(good);
      expect(spans.map((s) => s.count), codec).toEqual([10, 10, 10, 10, 10, 10]);
      const bad = good.slice();
      const b3 = spans[2]!;
      // Compressed: garbage across its middle. Uncompressed: its first record's union index 63 (of 2).
      if (codec === 'null') bad[b3.dataAt] = 126;
      else bad.fill(0x5a, b3.dataAt + Math.floor(b3.size / 3), b3.dataAt + Math.floor(b3.size / 3) + 12);
      const { rows, skipped, error } = await readAll(bad);
      expect(error, codec).toBeUndefined();
      expect(rows.map(idOf), codec).toEqual([...range(0, 20), ...range(30, 60)]);
      // Rows keep the numbers they have in the file: the block's ten are counted, not read.
      expect(rows.at(-1)!.row).toBe(60);
      const why = codec === 'null' ? 'its record 1: a union index 63 out of its 2 branches' : `${codec} block is corrupt`;
      expect(skipped, codec).toEqual([expect.stringMatching(new RegExp(`^the block at byte ${b3.at} \\(10 records\\) not read: ${why.replace(/[()]/g, '\\$&')}`))]);
      const out = await scan(`tickets-${codec}.avro`, bad);
      // The address before the block (record 5) and after it (record 45) found, the one inside it (25) not.
      expect(out.emails, codec).toBe(2);
      expect(out.issues[0], codec).toMatch(new RegExp(`^exports/tickets-${codec}\\.avro: the block at byte ${b3.at} \\(10 records\\) not read: `));
      expect(out.issues.slice(1), codec).toEqual([`exports/tickets-${codec}.avro: Avro read in part: the parts named above were left out, the rest of the file was scanned`]);
      expect(out.rows).toBe(60);
    }
  });

  it('leaves out a block whose record count is wrong, past the records it holds', async (t) => {
    if (!python) return t.skip('python3-avro is not installed; damaged files written by Apache Avro not tested');
    const bad = files.get('null')!.slice();
    const { spans } = await blocksOf(bad);
    // Ten records claimed as eleven (zigzag 20 → 22, one byte either way).
    expect(bad[spans[2]!.at]).toBe(20);
    bad[spans[2]!.at] = 22;
    const { rows, skipped, error } = await readAll(bad);
    expect(error).toBeUndefined();
    // Its ten records are read; the eleventh runs past the block.
    expect(rows.map(idOf)).toEqual(range(0, 60));
    expect(skipped).toEqual([expect.stringMatching(new RegExp(`^the block at byte ${spans[2]!.at} \\(11 records\\) not read past its record 10: its record 11: `))]);
    // Numbered by the count it claims, as the split's walk counts it.
    expect(rows.at(-1)!.row).toBe(61);
  });

  it('leaves out a block whose sync marker does not match, with the next, up to the marker that ends that one, and reads on', async (t) => {
    if (!python) return t.skip('python3-avro is not installed; damaged files written by Apache Avro not tested');
    for (const codec of ['null', 'deflate'] as const) {
      const bad = files.get(codec)!.slice();
      const { spans } = await blocksOf(bad);
      const b3 = spans[2]!;
      bad[b3.dataAt + b3.size + 5]! ^= 0xff;
      const { rows, skipped, error } = await readAll(bad);
      expect(error, codec).toBeUndefined();
      expect(rows.map(idOf), codec).toEqual([...range(0, 20), ...range(40, 60)]);
      // The stretch's records are not known: rows after it number on from those read.
      expect(rows.at(-1)!.row).toBe(40);
      const end = spans[4]!.at - 1;
      expect(skipped).toEqual([`bytes ${b3.at}–${end} not read (the block at byte ${b3.at}: sync marker mismatch (corrupt, or its size is wrong)); read on after the sync marker that ends them`]);
      const out = await scan(`sync-${codec}.avro`, bad);
      expect(out.emails, codec).toBe(2);
      expect(out.issues[0]).toBe(`exports/sync-${codec}.avro: ${skipped[0]}`);
      // The whole file gzipped (no size to bound claims by, read as a stream): the same.
      const gz = await scan(`sync-${codec}.avro.gz`, gzipSync(bad));
      expect(gz.emails, codec).toBe(2);
      expect(gz.issues[0]).toBe(`exports/sync-${codec}.avro.gz: ${skipped[0]}`);
    }
  });

  it('leaves out a block whose size is wrong: a size too large finds the block’s own marker inside what it took', async (t) => {
    if (!python) return t.skip('python3-avro is not installed; damaged files written by Apache Avro not tested');
    const good = files.get('deflate')!;
    const { spans } = await blocksOf(good);
    const b3 = spans[2]!;
    // Its size's varint, rewritten 200 larger in as many bytes (a block of 10 deflated records is under 8 KiB: two bytes).
    const sizeAt = b3.at + 1;
    expect(b3.dataAt - sizeAt).toBe(2);
    const z = (b3.size + 200) * 2;
    const bad = good.slice();
    bad[sizeAt] = (z & 0x7f) | 0x80;
    bad[sizeAt + 1] = z >> 7;
    const { rows, skipped, error } = await readAll(bad);
    expect(error).toBeUndefined();
    expect(rows.map(idOf)).toEqual([...range(0, 20), ...range(30, 60)]);
    expect(skipped).toEqual([`bytes ${b3.at}–${spans[3]!.at - 1} not read (the block at byte ${b3.at}: sync marker mismatch (corrupt, or its size is wrong)); read on after the sync marker that ends them`]);
  });

  it('stops with a clear message where no sync marker follows the damage: the rows before it kept, the rest of the file searched once', async (t) => {
    if (!python) return t.skip('python3-avro is not installed; damaged files written by Apache Avro not tested');
    const good = files.get('deflate')!;
    const { spans } = await blocksOf(good);
    const b3 = spans[2]!;
    // From the third block on, 4 MiB of random bytes: no marker in them (2^-128 a place).
    const rng = new Rng(11);
    const noise = Uint8Array.from({ length: 4 << 20 }, () => rng.int(0, 255));
    const bad = new Uint8Array(b3.at + noise.length);
    bad.set(good.subarray(0, b3.at));
    bad.set(noise, b3.at);
    const { rows, skipped, error } = await readAll(bad);
    expect(rows.map(idOf)).toEqual(range(0, 20));
    expect(skipped).toEqual([]);
    expect(error).toMatch(new RegExp(`^the block at byte ${b3.at}.*; no sync marker follows it to read on from$`));
    const out = await scan('destroyed.avro', bad);
    expect(out.emails).toBe(1);
    expect(out.issues[0]).toMatch(/^exports\/destroyed\.avro: Avro could not be read past row 20: the block at byte \d+.*; no sync marker follows it to read on from$/);
    expect(out.issues[1]).toMatch(/^exports\/destroyed\.avro: Avro reading stopped after \d+ bytes; the rest was not scanned$/);
  });
});

describe('a damaged Avro file (the repository’s writer)', () => {
  const schema = { type: 'record', name: 'R', fields: [{ name: 'id', type: 'long' }, { name: 's', type: 'string' }] };
  const records = Array.from({ length: 40 }, (_, i) => ({ id: i, s: `record ${i}` }));

  it('leaves out a middle block whose snappy (CRC-32) or zstandard data does not decode', async () => {
    for (const codec of ['snappy', 'zstandard'] as const) {
      const bad = avroFile(schema, records, { codec, blockRecords: 10 });
      const { spans } = await blocksOf(bad);
      const b2 = spans[1]!;
      // snappy: a literal byte (its CRC-32 then fails); zstandard: the frame's magic.
      bad[codec === 'snappy' ? b2.dataAt + 10 : b2.dataAt]! ^= 0x55;
      const { rows, skipped, error } = await readAll(bad);
      expect(error, codec).toBeUndefined();
      expect(rows.map(idOf), codec).toEqual([...range(0, 10), ...range(20, 40)]);
      expect(skipped, codec).toEqual([expect.stringMatching(new RegExp(`^the block at byte ${b2.at} \\(10 records\\) not read: ${codec} block `))]);
    }
  });

  it('stops after 100 blocks left out: a file broken throughout is not read to its end block by block', async () => {
    // A header that says bzip2 over blocks that are not: every block fails.
    const bad = avroFile(schema, Array.from({ length: 130 }, (_, i) => ({ id: i, s: 'x' })), { codec: 'bzip2', blockRecords: 1 });
    const { rows, skipped, error } = await readAll(bad);
    expect(rows).toEqual([]);
    expect(skipped).toHaveLength(100);
    expect(error).toMatch(/^over 100 blocks do not decode; the rest of the file not read \(the block at byte \d+: bzip2 block is corrupt/);
  });
});
