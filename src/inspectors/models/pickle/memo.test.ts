import { describe, expect, it } from 'vitest';
import { Memo, MEMO_MAX_KEY } from './memo.js';
import type { PVal } from './values.js';

const str = (v: string): PVal => ({ t: 'str', v, len: v.length });

describe('Memo', () => {
  it('stores and reads back entries across pages, unwritten keys read undefined', () => {
    const m = new Memo();
    const v: PVal = { t: 'none' };
    m.set(0, str('a'));
    m.set(4095, v);
    m.set(4096, str('b'));
    m.set(1_000_000, str('far'));
    expect(m.get(0)).toEqual(str('a'));
    expect(m.get(4095)).toBe(v);
    expect(m.get(4096)).toEqual(str('b'));
    expect(m.get(1_000_000)).toEqual(str('far'));
    expect(m.get(1)).toBeUndefined();
    expect(m.get(999_999)).toBeUndefined();
    expect(m.get(50_000_000)).toBeUndefined();
  });

  it('never lets a huge or negative key wrap onto a small one', () => {
    const m = new Memo();
    m.set(0, str('zero'));
    expect(m.get(2 ** 32)).toBeUndefined();
    expect(m.get(2 ** 32 + 4096)).toBeUndefined();
    expect(m.get(1e30)).toBeUndefined();
    expect(m.get(-1)).toBeUndefined();
    expect(m.get(-(2 ** 31))).toBeUndefined();
    expect(() => m.set(MEMO_MAX_KEY + 1, str('x'))).toThrow(RangeError);
    expect(() => m.set(-1, str('x'))).toThrow(RangeError);
  });

  it('swap returns what the slot held, strings as str values', () => {
    const m = new Memo();
    const long = 'model.layers.0.self_attn.q_proj.weight';
    for (let i = 0; i < 20_000; i++) m.swap(i, str(`${long}.${i}`));
    expect(m.get(19_999)).toEqual(str(`${long}.19999`));
    const v: PVal = { t: 'none' };
    expect(m.swap(5, v)).toEqual(str(`${long}.5`));
    expect(m.get(5)).toBe(v);
    expect(m.swap(30_000, v)).toBeUndefined();
    expect(m.get(30_000)).toBe(v);
  });

  it('keeps values that are not strings as they are, including strings too long to keep', () => {
    const m = new Memo();
    const skipped: PVal = { t: 'str', v: undefined, len: 1 << 20 };
    m.set(1, skipped);
    expect(m.get(1)).toBe(skipped);
  });
});
