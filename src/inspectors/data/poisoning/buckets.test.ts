import { describe, expect, it } from 'vitest';
import { BandBuckets } from './buckets.js';
import { NUM_BANDS } from './minhash.js';

/** Band keys for records given as one key per band. */
function keysOf(rows: number[][]): Int32Array {
  const k = new Int32Array(rows.length * NUM_BANDS);
  rows.forEach((r, i) => r.forEach((v, b) => (k[i * NUM_BANDS + b] = v)));
  return k;
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
});
