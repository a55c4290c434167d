/**
 * MinHash signatures over word 3-shingles and banded LSH, for near-duplicate records.
 *
 * One-permutation hashing with densification in the manner of Shrivastava's optimal densification
 * (ICML 2017): each shingle is hashed once, its top 6 bits pick one of 64 bins and the rest is
 * minimised per bin; a bin no shingle reached borrows the value of the first filled bin along a
 * probe sequence that is the same for every record, so two records agree on a bin with probability
 * equal to their shingle Jaccard, as with 64 independent hash functions — at 1/64 of the hashing.
 * The probes are shifts of the bin index, so one step tests all bins on a 64-bit mask; measured
 * on sets of 3–25 shingles, the estimate's spread matches 64 independent hash functions.
 * 16 bands of 4 rows: pairs with Jaccard ≈ 0.8 collide in some band with probability > 0.99,
 * pairs at 0.3 about 12 % of the time, at 0.2 about 2.5 %; candidates are then confirmed by the
 * caller.
 */
import { fmix32 } from './mix.js';

export const NUM_HASHES = 64;
export const NUM_BANDS = 16;
const ROWS = NUM_HASHES / NUM_BANDS;

/** A bin no shingle reached (values are 26-bit, so it is never a real minimum). */
const EMPTY = 0x7fffffff;

/**
 * The densification's probe order: at step k, every still-empty bin i looks at bin
 * (i + SHIFT[k]) mod 64 and borrows its value when a shingle filled it. SHIFT is a fixed
 * pseudo-random order of the 63 non-zero shifts (the same for every record, which is what makes
 * borrowed values comparable), so every bin is resolved within 63 steps; a step tests all 64 bins
 * at once on a 64-bit mask.
 */
const SHIFT = new Uint8Array(NUM_HASHES - 1);
for (let k = 0; k < SHIFT.length; k++) SHIFT[k] = k + 1;
for (let k = SHIFT.length - 1; k > 0; k--) {
  const j = (fmix32(Math.imul(k + 1, 0x9e3779b1)) >>> 0) % (k + 1);
  [SHIFT[k], SHIFT[j]] = [SHIFT[j]!, SHIFT[k]!];
}

/** One well-mixed 32-bit hash of three consecutive tokens (order matters). */
function shingle(a: number, b: number, c: number): number {
  return fmix32(a ^ Math.imul(b, 0x5bd1e995) ^ Math.imul(c, 0x27d4eb2d));
}

/**
 * Writes the signature of a token sequence (32-bit token values `th[0..n)`, n ≥ 1) to
 * `sig[off..off+64)`: minima over its word 3-shingles, or over one shingle of all its words when
 * it has fewer than three.
 */
export function signatureInto(th: Int32Array, n: number, sig: Int32Array, off: number): void {
  sig.fill(EMPTY, off, off + NUM_HASHES);
  // Which bins a shingle reached, as a 64-bit mask (two halves), kept while folding: reading the 64
  // bins back for it afterwards was a third of densify's time on short records.
  let lo = 0;
  let hi = 0;
  if (n < 3) {
    const bin = fold(sig, off, shingle(th[0]!, n > 1 ? th[1]! : 0, 0x2545f491));
    const swap = -(bin >>> 5);
    lo |= (1 << bin) & ~swap;
    hi |= (1 << bin) & swap;
  } else {
    for (let i = 0; i < n - 2; i++) {
      // A JS shift takes its count mod 32: bit (bin mod 32) of the half the bin's sixth bit picks.
      const bin = fold(sig, off, shingle(th[i]!, th[i + 1]!, th[i + 2]!));
      const swap = -(bin >>> 5);
      lo |= (1 << bin) & ~swap;
      hi |= (1 << bin) & swap;
    }
  }
  densify(sig, off, lo, hi);
}

/**
 * Top 6 bits pick the bin, the low 26 are the value. The minimum is taken without a branch: which
 * shingle wins a bin is random, so a compare-and-store mispredicted about half the time. Returns the bin.
 */
function fold(sig: Int32Array, off: number, x: number): number {
  const b = x >>> 26;
  const bin = off + b;
  const cur = sig[bin]!;
  const d = (x & 0x03ffffff) - cur;
  sig[bin] = cur + (d & (d >> 31));
  return b;
}

/** Fills every empty bin from a bin a shingle filled (at least one is, after `fold`); `lo`/`hi`: the filled bins. */
function densify(sig: Int32Array, off: number, lo: number, hi: number): void {
  let emptyLo = ~lo;
  let emptyHi = ~hi;
  for (let k = 0; (emptyLo | emptyHi) !== 0 && k < SHIFT.length; k++) {
    const d = SHIFT[k]!;
    // The filled mask rotated right by d: bit i says whether bin (i + d) mod 64 is filled.
    const swap = -(d >>> 5);
    const s = d & 31;
    const a = (lo & ~swap) | (hi & swap);
    const b = (hi & ~swap) | (lo & swap);
    // (x << 1) << (31 - s) is x << (32 - s), and 0 when s = 0 (a JS shift by 32 is a shift by 0).
    let gotLo = ((a >>> s) | ((b << 1) << (31 - s))) & emptyLo;
    let gotHi = ((b >>> s) | ((a << 1) << (31 - s))) & emptyHi;
    emptyLo ^= gotLo;
    emptyHi ^= gotHi;
    while (gotLo !== 0) {
      const i = 31 - Math.clz32(gotLo);
      gotLo ^= 1 << i;
      sig[off + i] = sig[off + ((i + d) & 63)]!;
    }
    while (gotHi !== 0) {
      const i = 31 - Math.clz32(gotHi);
      gotHi ^= 1 << i;
      sig[off + 32 + i] = sig[off + ((32 + i + d) & 63)]!;
    }
  }
}

/** Estimated Jaccard similarity of two signatures. */
export function similarity(a: Int32Array, aOff: number, b: Int32Array, bOff: number): number {
  let same = 0;
  for (let k = 0; k < NUM_HASHES; k++) if (a[aOff + k] === b[bOff + k]) same++;
  return same / NUM_HASHES;
}

/**
 * Band keys of a signature, for LSH bucketing, to `out[outOff + b · stride]` for bands b = 0..15:
 * one 32-bit key per band (a collision only proposes a candidate, which the caller then checks).
 */
export function bandKeysInto(sig: Int32Array, off: number, out: Int32Array, outOff: number, stride = 1): void {
  for (let b = 0; b < NUM_BANDS; b++) {
    const s = off + b * ROWS;
    out[outOff + b * stride] = fmix32(sig[s]! ^ Math.imul(sig[s + 1]!, 0x5bd1e995) ^ Math.imul(sig[s + 2]!, 0x27d4eb2d) ^ Math.imul(sig[s + 3]!, 0x165667b1));
  }
}
