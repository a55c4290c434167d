import { NUM_HASHES, signatureInto } from './poisoning/minhash.js';
import { fmix32 } from './poisoning/mix.js';
import { isNonAsciiSeparator } from './poisoning/tokens.js';

/**
 * Near-duplicate sketches of the records of dataset split files, for the train / evaluation
 * overlap check: a test record with a word changed, a sentence appended or its punctuation redone
 * is still a leak. Each record's lower-case words are hashed WITHOUT a seed (the poisoning
 * analysis seeds its token hashes per thread; these must compare across worker threads and with
 * files scanned in the main thread), then `signatureInto` takes the MinHash of its word 3-shingles
 * twice, the second time over the word hashes remixed: 128 minima.
 *
 * Stored compactly as b-bit minwise hashing (Li & König, 2010) with b = 4: the low 4 bits of each
 * of the 128 minima, 64 bytes a record, packed eight to an Int32 so that word b is band b's eight
 * rows — its LSH band key as it stands (16 bands of 8 rows; `bandKeysInto` and `similarity` work
 * on 64 full 32-bit minima, four times the memory for half the bins). Two records agree on a bin
 * with probability J + (1 − J) / 16. For the same 64 bytes, 128 four-bit bins estimate Jaccard
 * with a spread of ±0.036 at 0.8 where 64 one-byte bins gave ±0.05: a record compared with
 * hundreds of training records sharing its template (Jaccard ≈ 0.63) crossed 0.8 with one of them
 * 29 % of the time with 64 bins, 1.4 % with 128 (binomial tails, 256 candidates).
 *
 * Unseeded hashes can be aimed at: a hostile dataset could craft records whose bins collide. The
 * harm is bounded: candidates per record are capped (MAX_CANDIDATES) and table slots are placed by
 * a per-process salt, so crafted band keys cannot pile into one probe run.
 */

/** MinHash bins per record: two `signatureInto` signatures. */
const BINS = 2 * NUM_HASHES;
/** Int32 words per sketch (128 four-bit minima), one per LSH band. */
export const SKETCH_WORDS = BINS / 8;
/**
 * Records with fewer words are checked for exact copies only: a 7-word record has 5 shingles, so
 * one word changed already moves its Jaccard to 0.25, and two short texts that share a stock
 * phrase look alike; MinHash says nothing useful there.
 */
export const MIN_WORDS = 8;
/** Records sketched per file (and per scan, in `split-overlap.ts`): 68 bytes each, 68 MiB at most. */
export const MAX_SKETCHES = 1 << 20;
/** Estimated Jaccard of word 3-shingles from which an evaluation record is a near-duplicate. */
export const NEAR_JACCARD = 0.8;
/**
 * Bins of 128 that must agree: J_est = (m/128 − 1/16) / (1 − 1/16) ≥ 0.8 ⇔ m ≥ 104. Pairs near the
 * threshold fall either side of it (at 0.85, 95 % are taken; at 0.75, 12 %).
 */
const MIN_EQUAL = Math.ceil(BINS * (NEAR_JACCARD * (1 - 1 / 16) + 1 / 16));
/**
 * Training records an evaluation record is compared with at most, over all bands. Bands of 8 rows
 * make a pair a candidate with probability 0.97 at Jaccard 0.8, 0.42 at 0.63 and 2^-32 for
 * unrelated records, so only records much alike ever use this up.
 */
export const MAX_CANDIDATES = 256;

/** The sketches of one file's records: what a worker sends back in `PartResult.recordSketches`. */
export interface RecordSketches {
  /** SKETCH_WORDS Int32 per sketched record. */
  sig: Int32Array;
  /** Per sketched record, its index in the file's `recordKeys` (records under MIN_WORDS words have none). */
  at: Int32Array;
  /** Records of MIN_WORDS words or more not sketched, past MAX_SKETCHES. */
  unsketched?: number;
}

/** Reused per thread: per-word hashes and the 128 minima of two signatures. */
let words = new Int32Array(256);
const sig = new Int32Array(BINS);

const BASIS = 0x811c9dc5 | 0;
/** ASCII code → its lower-case code when a word character (letters, digits, `_`, `'`), else 0. */
const ASCII = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII[c] = c;
for (let c = 97; c <= 122; c++) ASCII[c] = ASCII[c - 32] = c;
ASCII[95] = 95;
ASCII[39] = 39;

