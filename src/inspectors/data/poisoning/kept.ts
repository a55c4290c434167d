import { Signatures } from './signatures.js';
import type { TokenRows } from './triggers.js';

/**
 * The records kept for near-duplicate and trigger analysis, column by column in typed arrays that
 * grow by doubling: no object, token array or signature array per record (at 50,000 records those
 * were most of the analysis' allocations and old-generation promotions).
 *
 * An exact duplicate of a kept record shares its representative's tokens and has no signature of
 * its own: it cannot be a near-duplicate of anything its representative is not, so the LSH runs
 * over representatives only and copies are counted by multiplicity.
 */
export class KeptRecords implements TokenRows {
  n = 0;
  rows = new Float64Array(64);
  lines = new Float64Array(64);
  /** Label id per record (into `labelNames`, in order of first appearance), -1 when unlabelled. */
  labelOf = new Int32Array(64);
  readonly labelNames: string[] = [];
  /** The record's exact-duplicate group (equal ids ⇔ identical token sequences). */
  group = new Int32Array(64);
  /** Record i's distinct token ids are tokIds[tokStart[i] .. tokEnd[i]) (a copy shares its representative's). */
  tokStart = new Int32Array(64);
  tokEnd = new Int32Array(64);
  tokIds = new Int32Array(1024);
  private tokUsed = 0;
  /** Representatives (the first kept record of each group): their kept index, in order. */
  repKept = new Int32Array(64);
  nReps = 0;
  /** Per exact-duplicate group: its representative's kept index + 1 (0: none kept yet). */
  private repOfGroup = new Int32Array(64);
  /** Per representative: its MinHash signature and LSH band keys. */
  readonly signatures = new Signatures();
  /** Analysis-wide label id → this store's (kept records only, in their order of first appearance), -1 unseen. */
  private localLabel = new Int32Array(16).fill(-1);

  /** `names` are the analysis-wide label names, by id. */
  constructor(private readonly names: readonly string[]) {}

  /**
   * Adds a record of exact-duplicate group `group` with label id `label` (analysis-wide, -1: none). The first record of a group becomes its
   * representative: returns its ordinal (the caller writes its tokens and adds its signature). A later copy shares the representative's tokens: returns -1.
   */
  push(row: number, line: number, label: number, group: number): number {
    const i = this.n++;
    if (i === this.rows.length) this.grow();
    this.rows[i] = row;
    this.lines[i] = line;
    this.group[i] = group;
    this.labelOf[i] = this.labelId(label);
    if (group >= this.repOfGroup.length) {
      const grown = new Int32Array(Math.max(this.repOfGroup.length * 2, group + 1));
      grown.set(this.repOfGroup);
      this.repOfGroup = grown;
    }
    const from = this.repOfGroup[group]! - 1;
    if (from >= 0) {
      this.tokStart[i] = this.tokStart[from]!;
      this.tokEnd[i] = this.tokEnd[from]!;
      return -1;
    }
    this.repOfGroup[group] = i + 1;
    const r = this.nReps++;
    if (r === this.repKept.length) {
      this.repKept = copyInto(new Int32Array(r * 2), this.repKept);
    }
    this.repKept[r] = i;
    return r;
  }

  private labelId(label: number): number {
    if (label < 0) return -1;
    if (label >= this.localLabel.length) {
      const grown = new Int32Array(Math.max(this.localLabel.length * 2, label + 1)).fill(-1);
      grown.set(this.localLabel);
      this.localLabel = grown;
    }
    let l = this.localLabel[label]!;
    if (l < 0) {
      l = this.labelNames.push(this.names[label]!) - 1;
      this.localLabel[label] = l;
    }
    return l;
  }

  /** The token array with room for `more` ids at `tokensAt()` (it may be replaced: re-read it). */
  reserveTokens(more: number): Int32Array {
    const need = this.tokUsed + more;
    if (need > this.tokIds.length) {
      let cap = this.tokIds.length * 2;
      while (cap < need) cap *= 2;
      this.tokIds = copyInto(new Int32Array(cap), this.tokIds);
    }
    return this.tokIds;
  }

  tokensAt(): number {
    return this.tokUsed;
  }

  /** Record i's token ids were written at tokIds[tokensAt() .. end). */
  endTokens(i: number, end: number): void {
    this.tokStart[i] = this.tokUsed;
    this.tokEnd[i] = end;
    this.tokUsed = end;
  }

  private grow(): void {
    const cap = this.rows.length * 2;
    this.rows = copyInto(new Float64Array(cap), this.rows);
    this.lines = copyInto(new Float64Array(cap), this.lines);
    this.labelOf = copyInto(new Int32Array(cap), this.labelOf);
    this.group = copyInto(new Int32Array(cap), this.group);
    this.tokStart = copyInto(new Int32Array(cap), this.tokStart);
    this.tokEnd = copyInto(new Int32Array(cap), this.tokEnd);
  }
}

function copyInto<T extends Int32Array | Float64Array>(to: T, from: T): T {
  to.set(from);
  return to;
}
