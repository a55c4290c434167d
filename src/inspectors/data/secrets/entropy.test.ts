import { describe, expect, it } from 'vitest';
import { shannonEntropy } from './entropy.js';
import { Rng } from '../testing/random.js';

function reference(s: string): number {
  const m = new Map<string, number>();
  const cps = [...s];
  for (const c of cps) m.set(c, (m.get(c) ?? 0) + 1);
  return [...m.values()].reduce((h, c) => h - (c / cps.length) * Math.log2(c / cps.length), 0);
}

describe('Shannon entropy', () => {
  it('matches the textbook formula on ASCII and non-ASCII strings, call after call', () => {
    const r = new Rng(4);
    const alphabets = ['ab', 'abcdefghijklmnopqrstuvwxyz0123456789', 'aé€😀b', 'AAAAAAAB'];
    for (let i = 0; i < 200; i++) {
      const s = r.chars(r.int(1, 60), r.pick(alphabets));
      expect(shannonEntropy(s)).toBeCloseTo(reference(s), 10);
    }
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});