/**
 * Unseeded 32-bit FNV-1a hashes of the lower-case words of `text` into `words` (runs of ASCII
 * letters, digits, `_` and `'`, and of non-ASCII code units other than common punctuation, as the
 * poisoning tokeniser splits them); -1 when `text` has non-ASCII word characters and is not
 * `lowered` yet (the caller lower-cases it then: only such records pay for a lower-case copy), or
 * when `words` was too short (the caller grows it; writes past its end are dropped).
 *
 * Without a branch on word boundaries, as the poisoning tokeniser (`byCode` in poisoning/tokens.ts): a word
 * ends every few characters, and a branch there mispredicted often enough to cost a third of the
 * pass. Every character writes the current word's hash at slot n; n moves on where a word ends.
 */
function hashWords(text: string, lowered: boolean): number {
  const out = words;
  let n = 0;
  let h = BASIS;
  let prev = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    let t: number;
    if (c < 128) t = ASCII[c]!;
    else {
      t = isNonAsciiSeparator(c) ? 0 : c;
      if (t && !lowered) return -1;
    }
    const inWord = (t | -t) >>> 31;
    out[n] = h;
    n += prev & (inWord ^ 1);
    const keep = -inWord;
    h = (Math.imul(h ^ t, 0x01000193) & keep) | (BASIS & ~keep);
    prev = inWord;
  }
  out[n] = h;
  n += prev;
  return n < out.length ? n : -1;
}

/** `hashWords` of the text, lower-cased first when it has non-ASCII word characters: the word count. */
function wordHashes(text: string): number {
  // Room for a word per four characters first (ordinary text has one per five or six); denser text
  // is read again with room for its worst case, one per two.
  reserve((text.length >> 2) + 2);
  let n = hashWords(text, false);
  if (n < 0 && words.length <= text.length >> 1) {
    reserve((text.length >> 1) + 2);
    n = hashWords(text, false);
  }
  if (n >= 0) return n;
  const lower = text.toLowerCase();
  reserve((lower.length >> 1) + 2);
  return hashWords(lower, true);
}

/**
 * The unseeded lower-case word hashes of `text` (as the sketches take them): a view of this
 * thread's scratch array, valid until the next call.
 */
export function wordHashesOf(text: string): Int32Array {
  // Counted first: `wordHashes` may replace the array with a larger one.
  const n = wordHashes(text);
  return words.subarray(0, n);
}

function reserve(n: number): void {
  if (words.length >= n) return;
  let cap = words.length;
  while (cap < n) cap *= 2;
  words = new Int32Array(cap);
}

/** Writes the sketch of `text` to `out[off..off+SKETCH_WORDS)`; false (nothing written) under MIN_WORDS words. */
export function sketchInto(text: string, out: Int32Array, off: number): boolean {
  const n = wordHashes(text);
  if (n < MIN_WORDS) return false;
  signatureInto(words, n, sig, 0);
  // The same shingles under another hash (a bijection of each word's hash): 64 more bins.
  for (let i = 0; i < n; i++) words[i] = fmix32(words[i]! ^ 0x2545f491);
  signatureInto(words, n, sig, NUM_HASHES);
  packSketch(sig, 0, sig, NUM_HASHES, out, off);
  return true;
}

/**
 * The sketch of two signatures (`NUM_HASHES` minima each, the second of the same shingles under
 * another hash): the low 4 bits of each of their 128 minima, eight to a word, to `out[off..off+SKETCH_WORDS)`.
 */
export function packSketch(a: Int32Array, aOff: number, b: Int32Array, bOff: number, out: Int32Array, off: number): void {
  const half = SKETCH_WORDS / 2;
  for (let w = 0; w < half; w++) {
    let pa = 0;
    let pb = 0;
    for (let k = 0; k < 8; k++) {
      pa |= (a[aOff + w * 8 + k]! & 15) << (k * 4);
      pb |= (b[bOff + w * 8 + k]! & 15) << (k * 4);
    }
    out[off + w] = pa;
    out[off + half + w] = pb;
  }
}

/** Whether two sketches agree on at least MIN_EQUAL of their 128 bins (estimated Jaccard ≥ NEAR_JACCARD). */
export function isNear(a: Int32Array, aOff: number, b: Int32Array, bOff: number): boolean {
  // Per word, the top bit of each 4-bit bin that differs (SWAR); even and odd bins summed in
  // separate byte lanes (≤ 32 a lane over 16 words, no carry between lanes).
  let acc = 0;
  for (let w = 0; w < SKETCH_WORDS; w++) {
    const x = a[aOff + w]! ^ b[bOff + w]!;
    const d = (((x & 0x77777777) + 0x77777777) | x) & 0x88888888;
    acc += ((d >>> 3) & 0x01010101) + ((d >>> 7) & 0x01010101);
  }
  const differ = (acc & 255) + ((acc >>> 8) & 255) + ((acc >>> 16) & 255) + (acc >>> 24);
  return BINS - differ >= MIN_EQUAL;
}

