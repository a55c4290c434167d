import type { PVal } from './values.js';

/**
 * Memoised tuples of one to four small ints — tensor shapes and strides, which torch.save
 * memoises, two per tensor — are shared: one value per distinct tuple, from a small
 * direct-mapped cache. A checkpoint repeats a few shapes thousands of times, and each memoised
 * copy would otherwise live (and be traced by the GC) to the end of the scan. Sharing is safe
 * because the VM never mutates a tuple, and a tuple of ints says nothing about where it was read.
 */

const SLOTS = 1 << 10;
/** Items 0–1 and 2–3 of each cached tuple, 16 bits each. */
const lows = new Int32Array(SLOTS);
const highs = new Int32Array(SLOTS);
/** Item count of each cached tuple; 0 for an empty slot. */
const sizes = new Int8Array(SLOTS);
const cached: PVal[] = new Array<PVal>(SLOTS).fill({ t: 'none' });

/** The shared tuple of `s[from, from + n)` (n ≤ 4) if all are ints 0–65535; else undefined. */
export function sharedIntTuple(s: PVal[], from: number, n: number): PVal | undefined {
  let low = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    const it = s[from + i]!;
    if (it.t !== 'int' || it.v < 0 || it.v > 0xffff) return undefined;
    if (i < 2) low |= it.v << (16 * i);
    else high |= it.v << (16 * (i - 2));
  }
  const slot = Math.imul(low ^ Math.imul(high, 0x27d4eb2d) ^ n, 0x9e3779b1) >>> 22;
  if (lows[slot] === low && highs[slot] === high && sizes[slot] === n) return cached[slot];
  const t: PVal = { t: 'tuple', items: s.slice(from, from + n), len: n };
  lows[slot] = low;
  highs[slot] = high;
  sizes[slot] = n;
  cached[slot] = t;
  return t;
}
