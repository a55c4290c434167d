import { TABLE_FORMATS, type DataFormat } from './classify.js';

/**
 * The record keys a dataset file keeps for the cross-file duplicate check
 * (`cross-file-duplicates.ts`): the record analysis's unseeded keys (`DatasetAnalysis.lastKey`:
 * hashes, never text) of its records long enough to mean
 * something when repeated — a record of a few characters (`yes`, `N/A`, a bare label) recurs in
 * any two files of one dataset and says nothing.
 */

/** Formats whose files are a dataset's shards or parts: tables and record streams, not documents or feeds. */
export function holdsShardRecords(format: DataFormat): boolean {
  return TABLE_FORMATS.has(format) || format === 'jsonl' || format === 'json' || format === 'tar';
}

/** Records shorter than this are not keyed. */
export const MIN_SHARD_RECORD_CHARS = 32;
/** Keys kept per file (8 MiB). */
export const MAX_SHARD_KEYS = 1 << 20;

/**
 * A record's label for the checks across files: 0 when it has none, else a 32-bit FNV-1a hash of
 * the label's text (never 0), the same in every thread. Two labels colliding (2^-32) would hide a
 * conflict, never make one.
 */
export function labelHash(label: string | undefined): number {
  if (!label) return 0;
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h || 1;
}

/** One file's keys and, where it has labels, each record's label hash (`labelHash`). */
export interface ShardKeyList {
  keys: Float64Array;
  /** Absent when no record of the file is labelled. */
  labels?: Int32Array;
}

/** A growable list of one file's keys and labels (the labels' array made when the first label comes). */
export class ShardKeys {
  private keys = new Float64Array(256);
  private labels: Int32Array | undefined;
  private n = 0;

  add(key: number, label: number): void {
    if (this.n === this.keys.length) {
      // Past the bound the file's later records are not keyed (the check says it compared the first ones).
      if (this.n >= MAX_SHARD_KEYS) return;
      const grown = new Float64Array(Math.min(MAX_SHARD_KEYS, this.n * 2));
      grown.set(this.keys);
      this.keys = grown;
      if (this.labels) {
        const labels = new Int32Array(grown.length);
        labels.set(this.labels);
        this.labels = labels;
      }
    }
    if (label && !this.labels) this.labels = new Int32Array(this.keys.length);
    if (this.labels) this.labels[this.n] = label;
    this.keys[this.n++] = key;
  }

  /** The keys (and labels), or undefined when none. */
  finish(): ShardKeyList | undefined {
    if (!this.n) return undefined;
    return { keys: this.keys.slice(0, this.n), ...(this.labels ? { labels: this.labels.slice(0, this.n) } : {}) };
  }
}
