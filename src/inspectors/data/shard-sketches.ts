import { NUM_HASHES, signatureInto } from './poisoning/minhash.js';
import { fmix32 } from './poisoning/mix.js';
import type { DatasetAnalysis } from './poisoning/dataset.js';
import { MIN_WORDS, packSketch, SKETCH_WORDS } from './split-sketch.js';
import { MIN_SHARD_RECORD_CHARS } from './shard-keys.js';

/**
 * Near-duplicate sketches of a dataset file's records, for the check across its shards
 * (`cross-file-near.ts`): 128 four-bit MinHash bins a record, as the split check's
 * (`split-sketch.ts`), so its `isNear` judges them.
 *
 * Made from what the record analysis has already done rather than from the text again: its
 * signature of the record (64 bins over word 3-shingles, of token values that are the same in
 * every thread) is the first half; the second half is one more signature over the same tokens
 * remixed. Only the analysis's representatives are sketched — one per distinct record of the file,
 * the first `maxRecords` of them — and only records of MIN_WORDS words and MIN_SHARD_RECORD_CHARS
 * characters or more, as the exact check keys them.
 */
export interface ShardSketchList {
  /** SKETCH_WORDS Int32 per sketched record. */
  sig: Int32Array;
  /** Per sketched record, its row (1-based), for the finding's example. */
  rows: Float64Array;
  /** Per sketched record, its label's hash (`labelHash`: 0 for none); absent when no record is labelled. */
  labels?: Int32Array;
}

/** Reused per thread: the remixed token values and the second signature. */
let remixed = new Int32Array(256);
const second = new Int32Array(NUM_HASHES);

export class ShardSketches {
  private sig = new Int32Array(64 * SKETCH_WORDS);
  private rows = new Float64Array(64);
  private labels = new Int32Array(64);
  private labelled = false;
  private n = 0;

  /** Sketches the analysis's last record when it became a representative long enough to compare. */
  addLast(d: DatasetAnalysis, textLength: number, row: number, label: number): void {
    if (!d.lastRep || textLength < MIN_SHARD_RECORD_CHARS) return;
    const tokens = d.repTokens();
    const n = tokens.length;
    if (n < MIN_WORDS) return;
    if (remixed.length < n) remixed = new Int32Array(Math.max(n, remixed.length * 2));
    // A bijection of each token's value: the same shingles under another hash.
    for (let i = 0; i < n; i++) remixed[i] = fmix32(tokens[i]! ^ 0x2545f491);
    signatureInto(remixed, n, second, 0);
    if (this.n === this.rows.length) this.grow();
    const first = d.repSignature;
    packSketch(first.sig, first.off, second, 0, this.sig, this.n * SKETCH_WORDS);
    this.labels[this.n] = label;
    this.labelled ||= label !== 0;
    this.rows[this.n++] = row;
  }

  private grow(): void {
    const rows = new Float64Array(this.rows.length * 2);
    rows.set(this.rows);
    this.rows = rows;
    const labels = new Int32Array(rows.length);
    labels.set(this.labels);
    this.labels = labels;
    const sig = new Int32Array(rows.length * SKETCH_WORDS);
    sig.set(this.sig);
    this.sig = sig;
  }

  /** Copies of the filled parts (a view would send the whole grown buffer across threads); undefined when none. */
  finish(): ShardSketchList | undefined {
    if (!this.n) return undefined;
    return { sig: this.sig.slice(0, this.n * SKETCH_WORDS), rows: this.rows.slice(0, this.n), ...(this.labelled ? { labels: this.labels.slice(0, this.n) } : {}) };
  }
}
