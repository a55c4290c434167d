import { NUM_BANDS } from './minhash.js';
import { fmix32 } from './mix.js';

const SLOT_SEED = globalThis.crypto.getRandomValues(new Int32Array(1))[0]!;

/**
 * LSH buckets: records sharing a band key, band by band. Built once at the end by hashing the
 * flat band keys into a typed-array table per band (key → first record, with `next` links):
 * linear in the records, where sorting (key, record) pairs per band was n·log n with a comparator.
 */
export class BandBuckets {
  /** listed[i · 16 + b]: record i was in a visited list of band b (a pair there was looked at). */
  private readonly listed: Uint8Array;

  /**
   * `keys` holds NUM_BANDS keys per record (record-major) for records 0..n-1; a bucket's list
   * holds its first `cap` records in index order.
   */
  constructor(
    private readonly keys: Int32Array,
    private readonly n: number,
    private readonly cap = 64,
  ) {
    this.listed = new Uint8Array(n * NUM_BANDS);
  }

  /** Calls `visit(list, size, band)` for every bucket of two or more records; `list` is reused. */
  forEach(visit: (list: Int32Array, size: number, band: number) => void): void {
    const { keys, n } = this;
    let size = 64;
    while (size < n * 2) size *= 2;
    const mask = size - 1;
    const slotKey = new Int32Array(size);
    /** Slot → first record + 1 (0 = empty). */
    const slotHead = new Int32Array(size);
    const next = new Int32Array(n);
    /** Slots taken in this band: visited and cleared without sweeping the whole table. */
    const used = new Int32Array(n);
    const list = new Int32Array(this.cap);
    // Band keys follow from the text alone: a secret in the slot keeps crafted records from
    // sharing a slot without sharing a key (which would make every insert probe the whole run).
    const seed = SLOT_SEED;
    for (let b = 0; b < NUM_BANDS; b++) {
      let taken = 0;
      // Backwards, prepending: every bucket's list comes out in index order.
      for (let i = n - 1; i >= 0; i--) {
        const key = keys[i * NUM_BANDS + b]!;
        let s = fmix32(key ^ seed) & mask;
        while (slotHead[s] !== 0 && slotKey[s] !== key) s = (s + 1) & mask;
        if (slotHead[s] === 0) {
          used[taken++] = s;
          slotKey[s] = key;
        }
        next[i] = slotHead[s]! - 1;
        slotHead[s] = i + 1;
      }
      for (let x = 0; x < taken; x++) {
        const s = used[x]!;
        const head = slotHead[s]! - 1;
        slotHead[s] = 0;
        if (next[head]! < 0) continue;
        let m = 0;
        for (let i = head; i >= 0 && m < this.cap; i = next[i]!) {
          list[m++] = i;
          this.listed[i * NUM_BANDS + b] = 1;
        }
        visit(list, m, b);
      }
    }
  }

  /** Whether records i and j were already in one visited list of a band before `band`. */
  pairedBefore(i: number, j: number, band: number): boolean {
    const { keys, listed } = this;
    for (let b = 0; b < band; b++) {
      const x = i * NUM_BANDS + b;
      const y = j * NUM_BANDS + b;
      if (keys[x] === keys[y] && listed[x] === 1 && listed[y] === 1) return true;
    }
    return false;
  }
}
