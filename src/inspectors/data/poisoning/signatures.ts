import { bandKeysInto, NUM_BANDS, NUM_HASHES, signatureInto, similarity } from './minhash.js';

/** Records per block: a block's signatures take 2 MiB, its band keys 512 KiB. */
export const BLOCK_BITS = 13;
export const BLOCK = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK - 1;

/**
 * The representatives' MinHash signatures and LSH band keys, in fixed-size blocks. Storage grows a
 * block at a time and is never copied: doubling one array per column allocated, zeroed and copied
 * about 2.5 times the final size per dataset (40 MiB for the 16 MiB that 50,000 records need), and the
 * dropped arrays' external memory brought on full garbage collections.
 *
 * Within a block, band keys are band-major (band b's key of record i at b · BLOCK + i mod BLOCK), so
 * bucketing, one band at a time, copies a block's keys of that band in one move.
 */
export class Signatures {
  n = 0;
  private readonly sig: Int32Array[] = [];
  /** Band-key blocks, as `BandBuckets` reads them. */
  readonly bands: Int32Array[] = [];

  /** Adds the next record's signature, of the token values `seq[0..len)`. */
  add(seq: Int32Array, len: number): void {
    const r = this.n++;
    const block = r >>> BLOCK_BITS;
    if (block === this.sig.length) {
      this.sig.push(new Int32Array(BLOCK * NUM_HASHES));
      this.bands.push(new Int32Array(BLOCK * NUM_BANDS));
    }
    const sig = this.sig[block]!;
    const off = (r & IN_BLOCK) * NUM_HASHES;
    signatureInto(seq, len, sig, off);
    bandKeysInto(sig, off, this.bands[block]!, r & IN_BLOCK, BLOCK);
  }

  /** Estimated Jaccard similarity of records a and b. */
  similarity(a: number, b: number): number {
    return similarity(this.sig[a >>> BLOCK_BITS]!, (a & IN_BLOCK) * NUM_HASHES, this.sig[b >>> BLOCK_BITS]!, (b & IN_BLOCK) * NUM_HASHES);
  }
}

/** Band b's key of record r in band-major blocks. */
export function bandKey(bands: readonly Int32Array[], r: number, b: number): number {
  return bands[r >>> BLOCK_BITS]![(b << BLOCK_BITS) | (r & IN_BLOCK)]!;
}
