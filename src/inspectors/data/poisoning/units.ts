import type { TokenRows } from './triggers.js';

/**
 * Labelled records grouped into units of identical tokens and label (exact duplicates with the same
 * label): every count below is over units, weighted by their size, so duplicated data costs what
 * its distinct records cost. Units are in order of their first record, which keeps every "first
 * appearance" order of the per-record version.
 */
export class Units {
  n = 0;
  /** Per unit: its first record, its size and its label. */
  readonly first: Int32Array;
  readonly weight: Int32Array;
  readonly label: Int32Array;
  /** Per record, the next record of its unit (-1 at the end). */
  private readonly next: Int32Array;
  private readonly last: Int32Array;
  /** Labelled records. */
  size = 0;

  constructor(kept: TokenRows) {
    this.first = new Int32Array(kept.n);
    this.weight = new Int32Array(kept.n);
    this.label = new Int32Array(kept.n);
    this.last = new Int32Array(kept.n);
    this.next = new Int32Array(kept.n).fill(-1);
    let groups = 0;
    for (let i = 0; i < kept.n; i++) groups = Math.max(groups, kept.group[i]! + 1);
    // A group's units (one per label its copies carry, almost always one) in a short chain.
    const groupUnit = new Int32Array(groups).fill(-1);
    const sameGroup = new Int32Array(kept.n);
    for (let i = 0; i < kept.n; i++) {
      const l = kept.labelOf[i]!;
      if (l < 0) continue;
      this.size++;
      const g = kept.group[i]!;
      let u = groupUnit[g]!;
      while (u >= 0 && this.label[u] !== l) u = sameGroup[u]!;
      if (u < 0) {
        u = this.n++;
        sameGroup[u] = groupUnit[g]!;
        groupUnit[g] = u;
        this.first[u] = i;
        this.last[u] = i;
        this.weight[u] = 1;
        this.label[u] = l;
      } else {
        this.next[this.last[u]!] = i;
        this.last[u] = i;
        this.weight[u]!++;
      }
    }
  }

  /** Labelled records per label (L labels). */
  labelCounts(L: number): Int32Array {
    const count = new Int32Array(L);
    for (let u = 0; u < this.n; u++) count[this.label[u]!] = count[this.label[u]!]! + this.weight[u]!;
    return count;
  }

  /**
   * Appends to each candidate's `units` the units that carry its token (`candOf`: token id →
   * candidate, -1 for none) under its label. A method of its own for the JIT: see `countTokens`.
   */
  collectCarriers(kept: TokenRows, candOf: Int32Array, candidates: readonly { label: number; units: number[] }[]): void {
    const { tokStart, tokEnd, tokIds } = kept;
    for (let u = 0; u < this.n; u++) {
      const r = this.first[u]!;
      for (let j = tokStart[r]!, end = tokEnd[r]!; j < end; j++) {
        const k = candOf[tokIds[j]!]!;
        if (k >= 0 && this.label[u] === candidates[k]!.label) candidates[k]!.units.push(u);
      }
    }
  }

  /** The records of some units, in record order. */
  records(units: readonly number[]): number[] {
    const out: number[] = [];
    for (const u of units) for (let i = this.first[u]!; i >= 0; i = this.next[i]!) out.push(i);
    return out.sort((a, b) => a - b);
  }
}
