import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readPrefix } from './bounded-read.js';
import { tempRoot } from './fixtures.test-support.js';
import { firstZipEntryName, listZipNames } from './zip-listing.js';

const enc = new TextEncoder();

/** Rewrites a classic zip's end record into the zip64 form big torch checkpoints use. */
function asZip64(zip: Uint8Array): Buffer {
  const b = Buffer.from(zip);
  const eocd = b.length - 22;
  const entries = b.readUInt16LE(eocd + 10);
  const cdSize = b.readUInt32LE(eocd + 12);
  const cdOffset = b.readUInt32LE(eocd + 16);
  const body = b.subarray(0, cdOffset + cdSize);
  const rec = Buffer.alloc(56);
  rec.writeUInt32LE(0x06064b50, 0);
  rec.writeBigUInt64LE(44n, 4);
  rec.writeUInt16LE(45, 12);
  rec.writeUInt16LE(45, 14);
  rec.writeBigUInt64LE(BigInt(entries), 24);
  rec.writeBigUInt64LE(BigInt(entries), 32);
  rec.writeBigUInt64LE(BigInt(cdSize), 40);
  rec.writeBigUInt64LE(BigInt(cdOffset), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(body.length), 8);
  loc.writeUInt32LE(1, 16);
  const end = Buffer.from(b.subarray(eocd));
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([body, rec, loc, end]);
}

function write(bytes: Uint8Array): { abs: string; size: number } {
  const abs = path.join(tempRoot(), 'z.bin');
  writeFileSync(abs, bytes);
  return { abs, size: bytes.length };
}

describe('zip listing', () => {
  const zip = zipSync({ 'm/data.pkl': enc.encode('x'), 'm/data/0': new Uint8Array(4), 'm/version': enc.encode('3') }, { level: 0 });

  it('lists names from the central directory, classic and zip64', async () => {
    const classic = write(zip);
    expect(await listZipNames(classic.abs, classic.size)).toEqual(['m/data.pkl', 'm/data/0', 'm/version']);
    const z64 = asZip64(zip);
    const big = write(z64);
    expect(await listZipNames(big.abs, big.size)).toEqual(['m/data.pkl', 'm/data/0', 'm/version']);
    expect(firstZipEntryName(zip)).toBe('m/data.pkl');
  });

  it('sad: truncated or non-zip input gives undefined, never throws', async () => {
    const cut = write(zip.subarray(0, zip.length - 10));
    expect(await listZipNames(cut.abs, cut.size)).toBeUndefined();
    const junk = write(new Uint8Array(100).fill(7));
    expect(await listZipNames(junk.abs, junk.size)).toBeUndefined();
    expect(firstZipEntryName(new Uint8Array(10))).toBeUndefined();
  });

  it('empty: an empty file is not a zip', async () => {
    const empty = write(new Uint8Array(0));
    expect(await listZipNames(empty.abs, 0)).toBeUndefined();
  });

  it('readPrefix falls back to a bounded read when the whole-file read is refused', async () => {
    const f = write(enc.encode('abcdef'));
    const refused = { absPath: f.abs, size: 6, bytes: () => Promise.reject(new Error('over cap')) };
    expect((await readPrefix(refused, 100)).toString()).toBe('abcdef');
    expect((await readPrefix({ ...refused, size: 6 }, 3)).toString()).toBe('abc');
  });
});
