import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Lz4FrameStream } from './lz4-frame.js';

/** Decodes `input` pushed in pieces of `piece` bytes; returns the output joined. */
function decode(input: Uint8Array, piece = input.length || 1): Buffer {
  const out: Uint8Array[] = [];
  const d = new Lz4FrameStream((c) => out.push(c));
  for (let i = 0; i < input.length; i += piece) d.push(input.subarray(i, i + piece), i + piece >= input.length);
  if (!input.length) d.push(input, true);
  return Buffer.concat(out);
}

const HEADER_LINKED = [0x04, 0x22, 0x4d, 0x18, 0x40, 0x40, 0x00];
const END = [0, 0, 0, 0];
const block = (bytes: number[]) => [bytes.length & 0xff, (bytes.length >> 8) & 0xff, 0, 0, ...bytes];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('Lz4FrameStream', () => {
  // Block 1: the literals "abcd". Block 2: a match 4 back (into block 1: blocks are linked), then the literal "e".
  const linked = Uint8Array.from([...HEADER_LINKED, ...block([0x40, ...ascii('abcd')]), ...block([0x00, 0x04, 0x00, 0x10, ...ascii('e')]), ...END]);

  it('decodes linked blocks, a match reaching into the block before, however the input is cut', () => {
    for (const piece of [1, 2, 3, 5, 7, linked.length]) expect(decode(linked, piece).toString()).toBe('abcdabcde');
  });

  it('refuses a match into the block before when blocks are independent', () => {
    const independent = Uint8Array.from(linked);
    independent[4] = 0x60;
    expect(() => decode(independent)).toThrow(/offset 4 out of range/);
  });

  it('steps over skippable frames and reads frames back to back, stored blocks too', () => {
    const stored = [0x02, 0x00, 0x00, 0x80, ...ascii('xy')];
    const skippable = [0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9];
    const two = Uint8Array.from([...linked, ...skippable, ...HEADER_LINKED, ...stored, ...END]);
    for (const piece of [1, 4, two.length]) expect(decode(two, piece).toString()).toBe('abcdabcdexy');
  });

  it('says what is wrong with corrupt or cut-short input', () => {
    expect(() => decode(Uint8Array.from([1, 2, 3, 4, 5]))).toThrow(/not an LZ4 frame/);
    expect(() => decode(linked.subarray(0, linked.length - 6))).toThrow(/input ends inside a frame/);
    const dict = Uint8Array.from(linked);
    dict[4] = dict[4]! | 1;
    expect(() => decode(dict)).toThrow(/dictionary/);
    const oversized = Uint8Array.from([...HEADER_LINKED, 0x01, 0x00, 0x01, 0x00]);
    expect(() => decode(oversized)).toThrow(/block of 65537 bytes/);
  });

  it('decodes what python-lz4 writes (linked and independent blocks, checksums, content size)', (t) => {
    const py = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import lz4.frame']).status === 0);
    if (!py) return t.skip('no python3 with lz4 (python3-lz4) here; real LZ4 frames not tested');
    const script = `
import sys, lz4.frame as f
text = b''.join(b'line %d of a long log that repeats itself\\n' % i for i in range(40000))
sys.stdout.buffer.write(f.compress(text) + f.compress(text, block_linked=False, block_size=f.BLOCKSIZE_MAX256KB, content_checksum=True, block_checksum=True, store_size=False))`;
    const r = spawnSync(py, ['-c', script], { maxBuffer: 1 << 26 });
    expect(r.status, r.stderr?.toString()).toBe(0);
    const text = Buffer.from(Array.from({ length: 40000 }, (_, i) => `line ${i} of a long log that repeats itself\n`).join(''));
    for (const piece of [4096, 1 << 20]) expect(decode(r.stdout, piece).equals(Buffer.concat([text, text]))).toBe(true);
  });
});
