import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CappedSink } from './capped-sink.js';
import { decodeLzmaAlone, LzmaInputEnded, lzmaWindow } from './lzma-alone.js';

/** LZMA-alone streams as Python's lzma module (liblzma) writes them, or undefined without a python3. */
function pythonLzma(expr: string): Buffer | undefined {
  const py = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import lzma']).status === 0);
  if (!py) return undefined;
  const r = spawnSync(py, ['-c', `import sys, lzma; sys.stdout.buffer.write(lzma.compress(${expr}, format=lzma.FORMAT_ALONE))`]);
  return r.status === 0 ? r.stdout : undefined;
}

class Over extends Error {}
const sink = (cap = 1 << 24) => new CappedSink(cap, () => new Over());
const TEXT = "b''.join(b'record %d: the printer on floor %d jams\\n' % (i, i % 7) for i in range(4000))";
const expected = () => Buffer.from(Array.from({ length: 4000 }, (_, i) => `record ${i}: the printer on floor ${i % 7} jams\n`).join(''));
const NO_PYTHON = 'no python3 with lzma here; LZMA-alone streams not tested';
const written = pythonLzma(TEXT);

describe('decodeLzmaAlone', () => {
  it('decodes what liblzma writes', (t) => {
    const packed = written;
    if (!packed) return t.skip(NO_PYTHON);
    const out = sink();
    decodeLzmaAlone(packed, out);
    expect(Buffer.from(out.result()).equals(expected())).toBe(true);
  });

  it('a stream cut short throws LzmaInputEnded at once, keeping what came before (not output up to the cap)', (t) => {
    const packed = written;
    if (!packed) return t.skip(NO_PYTHON);
    const out = sink();
    expect(() => decodeLzmaAlone(packed.subarray(0, packed.length >> 1), out)).toThrow(LzmaInputEnded);
    const got = Buffer.from(out.result());
    expect(got.length).toBeGreaterThan(1000);
    expect(got.length).toBeLessThan(expected().length);
    expect(got.equals(expected().subarray(0, got.length))).toBe(true);
  });

  it('sizes the output window by the cap, not by what the header claims', () => {
    expect(lzmaWindow(0xffffffff, 1 << 20)).toBe((1 << 20) + 1);
    expect(lzmaWindow(8 << 20, 1 << 30)).toBe(8 << 20);
    expect(lzmaWindow(0xffffffff, 2 ** 40)).toBe(1536 * 1024 * 1024);
    expect(lzmaWindow(0, 1 << 20)).toBe(4096);
  });

  it('a header claiming a 4 GiB dictionary still decodes in a window the size of the cap', (t) => {
    const packed = written;
    if (!packed) return t.skip(NO_PYTHON);
    const hostile = Buffer.from(packed);
    hostile.writeUInt32LE(0xffffffff, 1);
    const out = sink(expected().length + 10);
    decodeLzmaAlone(hostile, out);
    expect(Buffer.from(out.result()).equals(expected())).toBe(true);
  });

  it('refuses a header no encoder writes, and garbage after a good header, with a clear message', () => {
    expect(() => decodeLzmaAlone(new Uint8Array(40).fill(0xe1), sink())).toThrow(/not an LZMA-alone header/);
    const garbage = new Uint8Array(60).map((_, i) => (i * 97 + 13) & 0xff);
    garbage.set([0x5d, 0, 0, 0x40, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0]);
    let thrown: unknown;
    try {
      decodeLzmaAlone(garbage, sink(1 << 30));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(Over);
  });
});
