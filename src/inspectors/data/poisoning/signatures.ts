import { bandKeysInto, NUM_BANDS, NUM_HASHES, signatureInto, similarity } from './minhash.js';

/** Records per block: a block's signatures take 2 MiB, its band keys 512 KiB. */
export const BLOCK_BITS = 13;
export const BLOCK = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK - 1;
/** Records the first block starts with. */
const FIRST_BLOCK = 64;

/**
 * Full blocks released by finished analyses, taken by the next ones in this thread (at most
 * POOL_BLOCKS: 20 MiB, what a dataset of 50,000 records uses). A scan reads its datasets one after
 * another, and each allocated ~18 MiB of blocks anew: that external memory brought on scavenges
 * ("external memory pressure") of a heap that had nothing to free, about a tenth of the stage's
 * time on tables of short records.
 */
const POOL_BLOCKS = 8;
const pool: { sig: Int32Array; bands: Int32Array }[] = [];

/**
 * The representatives' MinHash signatures and LSH band keys, in blocks of BLOCK records. Past the
 * first block, storage grows a block at a time and is never copied: doubling one array per column
 * allocated, zeroed and copied about 2.5 times the final size per dataset (40 MiB for the 16 MiB
 * that 50,000 records need), and the dropped arrays' external memory brought on full garbage
 * collections. The first block starts at FIRST_BLOCK records and doubles up to BLOCK: a knowledge
 * base of 3,000 small pages is 3,000 datasets of a few records each, and a full block apiece
 * (2.5 MiB) made that scan 1.6 times slower.
 *
 * Within a block, band keys are band-major (band b's key of record i at b · capacity + i mod BLOCK,
 * the capacity being BLOCK but for a first block still growing), so bucketing, one band at a
 * time, copies a block's keys of that band in one move.
 */
export class Signatures {
  n = 0;
  private readonly sig: Int32Array[] = [];
  /** Band-key blocks, as `BandBuckets` reads them. */
  readonly bands: Int32Array[] = [];
  /** The signature `add` made last (its block and offset): one object, rewritten, never allocated per record. */
  readonly last: { sig: Int32Array; off: number } = { sig: new Int32Array(0), off: 0 };

  /** Adds the next record's signature, of the token values `seq[0..len)`. */
  add(seq: Int32Array, len: number): void {
    const r = this.n++;
    const block = r >>> BLOCK_BITS;
    if (block === this.sig.length) this.addBlock(block);
    else if (block === 0 && r === capacityOf(this.bands[0]!)) this.growFirst();
    const sig = this.sig[block]!;
    const off = (r & IN_BLOCK) * NUM_HASHES;
    signatureInto(seq, len, sig, off);
    bandKeysInto(sig, off, this.bands[block]!, r & IN_BLOCK, capacityOf(this.bands[block]!));
    this.last.sig = sig;
    this.last.off = off;
  }


  /** A pooled full block when there is one (the first block too: it then never grows), else a new one. */
  private addBlock(block: number): void {
    const spare = pool.pop();
    if (spare) {
      this.sig.push(spare.sig);
      this.bands.push(spare.bands);
      return;
    }
    const cap = block === 0 ? FIRST_BLOCK : BLOCK;
    this.sig.push(new Int32Array(cap * NUM_HASHES));
    this.bands.push(new Int32Array(cap * NUM_BANDS));
  }

  /**
   * Hands the full blocks to the next analysis of this thread: signatures and band keys are not
   * read after the near-duplicate search, and every record's are written whole before they are
   * read, so a block needs no clearing. The records are gone after this (`n` is 0).
   */
  release(): void {
    for (let k = 0; k < this.sig.length; k++) {
      if (this.sig[k]!.length === BLOCK * NUM_HASHES && pool.length < POOL_BLOCKS) pool.push({ sig: this.sig[k]!, bands: this.bands[k]! });
    }
    this.sig.length = 0;
    this.bands.length = 0;
    this.n = 0;
  }

  /** Doubles the first block (its band-major keys re-laid at the new stride). */
  private growFirst(): void {
    const old = this.bands[0]!;
    const cap = capacityOf(old);
    const grown = new Int32Array(cap * 2 * NUM_BANDS);
    for (let b = 0; b < NUM_BANDS; b++) grown.set(old.subarray(b * cap, (b + 1) * cap), b * cap * 2);
    this.bands[0] = grown;
    const sig = new Int32Array(cap * 2 * NUM_HASHES);
    sig.set(this.sig[0]!);
    this.sig[0] = sig;
  }

  /** Estimated Jaccard similarity of records a and b. */
  similarity(a: number, b: number): number {
    return similarity(this.sig[a >>> BLOCK_BITS]!, (a & IN_BLOCK) * NUM_HASHES, this.sig[b >>> BLOCK_BITS]!, (b & IN_BLOCK) * NUM_HASHES);
  }
}

/** Records a band-key block holds (BLOCK, or less for a first block still growing). */
export function capacityOf(bandBlock: Int32Array): number {
  return bandBlock.length / NUM_BANDS;
}

/** Band b's key of record r in band-major blocks. */
export function bandKey(bands: readonly Int32Array[], r: number, b: number): number {
  const block = bands[r >>> BLOCK_BITS]!;
  return block[b * capacityOf(block) + (r & IN_BLOCK)]!;
}
