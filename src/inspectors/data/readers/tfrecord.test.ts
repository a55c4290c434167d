import { describe, expect, it } from 'vitest';
import { exampleFeatures, maskedCrc32c, MAX_RECORD_BYTES, readTfRecord } from './tfrecord.js';
import type { DataRow } from './types.js';

/**
 * TFRecord as TensorFlow writes it: records framed by a length, its masked CRC-32C, the data and
 * the data's. Examples are encoded here field by field (`tf.train.Example` → Features → map entries
 * → Feature → BytesList / FloatList / Int64List); files written by TensorFlow 2.21's
 * `tf.io.TFRecordWriter` (plain and GZIP) with the same features were checked by hand.
 */

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};
const field = (num: number, body: Uint8Array | number[]): number[] => [...varint(num * 8 + 2), ...varint(body.length), ...body];
const utf8 = (s: string) => [...new TextEncoder().encode(s)];

/** A tf.train.Example with bytes (strings or raw), int64 and float features. */
function example(features: Record<string, { bytes?: (string | Uint8Array)[]; ints?: number[]; floats?: number[] }>): Uint8Array {
  const entries = Object.entries(features).flatMap(([key, f]) => {
    let feature: number[] = [];
    if (f.bytes) feature = field(1, f.bytes.flatMap((b) => field(1, typeof b === 'string' ? utf8(b) : [...b])));
    if (f.ints) feature = field(3, field(1, f.ints.flatMap(varint)));
    if (f.floats) feature = field(2, field(1, [...new Uint8Array(Float32Array.from(f.floats).buffer)]));
    return field(1, [...field(1, utf8(key)), ...field(2, feature)]);
  });
  return Uint8Array.from(field(1, entries));
}

function frame(records: Uint8Array[]): Uint8Array {
  const parts: number[] = [];
  for (const r of records) {
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(r.length), true);
    const crc = (b: Uint8Array) => [...new Uint8Array(Uint32Array.of(maskedCrc32c(b)).buffer)];
    parts.push(...len, ...crc(len), ...r, ...crc(r));
  }
  return Uint8Array.from(parts);
}

async function readAll(bytes: Uint8Array, maxRows = 1e9): Promise<{ rows: DataRow[]; status: { rows: number; truncated: boolean }; error?: string }> {
  const status = { rows: 0, truncated: false };
  const rows: DataRow[] = [];
  // Split into awkward chunks: records straddle chunk edges.
  const chunks = (async function* () {
    for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
  })();
  try {
    for await (const r of readTfRecord(chunks, status, maxRows)) rows.push(r);
  } catch (e) {
    return { rows, status, error: (e as Error).message };
  }
  return { rows, status };
}

describe('TFRecord reader', () => {
  it("computes TFRecord's masked CRC-32C (from CRC-32C's check value for \"123456789\", 0xE3069283)", () => {
    const c = 0xe3069283;
    expect(maskedCrc32c(new TextEncoder().encode('123456789'))).toBe((((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0);
  });

  it('reads Examples as rows: text bytes and integers by feature name, floats and binary skipped, records and labels', async () => {
    const image = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff);
    const recs = [0, 1, 2].map((i) => example({ caption: { bytes: [`A photo of Jane Roe number ${i}, call 415-555-0132`] }, label: { ints: [i % 2] }, image: { bytes: [image] }, embedding: { floats: [0.1, 0.2] }, tags: { bytes: ['cat', 'indoor'] } }));
    const { rows, status, error } = await readAll(frame(recs));
    expect(error).toBeUndefined();
    expect(status).toEqual({ rows: 3, truncated: false });
    expect(rows[1]!.cells.map((c) => `${c.field}=${c.text}`)).toEqual(['caption=A photo of Jane Roe number 1, call 415-555-0132', 'label=1', 'tags[0]=cat', 'tags[1]=indoor']);
    expect(rows[1]).toMatchObject({ row: 2, record: { text: 'A photo of Jane Roe number 1, call 415-555-0132', label: '1' } });
  });

  it('reads a record that is not an Example as text when it is text', async () => {
    const { rows } = await readAll(frame([new TextEncoder().encode('{"prompt": "hello", "email": "a.b@acme-corp.com"}')]));
    expect(rows[0]!.cells).toEqual([{ text: '{"prompt": "hello", "email": "a.b@acme-corp.com"}', field: 'record', verbatim: true }]);
    expect(exampleFeatures(new TextEncoder().encode('plain text'))).toBeUndefined();
  });

  it('stops at maxRows and says so', async () => {
    const recs = Array.from({ length: 10 }, (_, i) => example({ text: { bytes: [`row ${i}`] } }));
    const { rows, status } = await readAll(frame(recs), 4);
    expect(rows).toHaveLength(4);
    expect(status.truncated).toBe(true);
  });

  it('names the record and byte of a bad length checksum, a truncated record and a record over the limit', async () => {
    const good = frame([example({ text: { bytes: ['one'] } }), example({ text: { bytes: ['two'] } })]);
    const badCrc = good.slice();
    badCrc[8] = badCrc[8]! ^ 0xff;
    expect((await readAll(badCrc)).error).toBe('record 1 at byte 0: length checksum mismatch (not TFRecord, or corrupt)');
    const cut = await readAll(good.subarray(0, good.length - 5));
    expect(cut.rows).toHaveLength(1);
    expect(cut.error).toMatch(/^record 2 at byte \d+: the file ends inside its \d+ bytes \(truncated\?\)$/);
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(MAX_RECORD_BYTES + 1), true);
    const huge = Uint8Array.from([...len, ...new Uint8Array(Uint32Array.of(maskedCrc32c(len)).buffer)]);
    expect((await readAll(huge)).error).toBe(`record 1 at byte 0 declares ${MAX_RECORD_BYTES + 1} bytes, over the 256 MiB read per record; not read`);
    expect((await readAll(new TextEncoder().encode('this is not a tfrecord file'))).error).toMatch(/length checksum mismatch/);
  });
});
