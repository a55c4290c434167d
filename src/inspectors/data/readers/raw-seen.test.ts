import { describe, expect, it } from 'vitest';
import { RawSeen } from './raw-seen.js';

describe('RawSeen', () => {
  it('excuses one decoded hit per raw occurrence of its value, and no more', () => {
    // The value written whole once and split by a soft break once: the raw text holds it once.
    const seen = new RawSeen('token abcdef123\nand abc=\ndef123 again');
    expect(seen.takes('abcdef123')).toBe(true);
    expect(seen.takes('abcdef123')).toBe(false);
    expect(seen.takes('abcdef123')).toBe(false);
    expect(new RawSeen('none here').takes('abcdef123')).toBe(false);
    // Occurrences do not overlap: "aaaa" holds "aa" twice.
    const runs = new RawSeen('aaaa');
    expect([runs.takes('aa'), runs.takes('aa'), runs.takes('aa')]).toEqual([true, true, false]);
  });
});
