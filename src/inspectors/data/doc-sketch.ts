import type { DataFormat } from './classify.js';
import { shingle } from './poisoning/minhash.js';
import { fmix32 } from './poisoning/mix.js';
import { wordHashesOf } from './split-sketch.js';
import { recordKey } from './split-overlap.js';

const EMPTY_KEY = recordKey('');

/**
 * A whole document's MinHash sketch, so that documents of one scan can be compared with each
 * other (`near-duplicate-docs.ts`): a RAG corpus's policy page beside an edited copy of it, the
 * same report as a PDF and as Markdown. The record analysis compares paragraphs within one file;
 * this compares files.
 *
 * The sketch is one-permutation hashing over the document's word 3-shingles: each shingle's hash
 * picks one of DOC_BINS bins by its top bits and the bin keeps the least of the rest. Shingles run
 * on across rows (a row ends where its reader cut, not where the text does), so the same text cut
 * into other paragraphs or blocks — another format, rewrapped lines — gives the same sketch. Words
 * are hashed without a seed (`wordHashesOf`), so documents read on different worker threads
 * compare. Bins no shingle reached stay EMPTY and are not densified: the estimate
 * (`docSimilarity`) counts only bins that either document filled, which is the one-permutation
 * estimator for sets of any size. Kept as 16-bit values: 256 bytes a document, and two unrelated
 * documents agree on a bin by chance once in 65,535.
 */

/** Document formats compared as whole texts (paragraph prose: what a RAG index is built from). */
export const DOCUMENT_FORMATS: ReadonlySet<DataFormat> = new Set<DataFormat>(['text', 'markdown', 'html', 'pdf', 'docx', 'doc', 'odt', 'rtf', 'pptx', 'ppt', 'odp']);

export const DOC_BINS = 128;
/** A bin no shingle reached. */
export const EMPTY = 0xffff;
/**
 * Fewer words than this and the document is not sketched: 48 shingles fill some 40 of the 128
 * bins, which estimates a Jaccard of 0.8 within about ±0.06; a shorter note (a stub README, a
 * cover page) says little about being a copy.
 */
export const MIN_DOC_WORDS = 50;
/**
 * Characters of a document sketched at most: its opening 1 Mi characters stand for it. Far above a
 * RAG page or report, and a bound on the cost for files that are whole corpora (an 8 MB Markdown
 * dump): the sketch hashes every word again, at ~100 MB/s, which over all of such files would add
 * some 6 % to a scan.
 */
export const MAX_DOC_CHARS = 1 << 20;
const BIN_SHIFT = 25;

/** A finished document sketch: what a worker sends back in `PartResult.docSketch`. */
export interface DocSignature {
  /** DOC_BINS minima (16-bit), EMPTY where no shingle fell. */
  sig: Uint16Array;
  /** Words sketched. */
  words: number;
  /** The document ran past MAX_DOC_CHARS: its opening alone was sketched. */
  partial?: boolean;
  /** Its first MAX_UNITS paragraphs (or blocks) by key, and where each is: what says where two near copies differ. */
  units?: DocUnits;
}

/** A document's paragraphs as `recordKey` hashes (case and spacing folded; never text), each with its place (`line 12`, `page 3`). */
export interface DocUnits {
  keys: Float64Array;
  where: string[];
  /** More paragraphs followed than were kept. */
  cut?: boolean;
}

/** Paragraphs kept per document for saying where copies differ (12 bytes and a short label each). */
export const MAX_UNITS = 1024;

/** Builds one document's sketch from its rows' text, in reading order. */
export class DocSketch {
  private readonly sig = new Int32Array(DOC_BINS).fill(0x7fffffff);
  /** The last two word hashes: the next row's first shingles begin with them. */
  private w1 = 0;
  private w2 = 0;
  private words = 0;
  private chars = 0;
  private partial = false;
  /** Grown as paragraphs come (most documents have a few dozen). */
  private unitKeys = new Float64Array(32);
  private readonly unitWhere: string[] = [];
  private unitsCut = false;

