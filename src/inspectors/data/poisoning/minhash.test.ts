import { describe, expect, it } from 'vitest';
import { bandKeysInto, densifyBySteps, NUM_BANDS, NUM_HASHES, SHIFT, signatureInto, similarity } from './minhash.js';
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

/** Densification by its definition: an empty bin takes the first filled bin along its probe order. */
function densifyReference(sig: Int32Array, filled: readonly boolean[]): Int32Array {
  const out = sig.slice();
  for (let i = 0; i < NUM_HASHES; i++) {
    if (filled[i]) continue;
    const k = SHIFT.findIndex((d) => filled[(i + d) & 63] === true);
    out[i] = sig[(i + SHIFT[k]!) & 63]!;
  }
  return out;
}

describe('densified one-permutation MinHash', () => {
  it('fills empty bins as the per-bin probe search does, both ways, from one filled bin to all', () => {
    const r = new Rng(41);
    for (let trial = 0; trial < 3000; trial++) {
      const filled = Array.from({ length: NUM_HASHES }, () => false);
      const count = trial < 64 ? trial + 1 : r.int(1, 64);
      for (let placed = 0; placed < count; ) {
        const b = r.int(0, 63);
        if (filled[b]) continue;
        filled[b] = true;
        placed++;
      }
      let lo = 0;
      let hi = 0;
      filled.forEach((f, b) => {
        if (f && b < 32) lo |= 1 << b;
        else if (f) hi |= 1 << (b - 32);
      });
      const sig = Int32Array.from({ length: NUM_HASHES }, (_, b) => (filled[b] ? r.int(0, 2 ** 26 - 1) : 0x7fffffff));
      const want = densifyReference(sig, filled);
      for (const byPlanes of [false, true]) {
        // At an offset, as signatures sit in their blocks.
        const block = new Int32Array(3 * NUM_HASHES);
        block.set(sig, NUM_HASHES);
        densifyBySteps(block, NUM_HASHES, lo, hi, byPlanes);
        expect(block.subarray(NUM_HASHES, 2 * NUM_HASHES), `planes ${byPlanes}, ${count} filled`).toEqual(want);
      }
    }
  });

  it('gives a record whose shingles all fall in one bin that bin everywhere', () => {
    // Three words: one shingle. A word repeated: one shingle, many times.
    for (const tokens of [[5, 9, 13], [7, 7, 7, 7, 7, 7]]) expect(new Set(sig(tokens)).size).toBe(1);
  });

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
