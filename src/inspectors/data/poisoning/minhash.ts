/**
 * MinHash signatures over word 3-shingles and banded LSH, for near-duplicate records. 64 hash
 * functions in 16 bands of 4 rows: pairs with Jaccard ≈ 0.8 collide in some band with probability
 * > 0.99, pairs below 0.4 almost never do; candidates are then confirmed on the signatures.
 */

export const NUM_HASHES = 64;
const BANDS = 16;
const ROWS = NUM_HASHES / BANDS;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const SEEDS = Array.from({ length: NUM_HASHES }, (_, i) => mix(i + 1, 0x9e3779b9));

/** The tokens shingles are built from: lower-case words. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_']+/gu) ?? [];
}

/** A MinHash signature of the text's word 3-shingles (or its words when shorter). */
export function signature(tokens: readonly string[]): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  const n = tokens.length;
  const shingles = n < 3 ? [tokens.join(' ')] : Array.from({ length: n - 2 }, (_, i) => `${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`);
  for (const sh of shingles) {
    const x = fnv1a(sh);
    for (let k = 0; k < NUM_HASHES; k++) {
      const v = mix(x, SEEDS[k]!);
      if (v < sig[k]!) sig[k] = v;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let k = 0; k < NUM_HASHES; k++) if (a[k] === b[k]) same++;
  return same / NUM_HASHES;
}

/** Band keys of a signature, for LSH bucketing. */
export function bandKeys(sig: Uint32Array): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = b;
    for (let r = 0; r < ROWS; r++) h = mix(sig[b * ROWS + r]!, h);
    keys.push(`${b}:${h.toString(36)}`);
  }
  return keys;
}