  /** One paragraph (a record, a document's block) and where it is; blank ones are passed over. */
  unit(text: string, where: string): void {
    if (this.unitWhere.length >= MAX_UNITS) {
      this.unitsCut = true;
      return;
    }
    const key = recordKey(text);
    // The key of no text (a paragraph of spaces) says nothing.
    if (key === EMPTY_KEY) return;
    const n = this.unitWhere.length;
    if (n === this.unitKeys.length) {
      const grown = new Float64Array(Math.min(MAX_UNITS, n * 2));
      grown.set(this.unitKeys);
      this.unitKeys = grown;
    }
    this.unitKeys[n] = key;
    this.unitWhere.push(where);
  }

  add(text: string): void {
    if (this.chars >= MAX_DOC_CHARS) {
      this.partial ||= text.length > 0;
      return;
    }
    // A long row is cut at the bound (a word split there costs a shingle or two).
    const room = MAX_DOC_CHARS - this.chars;
    if (text.length > room) {
      text = text.slice(0, room);
      this.partial = true;
    }
    this.chars += text.length;
    const w = wordHashesOf(text);
    const sig = this.sig;
    let a = this.w1;
    let b = this.w2;
    let n = this.words;
    for (let i = 0; i < w.length; i++) {
      const c = w[i]!;
      if (n >= 2) {
        const x = shingle(a, b, c);
        const bin = x >>> BIN_SHIFT;
        const v = x & ((1 << BIN_SHIFT) - 1);
        if (v < sig[bin]!) sig[bin] = v;
      }
      a = b;
      b = c;
      n++;
    }
    this.w1 = a;
    this.w2 = b;
    this.words = n;
  }

  /** The sketch, or undefined under MIN_DOC_WORDS words. */
  finish(): DocSignature | undefined {
    if (this.words < MIN_DOC_WORDS) return undefined;
    // 16 bits of each minimum (never EMPTY: 0xffff folds to 0). A loop: `Uint16Array.from` with a
    // map function was 2 % of a scan of 5,000 small Markdown files.
    const sig = new Uint16Array(DOC_BINS);
    for (let k = 0; k < DOC_BINS; k++) {
      const v = this.sig[k]!;
      sig[k] = v === 0x7fffffff ? EMPTY : v % EMPTY;
    }
    const out: DocSignature = { sig, words: this.words };
    if (this.partial) out.partial = true;
    const n = this.unitWhere.length;
    if (n) out.units = this.unitsCut ? { keys: this.unitKeys.slice(0, n), where: this.unitWhere, cut: true } : { keys: this.unitKeys.slice(0, n), where: this.unitWhere };
    return out;
  }
}

/**
 * Estimated Jaccard similarity of two documents' shingle sets: bins equal and filled over bins
 * filled in either (a bin filled in one only holds a shingle the other lacks).
 */
export function docSimilarity(a: Uint16Array, b: Uint16Array): number {
  let same = 0;
  let used = 0;
  for (let k = 0; k < DOC_BINS; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (x === EMPTY && y === EMPTY) continue;
    used++;
    if (x === y) same++;
  }
  return used ? same / used : 0;
}

export const DOC_BANDS = 16;
const ROWS = DOC_BINS / DOC_BANDS;

/**
 * LSH band keys of a sketch (16 bands of 8 bins) into `out`, band b at out[b]; 0 for a band whose
 * bins are all EMPTY (short documents leave many: such a band proposes no candidate, or every two
 * short documents would be compared). Two documents with a Jaccard of 0.8 share some band with
 * probability above 0.9, more when both leave bins empty; unrelated ones almost never.
 */
export function docBandKeys(sig: Uint16Array, out: Int32Array): void {
  for (let b = 0; b < DOC_BANDS; b++) {
    let h = Math.imul(b + 1, 0x9e3779b1);
    let filled = 0;
    for (let r = b * ROWS; r < (b + 1) * ROWS; r++) {
      const v = sig[r]!;
      if (v !== EMPTY) filled++;
      h = fmix32(h ^ v);
    }
    out[b] = filled ? h | 1 : 0;
  }
}
