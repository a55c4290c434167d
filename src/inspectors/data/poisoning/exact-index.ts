/**
 * Exact-duplicate index: a record's 64-bit content key (two int32 halves) → the index of the first
 * record with that key. Open addressing over one typed array, a slot's key halves and value side
 * by side (one cache line per probe): no Map entry, boxed double key or object per record, which
 * at ~60k records per file was a good part of the analysis' garbage.
 */
export class ExactIndex {
  /** Per slot: key half 1, key half 2, value + 1 (0 = empty). Kept at most half full. */
  private slots = new Int32Array(3 * 256);
  private mask = 255;
  size = 0;

  /** The value stored for this key, or -1. `h1` must be well mixed (it picks the slot). */
  find(h1: number, h2: number): number {
    const t = this.slots;
    for (let s = h1 & this.mask; ; s = (s + 1) & this.mask) {
      const v = t[3 * s + 2]!;
      if (v === 0) return -1;
      if (t[3 * s] === h1 && t[3 * s + 1] === h2) return v - 1;
    }
  }

  /** Stores `value` (≥ 0) for a key `find` did not have. */
  add(h1: number, h2: number, value: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    this.place(h1, h2, value + 1);
    this.size++;
  }

  private place(h1: number, h2: number, v1: number): void {
    const t = this.slots;
    let s = h1 & this.mask;
    while (t[3 * s + 2] !== 0) s = (s + 1) & this.mask;
    t[3 * s] = h1;
    t[3 * s + 1] = h2;
    t[3 * s + 2] = v1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let s = 0; s < old.length; s += 3) if (old[s + 2] !== 0) this.place(old[s]!, old[s + 1]!, old[s + 2]!);
  }
}
