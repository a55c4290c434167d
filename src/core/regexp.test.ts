import { describe, expect, it } from 'vitest';
import { escapeRegExp } from './regexp.js';

describe('escapeRegExp', () => {
  it('makes every character that means something in a pattern stand for itself', () => {
    const special = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o';
    expect(new RegExp(`^${escapeRegExp(special)}$`).test(special)).toBe(true);
    expect(new RegExp(escapeRegExp('a.b')).test('axb')).toBe(false);
    expect(escapeRegExp('plain words')).toBe('plain words');
  });
});
