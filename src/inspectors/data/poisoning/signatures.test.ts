import { describe, expect, it } from 'vitest';
import { bandKeysInto, NUM_BANDS, NUM_HASHES, signatureInto, similarity } from './minhash.js';
import { bandKey, BLOCK, Signatures } from './signatures.js';
import { Rng } from '../testing/random.js';

/** Adds n records of random tokens to the store, and returns what one flat array of each would hold. */
function fill(r: Rng, store: Signatures, n: number): { flatSig: Int32Array; flatBands: Int32Array } {
  const flatSig = new Int32Array(n * NUM_HASHES);
  const flatBands = new Int32Array(n * NUM_BANDS);
  for (let i = 0; i < n; i++) {
    const tokens = Int32Array.from({ length: r.int(3, 60) }, () => r.int(0, 2 ** 30));
    store.add(tokens, tokens.length);
    signatureInto(tokens, tokens.length, flatSig, i * NUM_HASHES);
    bandKeysInto(flatSig, i * NUM_HASHES, flatBands, i * NUM_BANDS);
  }
  return { flatSig, flatBands };
}

describe('signature blocks', () => {
  it('hold, across a block boundary, the signatures and band keys one flat array would', () => {
    const r = new Rng(11);
    const n = BLOCK + 7;
    const store = new Signatures();
    const flatSig = new Int32Array(n * NUM_HASHES);
    const flatBands = new Int32Array(n * NUM_BANDS);
    for (let i = 0; i < n; i++) {
      // Records 1, 51, 101 … share their tokens: some pairs must agree.
      const tokens = i % 50 === 1 ? Int32Array.of(0, 1, 2, 3, 4) : Int32Array.from({ length: r.int(3, 20) }, () => r.int(0, 2 ** 30));
      store.add(tokens, tokens.length);
      signatureInto(tokens, tokens.length, flatSig, i * NUM_HASHES);
      bandKeysInto(flatSig, i * NUM_HASHES, flatBands, i * NUM_BANDS);
    }
    expect(store.n).toBe(n);
    for (const i of [0, 1, BLOCK - 1, BLOCK, n - 1]) {
      for (let b = 0; b < NUM_BANDS; b++) expect(bandKey(store.bands, i, b)).toBe(flatBands[i * NUM_BANDS + b]);
      for (const j of [0, 1, 51, BLOCK - 1, BLOCK, n - 1]) expect(store.similarity(i, j)).toBe(similarity(flatSig, i * NUM_HASHES, flatSig, j * NUM_HASHES));
    }
    expect(store.similarity(1, 51)).toBe(1);
  });

  it('hold the same while the first block grows from 64 records (small datasets allocate little)', () => {
    const r = new Rng(12);
    for (const n of [1, 63, 64, 65, 130, 1000]) {
      const store = new Signatures();
      const { flatSig, flatBands } = fill(r, store, n);
      for (let i = 0; i < n; i++) {
        for (let b = 0; b < NUM_BANDS; b++) expect(bandKey(store.bands, i, b), `${n}: ${i}/${b}`).toBe(flatBands[i * NUM_BANDS + b]);
        expect(store.similarity(i, n - 1 - i)).toBe(similarity(flatSig, i * NUM_HASHES, flatSig, (n - 1 - i) * NUM_HASHES));
      }
      // What a dataset of n records holds: the next power of two from 64, not a full block.
      expect(store.bands[0]!.length).toBe(Math.max(64, 2 ** Math.ceil(Math.log2(n))) * NUM_BANDS);
    }
  });

  it('hold the same in blocks a released store left, the first block full from the start', () => {
    const r = new Rng(13);
    const first = new Signatures();
    fill(r, first, 2 * BLOCK + 3);
    first.release();
    expect(first.n).toBe(0);
    for (const n of [5, BLOCK + 9]) {
      const store = new Signatures();
      const { flatSig, flatBands } = fill(r, store, n);
      expect(store.bands[0]!.length).toBe(BLOCK * NUM_BANDS);
      for (let i = 0; i < n; i += n > 100 ? 97 : 1) {
        for (let b = 0; b < NUM_BANDS; b++) expect(bandKey(store.bands, i, b), `${n}: ${i}/${b}`).toBe(flatBands[i * NUM_BANDS + b]);
        expect(store.similarity(i, n - 1 - i)).toBe(similarity(flatSig, i * NUM_HASHES, flatSig, (n - 1 - i) * NUM_HASHES));
      }
      store.release();
    }
  });
});