/** One file's sketches as its records are read; the collector makes one for a split file only. */
export class SketchList {
  private sig = new Int32Array(64 * SKETCH_WORDS);
  private at = new Int32Array(64);
  private n = 0;
  private unsketched = 0;

  /** Sketches the record whose key is `recordKeys[keyIndex]`. */
  add(text: string, keyIndex: number): void {
    if (this.n === this.at.length) {
      if (this.n >= MAX_SKETCHES) {
        if (wordHashes(text) >= MIN_WORDS) this.unsketched++;
        return;
      }
      this.grow();
    }
    if (!sketchInto(text, this.sig, this.n * SKETCH_WORDS)) return;
    this.at[this.n++] = keyIndex;
  }

  private grow(): void {
    const cap = Math.min(MAX_SKETCHES, this.at.length * 2);
    const at = new Int32Array(cap);
    at.set(this.at);
    this.at = at;
    const s = new Int32Array(cap * SKETCH_WORDS);
    s.set(this.sig);
    this.sig = s;
  }

  /** Copies of the filled parts (a view would send the whole grown buffer across threads). */
  finish(): RecordSketches | undefined {
    if (!this.n && !this.unsketched) return undefined;
    const out: RecordSketches = { sig: this.sig.slice(0, this.n * SKETCH_WORDS), at: this.at.slice(0, this.n) };
    if (this.unsketched) out.unsketched = this.unsketched;
    return out;
  }
}

/** Slot placement only: results do not depend on it, crafted keys cannot aim at one slot. */
const SALT = globalThis.crypto.getRandomValues(new Int32Array(1))[0]!;

/**
 * Evaluation records (sketch indexes of `evalS`, except those `skip` takes: exact copies) with a
 * near-duplicate among the training sketches. Banded LSH one band at a time over an
 * open-addressing table of the training records' band keys (a distinct key per slot, records of
 * one key chained): 16–32 bytes of slots and 4 of chain per training record, for the call only.
 * `capped` counts records whose MAX_CANDIDATES ran out before one was confirmed.
 */
export function nearDuplicates(train: RecordSketches, evalS: RecordSketches, skip: (keyIndex: number) => boolean): { near: number; capped: number } {
  const nT = train.at.length;
  const todo = new Int32Array(evalS.at.length);
  let nTodo = 0;
  for (let i = 0; i < evalS.at.length; i++) if (!skip(evalS.at[i]!)) todo[nTodo++] = i;
  if (!nT || !nTodo) return { near: 0, capped: 0 };
  let cap = 16;
  while (cap < nT * 2) cap *= 2;
  const mask = cap - 1;
  const slotKey = new Int32Array(cap);
  const slotHead = new Int32Array(cap);
  const next = new Int32Array(nT);
  const spent = new Uint16Array(evalS.at.length);
  const cut = new Uint8Array(evalS.at.length);
  const ts = train.sig;
  const es = evalS.sig;
  let near = 0;
  for (let b = 0; b < SKETCH_WORDS && nTodo; b++) {
    slotHead.fill(0);
    for (let r = 0; r < nT; r++) {
      const key = ts[r * SKETCH_WORDS + b]!;
      let s = fmix32(key ^ SALT) & mask;
      while (slotHead[s] && slotKey[s] !== key) s = (s + 1) & mask;
      slotKey[s] = key;
      next[r] = slotHead[s]! - 1;
      slotHead[s] = r + 1;
    }
    let kept = 0;
    for (let t = 0; t < nTodo; t++) {
      const i = todo[t]!;
      const key = es[i * SKETCH_WORDS + b]!;
      let s = fmix32(key ^ SALT) & mask;
      while (slotHead[s] && slotKey[s] !== key) s = (s + 1) & mask;
      let found = false;
      let r = slotHead[s]! - 1;
      for (; r >= 0 && spent[i]! < MAX_CANDIDATES; r = next[r]!) {
        spent[i] = spent[i]! + 1;
        if ((found = isNear(ts, r * SKETCH_WORDS, es, i * SKETCH_WORDS))) break;
      }
      if (found) near++;
      else {
        // Candidates left in the chain when the budget ran out: this record was not fully checked.
        if (r >= 0) cut[i] = 1;
        todo[kept++] = i;
      }
    }
    nTodo = kept;
  }
  let capped = 0;
  for (let t = 0; t < nTodo; t++) capped += cut[todo[t]!]!;
  return { near, capped };
}
