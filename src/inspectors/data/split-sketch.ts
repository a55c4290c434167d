import { NUM_BANDS, NUM_HASHES, signatureInto } from './poisoning/minhash.js';
import { fmix32 } from './poisoning/mix.js';
import { isNonAsciiSeparator } from './poisoning/tokens.js';

/**
 * Near-duplicate sketches of the records of dataset split files, for the train / evaluation
 * overlap check: a test record with a word changed, a sentence appended or its punctuation redone
 * is still a leak. Each record's lower-case words are hashed WITHOUT a seed (the poisoning
 * analysis seeds its token hashes per thread; these must compare across worker threads and with
 * files scanned in the main thread), then `signatureInto` takes the MinHash of its word 3-shingles.
 *
 * Stored compactly as b-bit minwise hashing (Li & König, 2010) with b = 8: the low byte of each of
 * the 64 minima, 64 bytes a record, packed four to an Int32 so that word b is band b's four rows —
 * its LSH band key as it stands (`bandKeysInto` and `similarity` work on full 32-bit minima, four
 * times the memory). Two records agree on a byte with probability J + (1 − J) / 256.
 *
 * Unseeded hashes can be aimed at: a hostile dataset could craft records whose bytes collide. The
 * harm is bounded: candidates per record are capped (MAX_CANDIDATES) and table slots are placed by
 * a per-process salt, so crafted band keys cannot pile into one probe run.
 */

/** Int32 words per sketch (64 one-byte minima). */
export const SKETCH_WORDS = NUM_HASHES / 4;
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
 * Bytes of 64 that must agree: J_est = (m/64 − 1/256) / (1 − 1/256) ≥ 0.8 ⇔ m ≥ 51.25. At Jaccard
 * 0.8 the estimate's spread is ±0.05, so pairs near the threshold fall either side of it.
 */
const MIN_EQUAL = Math.ceil(NUM_HASHES * (NEAR_JACCARD * (1 - 1 / 256) + 1 / 256));
/** Training records an evaluation record is compared with at most, over all bands. */
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

/** Reused per thread: per-word hashes and one 32-bit signature. */
let words = new Int32Array(256);
const sig = new Int32Array(NUM_HASHES);

/**
 * Unseeded 32-bit FNV-1a hashes of the lower-case words of `text` into `words` (runs of ASCII
 * letters, digits, `_` and `'`, and of non-ASCII code units other than common punctuation, as the
 * poisoning tokeniser splits them); -1 when `text` has non-ASCII word characters and is not
 * `lowered` yet (the caller lower-cases it then: only such records pay for a lower-case copy).
 */
function hashWords(text: string, lowered: boolean): number {
  let n = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    let word: boolean;
    if (c < 128) {
      if (c >= 65 && c <= 90) c += 32;
      word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 39;
    } else {
      word = !isNonAsciiSeparator(c);
      if (word && !lowered) return -1;
    }
    if (word) {
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
    } else if (inWord) {
      n = push(n, h);
      h = 0x811c9dc5;
      inWord = false;
    }
  }
  return inWord ? push(n, h) : n;
}

/** `hashWords` of the text, lower-cased first when it has non-ASCII word characters: the word count. */
function wordHashes(text: string): number {
  const n = hashWords(text, false);
  return n >= 0 ? n : hashWords(text.toLowerCase(), true);
}

function push(n: number, h: number): number {
  if (n === words.length) {
    const grown = new Int32Array(n * 2);
    grown.set(words);
    words = grown;
  }
  words[n] = h;
  return n + 1;
}

/** Writes the sketch of `text` to `out[off..off+SKETCH_WORDS)`; false (nothing written) under MIN_WORDS words. */
export function sketchInto(text: string, out: Int32Array, off: number): boolean {
  const n = wordHashes(text);
  if (n < MIN_WORDS) return false;
  signatureInto(words, n, sig, 0);
  for (let w = 0; w < SKETCH_WORDS; w++) {
    const s = w * 4;
    out[off + w] = (sig[s]! & 255) | ((sig[s + 1]! & 255) << 8) | ((sig[s + 2]! & 255) << 16) | ((sig[s + 3]! & 255) << 24);
  }
  return true;
}

/** Whether two sketches agree on at least MIN_EQUAL of their 64 bytes (estimated Jaccard ≥ NEAR_JACCARD). */
export function isNear(a: Int32Array, aOff: number, b: Int32Array, bOff: number): boolean {
  // Per word, the top bit of each byte that differs (SWAR), summed per byte lane (≤ 16 a lane).
  let acc = 0;
  for (let w = 0; w < SKETCH_WORDS; w++) {
    const x = a[aOff + w]! ^ b[bOff + w]!;
    acc += ((((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080) >>> 7;
  }
  const differ = (acc & 255) + ((acc >>> 8) & 255) + ((acc >>> 16) & 255) + (acc >>> 24);
  return NUM_HASHES - differ >= MIN_EQUAL;
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
  for (let b = 0; b < NUM_BANDS && nTodo; b++) {
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
