import { describe, expect, it } from 'vitest';
import { tfExample as example, tfRecords as frame } from '../testing/format-writers.js';
import { exampleFeatures, maskedCrc32c, MAX_RECORD_BYTES, readTfRecord } from './tfrecord.js';
import type { DataRow } from './types.js';

/**
 * TFRecord as TensorFlow writes it: records framed by a length, its masked CRC-32C, the data and
 * the data's; Examples encoded field by field (testing/format-writers.ts). Files written by
 * TensorFlow 2.21's `tf.io.TFRecordWriter` (plain and GZIP) with the same features were checked by hand.
 */

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
