import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { avroCodec } from './avro-codecs.js';

/**
 * The block codecs alone. Compressed input comes from Python's own bz2 and lzma (the standard
 * library: a real compressor, not one of ours); a machine without python3 skips, and says so.
 */

function pythonBytes(expr: string): Uint8Array | undefined {
  const r = spawnSync('python3', ['-c', `import sys, bz2, lzma; sys.stdout.buffer.write(${expr})`], { maxBuffer: 1 << 20 });
  return r.status === 0 ? new Uint8Array(r.stdout) : undefined;
}

describe('Avro block codecs: bzip2 and xz', () => {
  it('decode a block each way', async (t) => {
    const bz = pythonBytes("bz2.compress(b'Patient SSN 219-45-1234\\n' * 1000)");
    const xz = pythonBytes("lzma.compress(b'Patient SSN 219-45-1234\\n' * 1000, format=lzma.FORMAT_XZ)");
    if (!bz || !xz) return t.skip('no python3 here to compress test blocks');
    const want = 'Patient SSN 219-45-1234\n'.repeat(1000);
    expect(Buffer.from(await avroCodec('bzip2')(bz)).toString()).toBe(want);
    expect(Buffer.from(await avroCodec('xz')(xz)).toString()).toBe(want);
  });

  it('stop a bzip2 block that inflates past the block limit (300 MiB of zeros in 242 bytes), and name corrupt blocks', async (t) => {
    const bomb = pythonBytes("bz2.compress(b'\\0' * (300 << 20))");
    if (!bomb) return t.skip('no python3 here to compress test blocks');
    expect(() => avroCodec('bzip2')(bomb)).toThrow('bzip2 block inflates past 256 MiB (decompression stopped there)');
    expect(() => avroCodec('bzip2')(new TextEncoder().encode('BZh9 not really'))).toThrow(/^bzip2 block is corrupt/);
    await expect(Promise.resolve().then(() => avroCodec('xz')(new TextEncoder().encode('not xz at all')))).rejects.toThrow(/^xz block is corrupt/);
  }, 60_000); // a hang guard (a bomb must not run away), not a speed measure
});
