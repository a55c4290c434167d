import { describe, expect, it } from 'vitest';
import { Memo, MEMO_MAX_KEY } from './memo.js';
import type { PVal } from './values.js';

describe('Memo', () => {
  it('stores and reads back entries across pages, unwritten keys read undefined', () => {
    const m = new Memo();
    const v: PVal = { t: 'none' };
    m.set(0, 'a');
    m.set(4095, v);
    m.set(4096, 'b');
    m.set(1_000_000, 'far');
    expect(m.get(0)).toBe('a');
    expect(m.get(4095)).toBe(v);
    expect(m.get(4096)).toBe('b');
    expect(m.get(1_000_000)).toBe('far');
    expect(m.get(1)).toBeUndefined();
    expect(m.get(999_999)).toBeUndefined();
    expect(m.get(50_000_000)).toBeUndefined();
  });

  it('never lets a huge key wrap onto a small one', () => {
    const m = new Memo();
    m.set(0, 'zero');
    expect(m.get(2 ** 32)).toBeUndefined();
    expect(m.get(2 ** 32 + 4096)).toBeUndefined();
    expect(m.get(1e30)).toBeUndefined();
    expect(() => m.set(MEMO_MAX_KEY + 1, 'x')).toThrow(RangeError);
  });
});
