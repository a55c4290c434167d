import { NUM_BANDS } from './minhash.js';
import { fmix32 } from './mix.js';
import { BLOCK, BLOCK_BITS, bandKey, capacityOf } from './signatures.js';

const SLOT_SEED = globalThis.crypto.getRandomValues(new Int32Array(1))[0]!;

/**
 * LSH buckets: records sharing a band key, band by band. Built once at the end by hashing the
 * band keys into a typed-array table per band (key → first record, with `next` links):
 * linear in the records, where sorting (key, record) pairs per band was n·log n with a comparator.
 */
export class BandBuckets {
  /** listed[i · 16 + b]: record i was in a visited list of band b (a pair there was looked at). */
  private readonly listed: Uint8Array;

  /**
   * `bands` holds the band keys of records 0..n-1 in band-major blocks (see `Signatures`); a
   * bucket's list holds its first `cap` records in index order.
   */
  constructor(
    private readonly bands: readonly Int32Array[],
    private readonly n: number,
    private readonly cap = 64,
  ) {
    this.listed = new Uint8Array(n * NUM_BANDS);
  }

  /** Calls `visit(list, size, band)` for every bucket of two or more records; `list` is reused. */
  forEach(visit: (list: Int32Array, size: number, band: number) => void): void {
    let size = 64;
    while (size < this.n * 2) size *= 2;
    // Filter bits: a power of two, at least 8 per record (a word index takes the hash's top bits).
    let filterBits = 10;
    while (1 << filterBits < this.n * 8) filterBits++;
    const tables: BandTables = {
      filterShift: 32 - (filterBits - 5),
      once: new Int32Array(1 << (filterBits - 5)),
      twice: new Int32Array(1 << (filterBits - 5)),
      mask: size - 1,
      slotKey: new Int32Array(size),
      slotHead: new Int32Array(size),
      keys: new Int32Array(this.n),
      next: new Int32Array(this.n),
      used: new Int32Array(this.n),
      list: new Int32Array(this.cap),
    };
    // A method per band rather than one loop over all: called 16 times per dataset, it is soon
    // optimised as a whole, where one long function ran its loops unoptimised after each
    // deoptimisation (a scan has only a few datasets to warm it up on).
    for (let b = 0; b < NUM_BANDS; b++) this.band(b, tables, visit);
  }

  private band(b: number, t: BandTables, visit: (list: Int32Array, size: number, band: number) => void): void {
    const { bands, n } = this;
    const { keys, mask, slotKey, slotHead, next, used, list } = t;
    // The band's keys, block by block, into one array: both passes below then read it in order.
    for (let k = 0; k < bands.length; k++) {
      const stride = capacityOf(bands[k]!);
      keys.set(bands[k]!.subarray(b * stride, b * stride + Math.min(BLOCK, n - (k << BLOCK_BITS))), k << BLOCK_BITS);
    }
    // Band keys follow from the text alone: a secret in the slot keeps crafted records from
    // sharing a slot without sharing a key (which would make every insert probe the whole run).
    const seed = SLOT_SEED;
    // Most keys are in no other record. A bit table (L2-sized, where the hash table is not) first
    // finds the keys whose bit another key also hashes to: only those, ~10 % of singletons and
    // every key of a real bucket, go into the hash table. Its buckets of two or more, and the
    // order they are met in, are what inserting every key gave.
    const { once, twice } = t;
    once.fill(0);
    twice.fill(0);
    const shift = t.filterShift;
    // Keys are replaced by their slot hashes, which the table then holds and compares: the hash is
    // a bijection of the key (xor, then murmur's invertible finaliser), so equal hashes are equal
    // keys, and hashing once saves the second pass a finaliser per key.
    for (let i = 0; i < n; i++) {
      const h = fmix32(keys[i]! ^ seed);
      keys[i] = h;
      const w = h >>> shift;
      const bit = 1 << h;
      twice[w] = twice[w]! | (once[w]! & bit);
      once[w] = once[w]! | bit;
    }
    let taken = 0;
    // Backwards, prepending: every bucket's list comes out in index order.
    for (let i = n - 1; i >= 0; i--) {
      const h = keys[i]!;
      if ((twice[h >>> shift]! & (1 << h)) === 0) continue;
      let s = h & mask;
      while (slotHead[s] !== 0 && slotKey[s] !== h) s = (s + 1) & mask;
      if (slotHead[s] === 0) {
        used[taken++] = s;
        slotKey[s] = h;
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

  /** Whether records i and j were already in one visited list of a band before `band`. */
  pairedBefore(i: number, j: number, band: number): boolean {
    const { bands, listed } = this;
    for (let b = 0; b < band; b++) {
      const x = i * NUM_BANDS + b;
      const y = j * NUM_BANDS + b;
      if (listed[x] === 1 && listed[y] === 1 && bandKey(bands, i, b) === bandKey(bands, j, b)) return true;
    }
    return false;
  }
}

/** One band's hash table (key → first record + 1, 0 = empty) and lists, reused from band to band. */
interface BandTables {
  /** Bit table words: a hash's word is its top bits (hash >>> filterShift), its bit the low five. */
  filterShift: number;
  /** Bits some key hashes to, and bits two or more do. */
  once: Int32Array;
  twice: Int32Array;
  /** This band's key per record, then its slot hash. */
  keys: Int32Array;
  mask: number;
  slotKey: Int32Array;
  slotHead: Int32Array;
  next: Int32Array;
  /** Slots taken in this band: visited and cleared without sweeping the whole table. */
  used: Int32Array;
  list: Int32Array;
}
