import { describe, expect, it } from 'vitest';
import { bandKeysInto, NUM_BANDS, NUM_HASHES, signatureInto, similarity } from './minhash.js';
import { Rng } from '../testing/random.js';

function sig(tokens: readonly number[]): Int32Array {
  const s = new Int32Array(NUM_HASHES);
  signatureInto(Int32Array.from(tokens), tokens.length, s, 0);
  return s;
}

function bands(s: Int32Array): Int32Array {
  const out = new Int32Array(NUM_BANDS);
  bandKeysInto(s, 0, out, 0);
  return out;
}

/**
 * Two token sequences of `len` distinct tokens whose shingle sets have Jaccard `shared / (2·len'−shared)`:
 * both start with the same `keep` tokens and go on with tokens of their own.
 */
function pair(r: Rng, len: number, keep: number): [number[], number[]] {
  const head = Array.from({ length: keep }, () => r.int(1, 2 ** 30));
  const tail = () => Array.from({ length: len - keep }, () => r.int(1, 2 ** 30));
  return [[...head, ...tail()], [...head, ...tail()]];
}

/** Exact Jaccard of two sequences' 3-shingle sets. */
function shingleJaccard(a: number[], b: number[]): number {
  const sh = (x: number[]) => new Set(x.slice(0, -2).map((_, i) => `${x[i]},${x[i + 1]},${x[i + 2]}`));
  const sa = sh(a);
  const sb = sh(b);
  const inter = [...sa].filter((s) => sb.has(s)).length;
  return inter / (sa.size + sb.size - inter);
}

describe('densified one-permutation MinHash', () => {
  it('fills every bin, however short the record', () => {
    for (const len of [1, 2, 3, 4, 5]) {
      const s = sig(Array.from({ length: len }, (_, i) => i * 7919 + 1));
      expect(s.every((v) => v >= 0 && v < 2 ** 26), `len ${len}`).toBe(true);
    }
  });

  it('gives identical records identical signatures and band keys, and is order-sensitive', () => {
    const a = [5, 9, 13, 21, 34, 55];
    expect(sig(a)).toEqual(sig([...a]));
    expect(bands(sig(a))).toEqual(bands(sig([...a])));
    expect(similarity(sig(a), 0, sig([...a].reverse()), 0)).toBeLessThan(0.2);
  });

  it('estimates shingle Jaccard without bias and with the spread of 64 independent hashes, short records included', () => {
    const r = new Rng(3);
    for (const [len, keep] of [
      [5, 4],
      [12, 10],
      [12, 7],
      [40, 34],
    ] as const) {
      let sum = 0;
      let sq = 0;
      let truth = 0;
      const trials = 400;
      for (let t = 0; t < trials; t++) {
        const [a, b] = pair(r, len, keep);
        truth = shingleJaccard(a, b);
        const e = similarity(sig(a), 0, sig(b), 0);
        sum += e;
        sq += e * e;
      }
      const mean = sum / trials;
      const sd = Math.sqrt(sq / trials - mean * mean);
      expect(Math.abs(mean - truth), `len ${len} keep ${keep}`).toBeLessThan(0.03);
      // Independent hashes: sqrt(J(1−J)/64) ≤ 0.0625.
      expect(sd, `len ${len} keep ${keep}`).toBeLessThan(0.075);
    }
  });

  it('puts pairs at Jaccard ≥ 0.8 in a common band, and pairs far apart almost never', () => {
    const r = new Rng(5);
    const collide = (len: number, keep: number) => {
      let hits = 0;
      for (let t = 0; t < 300; t++) {
        const [a, b] = pair(r, len, keep);
        const ka = bands(sig(a));
        const kb = bands(sig(b));
        if (ka.some((k, i) => k === kb[i])) hits++;
      }
      return hits / 300;
    };
    expect(collide(5, 5)).toBe(1); // identical short records
    expect(collide(20, 18)).toBeGreaterThan(0.99);
    expect(collide(40, 36)).toBeGreaterThan(0.99);
    expect(collide(20, 4)).toBeLessThan(0.05);
    expect(collide(5, 0)).toBe(0);
  });
});
