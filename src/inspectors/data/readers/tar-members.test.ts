import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tarArchive as tar, tarHeader as header, tarMember as member } from '../testing/format-writers.js';
import { tarMembers } from './tar-members.js';

/**
 * Tar variants Python's tarfile and GNU tar read and an early reader here did not: old-GNU sparse
 * members (extension headers between header and data), pax sparse members (named by a record),
 * checksums summed over signed bytes, and old-GNU headers that keep times where ustar keeps a
 * name prefix. Sparse archives come from GNU tar itself, run on a file this test writes.
 */

async function members(bytes: Uint8Array): Promise<{ names: string[]; texts: Record<string, string>; error?: string }> {
  const chunks = (async function* () {
    for (let i = 0; i < bytes.length; i += 700) yield bytes.subarray(i, i + 700);
  })();
  const names: string[] = [];
  const texts: Record<string, string> = {};
  try {
    for await (const m of tarMembers(chunks, () => true)) {
      names.push(m.name);
      texts[m.name] = Buffer.from(m.body!).toString('latin1');
    }
  } catch (e) {
    return { names, texts, error: (e as Error).message };
  }
  return { names, texts };
}

/** Rewrites a header's checksum, summing its bytes signed (old Sun / HP-UX tars) or unsigned. */
function resign(h: Uint8Array, signed: boolean): Uint8Array {
  h.fill(32, 148, 156);
  const sum = h.reduce((a, b) => a + (signed && b > 127 ? b - 256 : b), 0);
  Buffer.from(h.buffer, h.byteOffset).write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

function withBody(h: Uint8Array, body: string): Uint8Array {
  const b = Buffer.from(body);
  return Buffer.concat([h, b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
}

const dir = mkdtempSync(join(tmpdir(), 'aispm-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of nine data runs with holes between, the last run holding an e-mail address. */
function sparseFile(): string {
  const path = join(dir, 'big.txt');
  writeFileSync(path, '');
  const fd = openSync(path, 'r+');
  for (let i = 0; i < 8; i++) writeSync(fd, `run ${i} text `.repeat(10), i * 65536);
  writeSync(fd, 'last run: contact jane@acme-corp.com\n', 8 * 65536);
  closeSync(fd);
  writeFileSync(join(dir, 'after.txt'), 'read after the sparse member\n');
  return path;
}

describe('tar members', () => {
  it('reads an old-GNU sparse member past its extension headers, and the member after it (GNU tar)', async () => {
    sparseFile();
    const out = join(dir, 'old.tar');
    execFileSync('tar', ['--format=oldgnu', '--sparse', '-cf', out, '-C', dir, 'big.txt', 'after.txt']);
    const bytes = new Uint8Array(readFileSync(out));
    // Nine runs: four in the header, the rest in one extension header GNU tar wrote after it.
    expect(bytes[156]).toBe('S'.charCodeAt(0));
    expect(bytes[482]).toBe(1);
    const { names, texts, error } = await members(bytes);
    expect(error).toBeUndefined();
    expect(names).toEqual(['big.txt', 'after.txt']);
    expect(texts['big.txt']).toMatch(/^run 0 text /);
    expect(texts['big.txt']).toContain('last run: contact jane@acme-corp.com');
    expect(texts['after.txt']).toBe('read after the sparse member\n');
  });

  it('names a pax sparse member by its GNU.sparse.name record (GNU tar, POSIX format)', async () => {
    sparseFile();
    const out = join(dir, 'pax.tar');
    execFileSync('tar', ['--format=posix', '--sparse', '-cf', out, '-C', dir, 'big.txt', 'after.txt']);
    const { names, texts, error } = await members(new Uint8Array(readFileSync(out)));
    expect(error).toBeUndefined();
    expect(names).toEqual(['big.txt', 'after.txt']);
    expect(texts['big.txt']).toContain('last run: contact jane@acme-corp.com');
  });

  it('takes a checksum summed over signed bytes, as old tars wrote it', async () => {
    const h = header('misc/umlauts-\u00c4\u00d6\u00dc', 5);
    const bad = withBody(resign(header('x', 5), false), 'first');
    const signed = withBody(resign(h, true), 'hello');
    // A name with bytes over 127 is where the two sums differ.
    expect(h.some((b) => b > 127)).toBe(true);
    const { names, texts, error } = await members(tar(bad, signed, member('after.txt', 'after')));
    expect(error).toBeUndefined();
    expect(names).toEqual(['x', 'misc/umlauts-\u00c4\u00d6\u00dc', 'after.txt']);
    expect(texts['misc/umlauts-\u00c4\u00d6\u00dc']).toBe('hello');
  });

  it('does not read an old-GNU header\'s access time as a name prefix', async () => {
    const h = header('gnu/regtype', 5);
    Buffer.from(h.buffer, h.byteOffset).write('ustar  \0', 257);
    Buffer.from(h.buffer, h.byteOffset).write('07612345670\0', 345);
    const { names } = await members(tar(withBody(resign(h, false), 'hello')));
    expect(names).toEqual(['gnu/regtype']);
  });

  it('sizes a member by its pax size record', async () => {
    const body = 'a member whose header size field is left at zero';
    const record = ` size=${body.length}\n`;
    const pax = member('PaxHeader', `${record.length + 2}${record}`, 'x');
    const { texts, error } = await members(tar(pax, withBody(header('big.txt', 0), body), member('after.txt', 'after')));
    expect(error).toBeUndefined();
    expect(texts).toEqual({ 'big.txt': body, 'after.txt': 'after' });
  });

  it('still stops at a header whose checksum holds neither way', async () => {
    const bytes = tar(member('1.txt', 'one'), member('2.txt', 'two'));
    bytes[1024 + 10] = 0x41;
    const { names, error } = await members(bytes);
    expect(names).toEqual(['1.txt']);
    expect(error).toBe('tar header at byte 1024 has a bad checksum (not a tar file, or corrupt)');
  });
});
