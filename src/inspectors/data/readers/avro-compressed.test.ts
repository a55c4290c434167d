import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileAssetId } from '../../../core/index.js';
import { zstdStored as zstdFrame } from '../../models/testing/compress-writers.js';
import { classify } from '../classify.js';
import { dataInspector } from '../index.js';
import { avroBlock, avroFile, avroHeader, zigzag } from '../testing/avro-writer.js';
import { inspect, scanFileFor, sniffLite } from '../testing/scan-file.js';
import { readAvroSource } from './avro-file.js';
import type { ReadStatus } from './types.js';

/**
 * Whole Avro container files compressed (`events.avro.gz`, `.avro.zst`, `.avro.bz2`: an export
 * gzipped before it was committed), read through their decoder. gzip by node:zlib; zstd by the
 * stored-block frame writer the zstd source tests use; bzip2 by Python's own bz2 (a machine
 * without python3 skips that one, and says so).
 */

const schema = {
  type: 'record',
  name: 'Event',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'contact', type: { type: 'record', name: 'Contact', fields: [{ name: 'email', type: ['null', 'string'] }] } },
    { name: 'note', type: 'string' },
  ],
};
/** 300 records in blocks of 40; an e-mail address in row 138 alone, an SSN in row 251 alone. */
const records = Array.from({ length: 300 }, (_, i) => ({
  id: i,
  contact: { email: i === 137 ? 'lee.moss@acme-corp.com' : null },
  note: i === 250 ? 'customer SSN 219-45-1234 on file' : `an ordinary event number ${i}`,
}));
const events = avroFile(schema, records, { codec: 'deflate', blockRecords: 40 });

function bzip2(bytes: Uint8Array): Uint8Array | undefined {
  const r = spawnSync('python3', ['-c', 'import sys, bz2; sys.stdout.buffer.write(bz2.compress(sys.stdin.buffer.read()))'], { input: bytes, maxBuffer: 64 << 20 });
  return r.status === 0 ? new Uint8Array(r.stdout) : undefined;
}

