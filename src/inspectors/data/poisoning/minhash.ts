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


/** The tokens shingles are built from: lower-case words. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_']+/gu) ?? [];
}

/**
 * A MinHash signature of the text's word 3-shingles (or its words when shorter). Shingles are
 * hashed from their words' hashes (no string building), and the 64 hash functions are derived by
 * double hashing (h1 + k·h2): one multiply per function instead of a full mixer, in int32 space.
 */
export function signature(tokens: readonly string[]): Int32Array {
  const sig = new Int32Array(NUM_HASHES).fill(0x7fffffff);
  const n = tokens.length;
  if (tokenHashes.length < n) tokenHashes = new Int32Array(Math.max(n, tokenHashes.length * 2));
  const th = tokenHashes;
  for (let i = 0; i < n; i++) th[i] = fnv1a(tokens[i]!) | 0;
  if (n < 3) {
    let x = 0x811c9dc5;
    for (let i = 0; i < n; i++) x = Math.imul(x ^ th[i]!, 0x01000193);
    foldMin(sig, x);
    return sig;
  }
  for (let i = 0; i < n - 2; i++) foldMin(sig, Math.imul(th[i]! ^ Math.imul(th[i + 1]!, 0x5bd1e995), 0x01000193) ^ Math.imul(th[i + 2]!, 0x27d4eb2d));
  return sig;
}

/** Scratch for the token hashes of one signature (reused: one allocation per process, not per record). */
let tokenHashes = new Int32Array(256);

/**
 * Folds one shingle hash into the signature's 64 minima. Function k's value is x + (k+1)·h2, so
 * four lanes are computed from one base per step: independent adds instead of one serial chain
 * (about a third faster, the same values).
 */
function foldMin(sig: Int32Array, x: number): void {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x ^= x >>> 13;
  const h2 = Math.imul(x ^ (x >>> 15), 0xc2b2ae35) | 1;
  const h2x2 = Math.imul(h2, 2);
  const h2x3 = Math.imul(h2, 3);
  const h2x4 = Math.imul(h2, 4);
  let v = x | 0;
  for (let k = 0; k < NUM_HASHES; k += 4) {
    const v0 = (v + h2) | 0;
    const v1 = (v + h2x2) | 0;
    const v2 = (v + h2x3) | 0;
    const v3 = (v + h2x4) | 0;
    v = v3;
    const w0 = v0 ^ (v0 >>> 15);
    const w1 = v1 ^ (v1 >>> 15);
    const w2 = v2 ^ (v2 >>> 15);
    const w3 = v3 ^ (v3 >>> 15);
    if (w0 < sig[k]!) sig[k] = w0;
    if (w1 < sig[k + 1]!) sig[k + 1] = w1;
    if (w2 < sig[k + 2]!) sig[k + 2] = w2;
    if (w3 < sig[k + 3]!) sig[k + 3] = w3;
  }
}

/** Estimated Jaccard similarity of two signatures. */
export function similarity(a: Int32Array, b: Int32Array): number {
  let same = 0;
  for (let k = 0; k < NUM_HASHES; k++) if (a[k] === b[k]) same++;
  return same / NUM_HASHES;
}

export const NUM_BANDS = BANDS;

/**
 * Band keys of a signature, for LSH bucketing: one 30-bit key per band (small integers are V8's
 * fastest Map keys; a collision only proposes a candidate, which similarity then checks).
 */
export function bandKeys(sig: Int32Array): number[] {
  const keys: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = b;
    for (let r = 0; r < ROWS; r++) h = mix(sig[b * ROWS + r]!, h);
    keys.push(h & 0x3fffffff);
  }
  return keys;
}

/** `hash53(tokens.join(' '))` without building the joined string. */
export function hash53Tokens(tokens: readonly string[]): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let t = 0; t < tokens.length; t++) {
    if (t > 0) {
      h1 = Math.imul(h1 ^ 32, 0x01000193);
      h2 = Math.imul(h2 ^ 32, 0x5bd1e995);
    }
    const s = tokens[t]!;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

/** A 53-bit hash of a string, for exact-duplicate keys without keeping the text. */
export function hash53(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}
