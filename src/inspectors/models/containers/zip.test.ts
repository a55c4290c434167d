import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySource, withFileSource } from '../io/byte-source.js';
import { concat } from '../testing/format-writers.js';
import { writeZipFile, zipBytes } from '../testing/zip-writer.js';
import { entryDataOffset, readZipDirectory, ZipError } from './zip.js';
import { readTarEntries } from './tar.js';
import { tarBytes } from '../testing/format-writers.js';

const enc = new TextEncoder();

describe('zip directory reader', () => {
  it('lists members and finds data even when the local name differs from the central one', async () => {
    const z = zipBytes([{ name: 'a/data.pkl', data: enc.encode('hello'), localName: 'zzz/other-name.bin' }, { name: 'b.txt', data: enc.encode('x'), deflate: true }]);
    const src = memorySource(z);
    const { entries } = await readZipDirectory(src, 100);
    expect(entries.map((e) => [e.name, e.method])).toEqual([['a/data.pkl', 0], ['b.txt', 8]]);
    const at = await entryDataOffset(src, entries[0]!);
    expect(new TextDecoder().decode(await src.read(at, 5))).toBe('hello');
  });

  it('handles self-extracting stubs (data before the archive)', async () => {
    const z = concat([new Uint8Array(1000).fill(7), zipBytes([{ name: 'x.pkl', data: enc.encode('abc') }])]);
    const { entries } = await readZipDirectory(memorySource(z), 10);
    expect(entries[0]?.name).toBe('x.pkl');
  });

  it('reads the directory where the end record says when bytes sit between them (as torch\'s miniz does)', async () => {
    const z = zipBytes([{ name: 'archive/data.pkl', data: enc.encode('abc') }]);
    const eocd = z.length - 22;
    const gapped = concat([z.subarray(0, eocd), new Uint8Array(40).fill(9), z.subarray(eocd)]);
    const src = memorySource(gapped);
    const { entries } = await readZipDirectory(src, 10);
    expect(entries.map((e) => e.name)).toEqual(['archive/data.pkl']);
    expect(new TextDecoder().decode(await src.read(await entryDataOffset(src, entries[0]!), 3))).toBe('abc');
  });

  it('caps the member count and rejects files with no directory', async () => {
    const z = zipBytes(Array.from({ length: 5 }, (_, i) => ({ name: `m${i}`, data: new Uint8Array(1) })));
    expect((await readZipDirectory(memorySource(z), 3)).truncated).toBe(true);
    await expect(readZipDirectory(memorySource(enc.encode('PK\u0003\u0004 not really')), 3)).rejects.toBeInstanceOf(ZipError);
  });

  it('reads ZIP64 directories of a multi-GB sparse archive with a few small reads', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-zip64-'));
    const file = path.join(dir, 'big.pt');
    try {
      await writeZipFile(file, [{ name: 'archive/data.pkl', data: enc.encode('pkl') }, { name: 'archive/data/0', sparse: 5 * 1024 ** 3 }, { name: 'archive/version', data: enc.encode('3') }]);
      const entries = await withFileSource(file, async (src) => (await readZipDirectory(src, 10)).entries);
      expect(entries.map((e) => e.name)).toEqual(['archive/data.pkl', 'archive/data/0', 'archive/version']);
      expect(entries[1]?.size).toBe(5 * 1024 ** 3);
      expect(entries[2]?.localHeaderOffset).toBeGreaterThan(5 * 1024 ** 3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('tar reader', () => {
  it('lists ustar members and rejects a corrupt header checksum', async () => {
    const t = tarBytes([{ name: 'model/a.pkl', data: enc.encode('abc') }, { name: 'b', data: new Uint8Array(600) }]);
    const { entries } = await readTarEntries(memorySource(t), 10);
    expect(entries.map((e) => [e.name, e.size])).toEqual([['model/a.pkl', 3], ['b', 600]]);
    t[0] = (t[0] ?? 0) ^ 0xff;
    await expect(readTarEntries(memorySource(t), 10)).rejects.toThrow(/checksum/);
  });
});
