import { describe, expect, it } from 'vitest';
import { canonicalJson, jsonEqual } from './diff.js';

describe('jsonEqual (the asset diff fast path)', () => {
  const cases: [unknown, unknown][] = [
    [{ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }],
    [{ a: 1, u: undefined }, { a: 1 }],
    [{ a: 1 }, { a: 2 }],
    [{ a: [1, 2] }, { a: [2, 1] }],
    [{ a: {} }, { a: [] }],
    [{ a: null }, { a: {} }],
    [{ a: 1 }, { a: 1, b: 0 }],
    [undefined, {}],
    ['1', 1],
  ];
  it.each(cases)('never calls unequal values equal: %j vs %j', (a, b) => {
    if (jsonEqual(a, b)) expect(canonicalJson(a)).toBe(canonicalJson(b));
    else expect(canonicalJson(a) === canonicalJson(b) && JSON.stringify(a) === JSON.stringify(b)).toBe(false);
  });
  it('ignores key order and undefined keys', () => {
    expect(jsonEqual({ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1, d: undefined })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
  });
});
