import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify, type Classified } from '../classify.js';
import { finalize } from '../finalize.js';
import { parseDataOptions, type DataOptions } from '../options.js';
import { runScanJob, scanInChunks, splitRanges } from '../run.js';
import { scanPart, type ScanJob } from '../scan-part.js';
import { avroFile, avroHeader } from '../testing/avro-writer.js';
import { pythonWith } from '../testing/python.js';
import { Rng } from '../testing/random.js';
import * as v from '../testing/values.js';
import { avroBlockRanges, type AvroRange } from './avro-ranges.js';

/**
 * A large Avro file split across workers at its sync markers (`avroBlockRanges`, `scanInChunks`):
 * the findings, rows and poisoning analysis of the chunks merged must be those of one pass
 * (`workers: 0`), and a corrupt block fails its chunk alone.
 */

const schema = {
  type: 'record',
  name: 'Review',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'text', type: 'string' },
    { name: 'author', type: { type: 'record', name: 'Author', fields: [{ name: 'email', type: ['null', 'string'] }] } },
    { name: 'label', type: ['null', 'string'] },
  ],
};
/** Not the writer's default: the split must find the header's marker, whatever it is. */
const sync = Uint8Array.from({ length: 16 }, (_, i) => (i * 73 + 11) & 0xff);
const r = new Rng(33);
/**
 * 1,200 reviews in blocks of 25 (48 blocks, deflate): an address every 37 rows, an SSN in row 1,177
 * alone (the last chunk), the same review every 50 rows (duplicates), labels pos / neg.
 */
const reviews = Array.from({ length: 1200 }, (_, i) => ({
  id: i,
  text: i === 1176 ? 'my SSN is 219-45-1234, please update it' : i % 50 === 9 ? 'the same duplicated review text for the poisoning check' : `an ordinary review of product ${i}, nothing personal in it`,
  author: { email: i % 37 === 3 ? v.email(r) : null },
  label: i % 2 ? 'pos' : 'neg',
}));
const file = avroFile(schema, reviews, { codec: 'deflate', blockRecords: 25, sync });

let root: string;
let abs: string;
let cls: Classified;
let options: DataOptions;
let base: ScanJob;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-avro-split-'));
  abs = path.join(root, 'reviews.avro');
  await writeFile(abs, file);
  cls = classify('reviews.avro', 'avro', file.subarray(0, 64))!;
  options = parseDataOptions({}).options;
  base = { absPath: abs, relPath: 'reviews.avro', cls, options };
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** The file with the first sync marker at or after its middle broken, written as `name`: its bytes, the marker's byte, its path. */
async function brokenSync(name: string): Promise<{ bad: Uint8Array; at: number; p: string }> {
  const bad = file.slice();
  const at = Buffer.from(bad).indexOf(Buffer.from(sync), Math.floor(bad.length / 2));
  bad[at + 3]! ^= 0xff;
  const p = path.join(root, name);
  await writeFile(p, bad);
  return { bad, at, p };
}

describe('Avro block ranges', () => {
  it('cut only just after a sync marker, cover the file, and count the records of each run', async () => {
    const ranges = await avroBlockRanges(abs, file.length, Math.floor(file.length / 5));
    expect(ranges.length).toBeGreaterThanOrEqual(4);
    expect(ranges[0]!.start).toBe(0);
    expect(ranges.at(-1)!.end).toBe(file.length - 1);
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i]!.start).toBe(ranges[i - 1]!.end + 1);
      expect(same(file.subarray(ranges[i]!.start - 16, ranges[i]!.start), sync)).toBe(true);
    }
    // Whole blocks of 25 records.
    for (const range of ranges) expect(range.rows % 25).toBe(0);
    expect(ranges.reduce((a, x) => a + x.rows, 0)).toBe(1200);
    // Past the blocks walked at most (10 here: 250 records), the rest of the file is one last run.
    const capped = await avroBlockRanges(abs, file.length, 1, 10);
    expect(capped).toHaveLength(11);
    expect(capped.slice(0, 10).every((x) => x.rows === 25)).toBe(true);
    expect(capped.at(-1)).toEqual({ start: capped[9]!.end + 1, end: file.length - 1, rows: 0 });
    // A chunk as large as the file: one run.
    expect(await avroBlockRanges(abs, file.length, file.length)).toEqual([{ start: 0, end: file.length - 1, rows: 1200 }]);
    // What runScanJob splits on a pool: an .avro file by its blocks; a compressed one not at all (its stream cannot be entered midway).
    expect(await splitRanges(abs, file.length, cls, Math.floor(file.length / 5))).toEqual(ranges);
    expect(await splitRanges(abs, file.length, classify('reviews.avro.gz', 'gzip')!, Math.floor(file.length / 5))).toEqual([]);
  });

  it('read on past a block that is not whole (a bad sync marker) from the next marker, end in one last run where none follows, and refuse a file with no header', async () => {
    // Its block and the next (whose marker ends the search) are not counted.
    const { bad, at, p } = await brokenSync('bad-sync.avro');
    const ranges = await avroBlockRanges(p, bad.length, Math.floor(bad.length / 8));
    expect(ranges.at(-1)!.end).toBe(bad.length - 1);
    expect(ranges.reduce((a, x) => a + x.rows, 0)).toBe(1200 - 50);
    // Runs are still cut after the broken block, each just after a marker.
    expect(ranges.filter((x) => x.start > at).length).toBeGreaterThanOrEqual(2);
    for (const x of ranges.slice(1)) expect(same(bad.subarray(x.start - 16, x.start), sync)).toBe(true);
    // Cut inside a block: no marker follows it, so the rest of the file is one last run.
    const cut = path.join(root, 'cut.avro');
    await writeFile(cut, file.subarray(0, at - 100));
    const cutRanges = await avroBlockRanges(cut, at - 100, Math.floor(file.length / 8));
    expect(cutRanges.at(-1)!.end).toBe(at - 101);
    expect(cutRanges.reduce((a, x) => a + x.rows, 0)).toBeLessThan(1200 - 50);
    const none = path.join(root, 'no-header.avro');
    await writeFile(none, new TextEncoder().encode('PAR1 not avro at all'));
    await expect(avroBlockRanges(none, 20, 4)).rejects.toThrow(/not an Avro object container file/);
  });
});

