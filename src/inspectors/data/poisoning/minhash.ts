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
export const SHIFT = new Uint8Array(NUM_HASHES - 1);
for (let k = 0; k < SHIFT.length; k++) SHIFT[k] = k + 1;
for (let k = SHIFT.length - 1; k > 0; k--) {
  const j = (fmix32(Math.imul(k + 1, 0x9e3779b1)) >>> 0) % (k + 1);
  [SHIFT[k], SHIFT[j]] = [SHIFT[j]!, SHIFT[k]!];
}

/** One well-mixed 32-bit hash of three consecutive tokens (order matters). */
export function shingle(a: number, b: number, c: number): number {
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
  densify(sig, off, lo, hi, n < 3 ? 1 : n - 2);
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

/**
 * Fills every empty bin from a bin a shingle filled (at least one is, after `fold`); `lo`/`hi`: the
 * filled bins. All three ways give the same bins; which is cheapest depends on how many are empty.
 */
function densify(sig: Int32Array, off: number, lo: number, hi: number, shingles: number): void {
  if (((lo & (lo - 1)) | (hi & (hi - 1))) === 0 && (lo === 0) !== (hi === 0)) {
    // One filled bin (a record of three words): every probe sequence ends there.
    sig.fill(sig[off + 31 - Math.clz32(lo | hi) + (lo === 0 ? 32 : 0)]!, off, off + NUM_HASHES);
  } else densifyBySteps(sig, off, lo, hi, shingles < 48);
}

/**
 * Probe step k finds, on 64-bit masks, every still-empty bin i whose bin (i + SHIFT[k]) mod 64 a
 * shingle filled, and copies that bin's value into it.
 *
 * `byPlanes` false: each step copies the bins it resolves — cheapest when few bins are empty (long
 * records). True: each step only records its shift for the bins it resolves, bit-sliced (bit b of
 * every bin's shift in one 64-bit plane), and `borrow` makes the copies in one pass at the end.
 * With many empty bins (short records: ~23 steps for 10 shingles) the per-step copy loops ran a
 * few iterations each and mispredicted their exits; planes are 35–40 % faster there (19 → 12 ms
 * on 50,000 masks of 10 shingles) and slower past ~50 shingles or with one filled bin.
 */
export function densifyBySteps(sig: Int32Array, off: number, lo: number, hi: number, byPlanes: boolean): void {
  let emptyLo = ~lo;
  let emptyHi = ~hi;
  let p0l = 0, p0h = 0, p1l = 0, p1h = 0, p2l = 0, p2h = 0, p3l = 0, p3h = 0, p4l = 0, p4h = 0, p5l = 0, p5h = 0;
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
    if (byPlanes) {
      const m0 = -(d & 1), m1 = -((d >>> 1) & 1), m2 = -((d >>> 2) & 1), m3 = -((d >>> 3) & 1), m4 = -((d >>> 4) & 1), m5 = -(d >>> 5);
      p0l |= gotLo & m0; p0h |= gotHi & m0;
      p1l |= gotLo & m1; p1h |= gotHi & m1;
      p2l |= gotLo & m2; p2h |= gotHi & m2;
      p3l |= gotLo & m3; p3h |= gotHi & m3;
      p4l |= gotLo & m4; p4h |= gotHi & m4;
      p5l |= gotLo & m5; p5h |= gotHi & m5;
      continue;
    }
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
  if (!byPlanes) return;
  borrow(sig, off, 0, p0l, p1l, p2l, p3l, p4l, p5l);
  borrow(sig, off, 32, p0h, p1h, p2h, p3h, p4h, p5h);
}

/**
 * SPREAD[v] moves bit j of byte v (j < 4) to bit 0 of byte j; SPREAD[256 + v] does so for bits
 * 4..7: six lookups turn eight bins' bits of the six planes into their shifts, a byte each.
 */
const SPREAD = new Int32Array(512);
for (let v = 0; v < 256; v++) {
  for (let j = 0; j < 4; j++) {
    SPREAD[v]! |= ((v >>> j) & 1) << (8 * j);
    SPREAD[256 + v]! |= ((v >>> (j + 4)) & 1) << (8 * j);
  }
}

/**
 * Bins base..base+31 take the bin their shift (planes q0..q5, bit i for bin base + i) points to;
 * a filled bin has shift 0 and keeps its value. Sources are filled bins, which no copy changes.
 */
function borrow(sig: Int32Array, off: number, base: number, q0: number, q1: number, q2: number, q3: number, q4: number, q5: number): void {
  const sp = SPREAD;
  for (let g = 0; g < 32; g += 8) {
    for (let half = 0; half < 512; half += 256) {
      const w = sp[half + ((q0 >>> g) & 255)]! | (sp[half + ((q1 >>> g) & 255)]! << 1) | (sp[half + ((q2 >>> g) & 255)]! << 2) | (sp[half + ((q3 >>> g) & 255)]! << 3) | (sp[half + ((q4 >>> g) & 255)]! << 4) | (sp[half + ((q5 >>> g) & 255)]! << 5);
      const i = base + g + (half >>> 6);
      sig[off + i] = sig[off + ((i + (w & 63)) & 63)]!;
      sig[off + i + 1] = sig[off + ((i + 1 + ((w >>> 8) & 63)) & 63)]!;
      sig[off + i + 2] = sig[off + ((i + 2 + ((w >>> 16) & 63)) & 63)]!;
      sig[off + i + 3] = sig[off + ((i + 3 + (w >>> 24)) & 63)]!;
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