/** gzip of `parts`, written as a stream (a bomb's hundreds of MiB are never held). */
async function gzipStream(parts: Iterable<Uint8Array>): Promise<Uint8Array> {
  const gz = createGzip({ level: 1 });
  const out: Buffer[] = [];
  gz.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve, reject) => gz.on('end', resolve).on('error', reject));
  for (const p of parts) if (!gz.write(p)) await new Promise((resolve) => gz.once('drain', resolve));
  gz.end();
  await done;
  return Buffer.concat(out);
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aispm-avro-gz-'));
  await mkdir(path.join(root, 'exports'), { recursive: true });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('compressed Avro container files', () => {
  it('are classified as Avro read through their decoder (.gz, .zst, .bz2), and the inspector wants them', async () => {
    const gz = gzipSync(events);
    expect(sniffLite(gz)).toBe('gzip');
    expect(classify('exports/events.avro.gz', 'gzip', gz)).toEqual({ class: 'data', format: 'avro', gzip: true, innerExt: '.avro' });
    expect(classify('exports/events.avro.zst', 'zstd')).toEqual({ class: 'data', format: 'avro', gzip: true, codec: 'zstd', innerExt: '.avro' });
    expect(classify('exports/events.avro.bz2', 'bzip2')).toEqual({ class: 'data', format: 'avro', gzip: true, codec: 'bzip2', innerExt: '.avro' });
    // An installed package's own files stay its own, as an uncompressed .avro's do.
    expect(classify('.venv/lib/python3.11/site-packages/fastavro/tests/weather.avro.gz', 'gzip', gz)).toBeNull();
    await writeFile(path.join(root, 'exports', 'wanted.avro.gz'), gz);
    const f = await scanFileFor(root, 'exports/wanted.avro.gz');
    expect(dataInspector.wants(f.path, f)).toBe(true);
  });

  it('.avro.gz: PII at its row and nested field path, the compression said, every row counted', async () => {
    await writeFile(path.join(root, 'exports', 'events.avro.gz'), gzipSync(events));
    const out = await inspect(root, 'exports/events.avro.gz');
    expect(out.wanted).toBe(true);
    expect(out.issues ?? []).toEqual([]);
    expect(out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))?.location).toMatchObject({ path: 'exports/events.avro.gz', row: 138, field: 'contact.email' });
    expect(out.findings!.find((f) => f.message.includes('US_SSN'))?.location).toMatchObject({ row: 251, field: 'note' });
    expect(JSON.stringify(out)).not.toContain('lee.moss@acme-corp.com');
    const ds = out.assets!.find((a) => a.id === fileAssetId('dataset', 'exports/events.avro.gz'))!;
    expect(ds.properties).toMatchObject({ format: 'avro', compression: 'gzip', rows: 300 });
    expect(ds.properties.scanComplete).toBeUndefined();
  });

  it('.avro.zst and .avro.bz2 read the same', async (t) => {
    // Two zstd frames, as pzstd writes them, cut inside a block.
    const cut = 1000;
    await writeFile(path.join(root, 'exports', 'events.avro.zst'), Buffer.concat([zstdFrame(events.subarray(0, cut)), zstdFrame(events.subarray(cut))]));
    const zst = await inspect(root, 'exports/events.avro.zst');
    expect(zst.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))?.location).toMatchObject({ row: 138, field: 'contact.email' });
    expect(zst.assets!.find((a) => a.kind === 'dataset')?.properties).toMatchObject({ compression: 'zstd', rows: 300 });
    const bz = bzip2(events);
    if (!bz) return t.skip('no python3 here to write a .bz2 (its zstd and gzip checks ran)');
    await writeFile(path.join(root, 'exports', 'events.avro.bz2'), bz);
    const out = await inspect(root, 'exports/events.avro.bz2');
    expect(out.findings!.find((f) => f.message.includes('US_SSN'))?.location).toMatchObject({ row: 251, field: 'note' });
    expect(out.assets!.find((a) => a.kind === 'dataset')?.properties).toMatchObject({ compression: 'bzip2', rows: 300 });
  });

  it('a truncated .avro.gz keeps the rows before the cut and says the file is cut short, naming it', async () => {
    const gz = gzipSync(events);
    await writeFile(path.join(root, 'exports', 'cut.avro.gz'), gz.subarray(0, Math.floor(gz.length * 0.7)));
    const out = await inspect(root, 'exports/cut.avro.gz');
    expect(out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))?.location).toMatchObject({ row: 138 });
    expect(out.findings!.some((f) => f.message.includes('US_SSN'))).toBe(false);
    expect(out.issues!.map((i) => i.message).join('\n')).toMatch(/^exports\/cut\.avro\.gz: Avro could not be read past row \d+: unexpected end of file/m);
    expect(out.assets!.find((a) => a.kind === 'dataset')?.properties.scanComplete).toBe(false);
  });

  it('a gzip bomb stops at the byte budget: 192 MiB of zero blocks, read 4 MiB of, and a block claiming past the budget ends it as cut short, not corrupt', async () => {
    const bombSchema = { type: 'record', name: 'B', fields: [{ name: 'note', type: 'string' }, { name: 'blob', type: 'bytes' }] };
    // Each zero block: one record, an empty note and 1 MiB of zero bytes.
    const mib = 1 << 20;
    const zeroBlock = (() => {
      const body = Uint8Array.from([...zigzag(0), ...zigzag(mib)]);
      const head = Uint8Array.from([...zigzag(1), ...zigzag(body.length + mib)]);
      const b = new Uint8Array(head.length + body.length + mib + 16);
      b.set(head);
      b.set(body, head.length);
      b.set(avroHeader(bombSchema).subarray(-16), b.length - 16);
      return b;
    })();
    const first = avroBlock(bombSchema, [{ note: 'mail lee.moss@acme-corp.com', blob: new Uint8Array(0) }]);
    const bomb = await gzipStream((function* () {
      yield avroHeader(bombSchema);
      yield first;
      for (let i = 0; i < 192; i++) yield zeroBlock;
    })());
    expect(bomb.length).toBeLessThan(2 * mib);
    const file = path.join(root, 'exports', 'bomb.avro.gz');
    await writeFile(file, bomb);
    const maxBytes = 4 * mib;
    const status: ReadStatus = { rows: 0, truncated: false, bytes: 0 };
    let rows = 0;
    for await (const _ of readAvroSource({ absPath: file, gzip: true, maxBytes }, status, 1e9)) rows++;
    expect(status.truncated).toBe(true);
    expect(status.bytes).toBeLessThanOrEqual(maxBytes);
    expect(rows).toBeLessThan(5);
    // The same bytes in hand (an archive's member has no path): inflated here, stopped at the same budget.
    const inHand: ReadStatus = { rows: 0, truncated: false, bytes: 0 };
    for await (const _ of readAvroSource({ absPath: '', gzip: true, content: bomb, maxBytes }, inHand, 1e9)) void _;
    expect(inHand).toMatchObject({ truncated: true, rows: status.rows });
    expect(inHand.bytes).toBeLessThanOrEqual(maxBytes);
    const out = await inspect(root, 'exports/bomb.avro.gz', { maxDataBytes: maxBytes });
    expect(out.findings!.find((f) => f.message.includes('EMAIL_ADDRESS'))?.location).toMatchObject({ row: 1, field: 'note' });
    expect(out.issues!.map((i) => i.message)).toEqual([expect.stringMatching(/^exports\/bomb\.avro\.gz: read limit reached after \d+ bytes; the rest was not scanned$/)]);

    // One block claiming 200 MiB, the budget 4 MiB: refused before it is read, as cut short (the
    // stream here ends long before 200 MiB: read, it would have been called truncated).
    const claim = Uint8Array.from([...avroHeader(bombSchema), ...first, ...zigzag(1), ...zigzag(200 * mib), 0, 0, 0]);
    await writeFile(path.join(root, 'exports', 'claim.avro.gz'), gzipSync(claim));
    const s2: ReadStatus = { rows: 0, truncated: false, bytes: 0 };
    for await (const _ of readAvroSource({ absPath: path.join(root, 'exports', 'claim.avro.gz'), gzip: true, maxBytes }, s2, 1e9)) void _;
    expect(s2).toMatchObject({ rows: 1, truncated: true });
    expect(s2.bytes).toBeLessThan(mib);
  }, 60_000); // a hang guard (a bomb must not run away), not a speed measure

  it('inside a data zip: small .avro.gz and .avro.zst members are read from their bytes in hand', async () => {
    const { zipSync } = await import('fflate');
    await mkdir(path.join(root, 'data'), { recursive: true });
    await writeFile(path.join(root, 'data', 'export.zip'), zipSync({ 'events.avro.gz': gzipSync(events), 'old.avro.zst': zstdFrame(events) }));
    const out = await inspect(root, 'data/export.zip');
    const emails = out.findings!.filter((f) => f.message.includes('EMAIL_ADDRESS')).map((f) => f.location);
    expect(emails).toEqual([expect.objectContaining({ path: 'data/export.zip!/events.avro.gz', row: 138, field: 'contact.email' }), expect.objectContaining({ path: 'data/export.zip!/old.avro.zst', row: 138, field: 'contact.email' })]);
    expect(out.issues ?? []).toEqual([]);
  });
});
