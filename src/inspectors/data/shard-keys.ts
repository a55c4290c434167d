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

/** A growable list of one file's keys. */
export class ShardKeys {
  private keys = new Float64Array(256);
  private n = 0;

  add(key: number): void {
    if (this.n === this.keys.length) {
      // Past the bound the file's later records are not keyed (the check says it compared the first ones).
      if (this.n >= MAX_SHARD_KEYS) return;
      const grown = new Float64Array(Math.min(MAX_SHARD_KEYS, this.n * 2));
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.n++] = key;
  }

  /** The keys, or undefined when none. */
  finish(): Float64Array | undefined {
    return this.n ? this.keys.slice(0, this.n) : undefined;
  }
}
