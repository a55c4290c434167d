import { describe, expect, it } from 'vitest';
import { applyDelta, deltaHeader } from './delta.js';
import { GitFormatError } from './errors.js';
import { craftDelta } from './testing/pack-writer.js';

const base = Buffer.from('the quick brown fox jumps over the lazy dog');
const LIMIT = 1 << 20;

describe('applyDelta', () => {
  it('copies from the base and inserts literal bytes', () => {
    // copy offset 4 size 5 ("quick"), insert " red", copy offset 15 size 4 (" fox").
    const d = craftDelta(base.length, 13, [0x91, 4, 5, 4, ...Buffer.from(' red'), 0x91, 15, 4]);
    expect(applyDelta(base, d, 'x.pack', LIMIT).toString()).toBe('quick red fox');
  });
  it('reads multi-byte sizes and the 0x10000 copy size', () => {
    const big = Buffer.alloc(0x10000 + 10, 7);
    const d = craftDelta(big.length, 0x10000, [0x80]);
    const out = applyDelta(big, d, 'x.pack', LIMIT);
    expect(out.length).toBe(0x10000);
    expect(deltaHeader(d, 'x.pack')).toEqual({ baseSize: big.length, targetSize: 0x10000, start: 6 });
  });
  it.each([
    ['a copy past the end of the base', craftDelta(base.length, 10, [0x91, 40, 10]), /copies bytes 40\.\.50/],
    ['a write past the declared target', craftDelta(base.length, 3, [0x04, 1, 2, 3, 4]), /past its declared target/],
    ['a short result', craftDelta(base.length, 9, [0x02, 1, 2]), /produced 2 bytes, declared 9/],
    ['the reserved instruction', craftDelta(base.length, 1, [0x00]), /reserved instruction/],
    ['a base of the wrong size', craftDelta(5, 1, [0x01, 65]), /expects a base of 5 bytes/],
    ['a truncated copy', craftDelta(base.length, 1, [0x91, 4]), /truncated/],
    ['a truncated insert', craftDelta(base.length, 5, [0x05, 1]), /truncated/],
    ['a truncated header', Buffer.from([0x80]), /truncated/],
    ['a target over the limit', craftDelta(base.length, LIMIT + 1, []), /over the 1048576-byte limit/],
  ])('refuses %s with a GitFormatError naming the file', (_what, delta, message) => {
    let err: unknown;
    try {
      applyDelta(base, delta, 'objects/pack/x.pack', LIMIT);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GitFormatError);
    expect((err as Error).message).toMatch(/^objects\/pack\/x\.pack: /);
    expect((err as Error).message).toMatch(message);
  });
});
