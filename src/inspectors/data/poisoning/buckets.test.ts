import { describe, expect, it } from 'vitest';
import { BandBuckets } from './buckets.js';
import { NUM_BANDS } from './minhash.js';
import { fmix32 } from './mix.js';
import { BLOCK } from './signatures.js';
import { Rng } from '../testing/random.js';

/** Band-key blocks (band-major within a block) for records given as one key per band. */
function keysOf(rows: number[][]): Int32Array[] {
  const blocks = Array.from({ length: Math.ceil(rows.length / BLOCK) }, () => new Int32Array(BLOCK * NUM_BANDS));
  rows.forEach((r, i) => r.forEach((v, b) => (blocks[Math.floor(i / BLOCK)]![b * BLOCK + (i % BLOCK)] = v)));
  return blocks;
}

describe('LSH band buckets', () => {
  it('lists the records sharing a band key, in index order, once per band', () => {
    const fill = (v: number) => Array.from({ length: NUM_BANDS }, (_, b) => v * 100 + b);
    const rows = [fill(1), fill(2), fill(1), fill(3), fill(1)];
    rows[3]![5] = rows[1]![5]!; // records 1 and 3 share band 5 only
    const b = new BandBuckets(keysOf(rows), rows.length);
    const seen: string[] = [];
    b.forEach((list, size, band) => seen.push(`${band}:${Array.from(list.subarray(0, size)).join(',')}`));
    expect(seen.filter((s) => s.endsWith(':0,2,4'))).toHaveLength(NUM_BANDS);
    expect(seen).toContain('5:1,3');
    expect(seen).toHaveLength(NUM_BANDS + 1);
  });

  it('caps a bucket list and says whether a pair was already looked at in an earlier band', () => {
    const same = Array.from({ length: NUM_BANDS }, () => 7);
    const rows = Array.from({ length: 10 }, () => [...same]);
    const b = new BandBuckets(keysOf(rows), rows.length, 4);
    const sizes: number[] = [];
    const pairedBefore: boolean[] = [];
    b.forEach((list, size, band) => {
      sizes.push(size);
      expect(Array.from(list.subarray(0, size))).toEqual([0, 1, 2, 3]);
      pairedBefore.push(b.pairedBefore(0, 1, band), b.pairedBefore(0, 9, band));
    });
    expect(sizes).toEqual(Array.from({ length: NUM_BANDS }, () => 4));
    // (0, 1) was listed in band 0, so from band 1 on it was; (0, 9) never was (past the cap).
    expect(pairedBefore.filter((x, i) => i % 2 === 0)).toEqual([false, ...Array.from({ length: NUM_BANDS - 1 }, () => true)]);
    expect(pairedBefore.filter((x, i) => i % 2 === 1).every((x) => !x)).toBe(true);
  });

  it('among thousands of singletons, visits exactly the buckets a key-by-key map finds, in the same order', () => {
    const r = new Rng(5);
    // Few distinct keys in some bands (many real buckets), all distinct in others (singletons only).
    const rows = Array.from({ length: 5000 }, () => Array.from({ length: NUM_BANDS }, (_, b) => (b % 4 === 0 ? r.int(0, 2 ** 31) : r.int(0, 1200 * (b + 1)))));
    const seen: string[] = [];
    new BandBuckets(keysOf(rows), rows.length, 8).forEach((list, size, band) => seen.push(`${band}:${Array.from(list.subarray(0, size)).join(',')}`));
    const expected: string[] = [];
    for (let b = 0; b < NUM_BANDS; b++) {
      // Buckets in the order a backwards pass meets them (by their last record, descending).
      const byKey = new Map<number, number[]>();
      for (let i = rows.length - 1; i >= 0; i--) byKey.set(rows[i]![b]!, [i, ...(byKey.get(rows[i]![b]!) ?? [])]);
      for (const list of byKey.values()) if (list.length > 1) expected.push(`${b}:${list.slice(0, 8).join(',')}`);
    }
    expect(seen.length).toBeGreaterThan(1000);
    expect(seen).toEqual(expected);
  });

  it('may compare slot hashes for keys: murmur\'s finaliser is a bijection (it has an inverse)', () => {
    // The inverse of multiplying by an odd constant mod 2^32 (Newton's iteration doubles the correct bits).
    const inverse = (c: number) => {
      let x = c;
      for (let k = 0; k < 5; k++) x = Math.imul(x, 2 - Math.imul(c, x));
      return x;
    };
    const unmix = (h: number) => {
      h ^= h >>> 16;
      h = Math.imul(h, inverse(0xc2b2ae35));
      h ^= (h >>> 13) ^ (h >>> 26);
      h = Math.imul(h, inverse(0x85ebca6b));
      return (h ^ (h >>> 16)) | 0;
    };
    const r = new Rng(9);
    for (let i = 0; i < 10_000; i++) {
      const x = r.int(0, 2 ** 32 - 1) | 0;
      expect(unmix(fmix32(x))).toBe(x);
    }
  });
});