/** Everything a scan reports but its timing: findings (ids, locations, messages, properties), assets and issues. */
function report(o: ReturnType<typeof finalize>) {
  return { findings: o.findings, assets: o.assets, issues: o.issues };
}

describe('a split Avro scan', () => {
  it('gives the findings, rows, columns and poisoning analysis of one pass (workers: 0)', async () => {
    const ranges = await avroBlockRanges(abs, file.length, Math.floor(file.length / 5));
    expect(ranges.length).toBeGreaterThanOrEqual(4);
    const whole = finalize('reviews.avro', cls, await runScanJob(abs, 'reviews.avro', file.length, cls, { ...options, workers: 0 }));
    const split = finalize('reviews.avro', cls, await scanInChunks(base, ranges, (job) => scanPart(job), undefined, file.length));
    expect(report(split)).toEqual(report(whole));
    // What "equal" covers here: addresses spread over every chunk, an SSN in the last, duplicates.
    const email = whole.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))!;
    expect(email.properties!.entities).toEqual({ EMAIL_ADDRESS: 33 });
    expect(whole.findings!.find((f) => f.message.includes('US_SSN'))?.location).toMatchObject({ row: 1177, field: 'text' });
    expect(whole.findings!.some((f) => f.ruleId === 'data_no_duplicate_records')).toBe(true);
    expect(whole.assets!.find((a) => a.kind === 'dataset')!.properties).toMatchObject({ rows: 1200 });
    expect(whole.issues ?? []).toEqual([]);
  });

  it('leaves a corrupt block out of its chunk and reads on, giving the issues, findings and rows of one pass, which reads past it too', async () => {
    const ranges = await avroBlockRanges(abs, file.length, Math.floor(file.length / 5));
    // Corrupt the deflate data of the first block of the second run (its head and sync marker stay whole).
    const broken = file.slice();
    const run = ranges[1]!;
    // Its head: a count of 25 (one byte, zigzag 50), then the size's varint.
    expect(broken[run.start]).toBe(50);
    let head = 1;
    while (broken[run.start + head]! >= 0x80) head++;
    head++;
    for (let i = run.start + head; i < run.start + head + 8; i++) broken[i] = 0xff;
    const p = path.join(root, 'broken.avro');
    await writeFile(p, broken);
    expect(await avroBlockRanges(p, broken.length, Math.floor(broken.length / 5))).toEqual(ranges);
    const job = { ...base, absPath: p, relPath: 'broken.avro' };
    const split = finalize('broken.avro', cls, await scanInChunks(job, ranges, (j) => scanPart(j), undefined, broken.length));
    const whole = finalize('broken.avro', cls, await runScanJob(p, 'broken.avro', broken.length, cls, { ...options, workers: 0 }));
    expect(report(split)).toEqual(report(whole));
    // The SSN in the last chunk keeps its row; the addresses in the block's 25 rows alone are missed.
    expect(whole.findings!.find((f) => f.message.includes('US_SSN'))?.location).toMatchObject({ path: 'broken.avro', row: 1177, field: 'text' });
    const first = ranges[0]!.rows;
    const inBlock = reviews.filter((x) => x.author.email && x.id >= first && x.id < first + 25).length;
    expect(whole.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))?.properties?.entities).toEqual({ EMAIL_ADDRESS: 33 - inBlock });
    expect(whole.issues!.map((i) => i.message)).toEqual([
      `broken.avro: the block at byte ${run.start} (25 records) not read: deflate block is corrupt (invalid block type)`,
      'broken.avro: Avro read in part: the parts named above were left out, the rest of the file was scanned',
    ]);
    expect(whole.assets!.find((a) => a.kind === 'dataset')!.properties).toMatchObject({ rows: 1200, scanComplete: false });
  });

  it('reads on past a broken sync marker from the next one, split or not, to the same findings and issues', async () => {
    const { bad, at, p } = await brokenSync('bad-sync-scan.avro');
    const ranges = await avroBlockRanges(p, bad.length, Math.floor(bad.length / 5));
    const job = { ...base, absPath: p, relPath: 'bad-sync-scan.avro' };
    const split = finalize('bad-sync-scan.avro', cls, await scanInChunks(job, ranges, (j) => scanPart(j), undefined, bad.length));
    const whole = finalize('bad-sync-scan.avro', cls, await runScanJob(p, 'bad-sync-scan.avro', bad.length, cls, { ...options, workers: 0 }));
    expect(report(split)).toEqual(report(whole));
    const issues = whole.issues!.map((i) => i.message);
    expect(issues[0]).toMatch(/^bad-sync-scan\.avro: bytes (\d+)–(\d+) not read \(the block at byte \1: sync marker mismatch \(corrupt, or its size is wrong\)\); read on after the sync marker that ends them$/);
    // The stretch ends with the marker that ends the block after the broken one.
    const [, from, to] = /bytes (\d+)–(\d+)/.exec(issues[0]!)!.map(Number);
    expect(same(bad.subarray(to! - 15, to! + 1), sync)).toBe(true);
    expect(from).toBeLessThan(at);
    // Rows past the stretch are read: the SSN in row 1,177 is found (numbered 50 lower: the stretch's records are not counted).
    expect(whole.findings!.find((f) => f.message.includes('US_SSN'))?.location).toMatchObject({ row: 1177 - 50, field: 'text' });
  });

  it('reads a later run with the header read apart: its rows number from 1 and its columns are the schema’s', async () => {
    const ranges: AvroRange[] = await avroBlockRanges(abs, file.length, Math.floor(file.length / 5));
    const part = await scanPart({ ...base, range: { start: ranges[2]!.start, end: ranges[2]!.end } });
    expect(part.status.rows).toBe(ranges[2]!.rows);
    expect(part.status.bytes).toBe(ranges[2]!.end + 1 - ranges[2]!.start);
    expect(part.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['text', 'author.email']));
    expect(avroHeader(schema, { sync }).subarray(-16)).toEqual(sync);
  });

  it('splits a file written by Apache Avro (python3-avro, deflate, its own sync marker and block sizes) to the findings of one pass', async (t) => {
    const python = pythonWith('avro.datafile, avro.io');
    if (!python) return t.skip('python3-avro is not installed (apt-get install python3-avro); the split of its files not tested');
    const out = path.join(root, 'py.avro');
    const w = spawnSync(python, ['-c', PY_WRITER, out], { encoding: 'utf8' });
    expect(w.stderr).toBe('');
    const bytes = await readFile(out);
    const ranges = await avroBlockRanges(out, bytes.length, Math.floor(bytes.length / 6));
    expect(ranges.length).toBeGreaterThanOrEqual(4);
    expect(ranges.reduce((a, x) => a + x.rows, 0)).toBe(4000);
    const pyCls = classify('py.avro', 'avro', bytes.subarray(0, 64))!;
    const job = { absPath: out, relPath: 'py.avro', cls: pyCls, options };
    const whole = finalize('py.avro', pyCls, await runScanJob(out, 'py.avro', bytes.length, pyCls, { ...options, workers: 0 }));
    const split = finalize('py.avro', pyCls, await scanInChunks(job, ranges, (j) => scanPart(j), undefined, bytes.length));
    expect(report(split)).toEqual(report(whole));
    expect(whole.findings!.find((f) => f.message.includes('US_SSN'))?.location).toMatchObject({ row: 3901, field: 'meta.ssn' });
    expect(whole.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))?.properties?.entities).toEqual({ EMAIL_ADDRESS: 40 });
  });
});

/** 4,000 records by Apache's writer (blocks cut at its 16,000-byte sync interval): an address every 100 rows, an SSN in row 3,901 alone. */
const PY_WRITER = String.raw`
import sys, json
import avro.schema, avro.datafile, avro.io
schema = avro.schema.parse(json.dumps({"type": "record", "name": "Ticket", "fields": [
  {"name": "id", "type": "long"},
  {"name": "body", "type": "string"},
  {"name": "contact", "type": ["null", "string"]},
  {"name": "meta", "type": {"type": "map", "values": "string"}}]}))
with open(sys.argv[1], "wb") as fh:
    w = avro.datafile.DataFileWriter(fh, avro.io.DatumWriter(), schema, codec="deflate")
    for i in range(4000):
        w.append({"id": i, "body": f"ticket {i}: the printer on floor {i % 7} jams again, model {i * 37 % 1000}",
                  "contact": f"user{i}@acme-corp.com" if i % 100 == 42 else None,
                  "meta": {"ssn": "219-45-1234"} if i == 3900 else {"queue": f"q{i % 5}"}})
    w.close()
`;
