/**
 * The analysis' vocabulary: token → dense id, looked up by the token's hashes (an open-addressing
 * table in one typed array, a slot's hashes and id side by side: one cache line per probe, no
 * string per lookup). A token is named by its two independent 32-bit hashes; two different tokens
 * agreeing on both (odds ~2^-64 per pair) would share an id — the same kind of risk the
 * exact-duplicate key already takes.
 */

export class Vocab {
  /** Token strings by id, in order of first appearance. */
  readonly words: string[] = [];
  /** Per slot: hash a, hash b, id + 1 (0 = empty). Kept at most half full. */
  private slots = new Int32Array(3 * 256);
  /** Slot index = top `bits` bits of a · golden ratio (multiplicative hashing reads a's high bits). */
  private bits = 8;

  get size(): number {
    return this.words.length;
  }

  /** The id of the token with these hashes, or -1. */
  find(a: number, b: number): number {
    const t = this.slots;
    const mask = (1 << this.bits) - 1;
    for (let s = Math.imul(a, 0x9e3779b1) >>> (32 - this.bits); ; s = (s + 1) & mask) {
      const v = t[3 * s + 2]!;
      if (v === 0) return -1;
      if (t[3 * s] === a && t[3 * s + 1] === b) return v - 1;
    }
  }

  /** Adds a token `find` did not have; returns its id. */
  add(a: number, b: number, word: string): number {
    const id = this.words.push(word) - 1;
    if ((id + 1) * 2 > 1 << this.bits) this.grow();
    this.place(a, b, id + 1);
    return id;
  }

  private place(a: number, b: number, v1: number): void {
    const t = this.slots;
    const mask = (1 << this.bits) - 1;
    let s = Math.imul(a, 0x9e3779b1) >>> (32 - this.bits);
    while (t[3 * s + 2] !== 0) s = (s + 1) & mask;
    t[3 * s] = a;
    t[3 * s + 1] = b;
    t[3 * s + 2] = v1;
  }

  private grow(): void {
    const old = this.slots;
    this.bits++;
    this.slots = new Int32Array(old.length * 2);
    for (let s = 0; s < old.length; s += 3) if (old[s + 2] !== 0) this.place(old[s]!, old[s + 1]!, old[s + 2]!);
  }
}
