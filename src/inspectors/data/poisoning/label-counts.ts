/**
 * (token, label) occurrence counts for the tokens the trigger vote reads. Dense (token slot ×
 * label, one Int32Array) while that stays under `denseLimit` cells; past it — a huge vocabulary
 * with many labels — a Map holding only the pairs that occur, so memory stays bounded by the
 * occurrences rather than by tokens × labels.
 */
export class LabelCounts implements VoteCounts {
  /** Token id → slot, -1 for tokens not counted. */
  private readonly slot: Int32Array;
  private readonly dense: Int32Array | undefined;
  private readonly sparse: Map<number, number> | undefined;

  constructor(
    vocabSize: number,
    tokens: readonly number[],
    private readonly labels: number,
    denseLimit = 1 << 22,
  ) {
    this.slot = new Int32Array(vocabSize).fill(-1);
    for (let s = 0; s < tokens.length; s++) this.slot[tokens[s]!] = s;
    if (tokens.length * labels <= denseLimit) this.dense = new Int32Array(tokens.length * labels);
    else this.sparse = new Map();
  }

  /** Whether token t is counted. */
  has(t: number): boolean {
    return this.slot[t]! >= 0;
  }

  /** Counts `w` occurrences of a counted token t under label l. */
  add(t: number, l: number, w: number): void {
    const k = this.slot[t]! * this.labels + l;
    if (this.dense) this.dense[k] = this.dense[k]! + w;
    else this.sparse!.set(k, (this.sparse!.get(k) ?? 0) + w);
  }

  /** Occurrences of token t under label l (0 for tokens not counted). */
  get(t: number, l: number): number {
    const s = this.slot[t]!;
    if (s < 0) return 0;
    const k = s * this.labels + l;
    return this.dense ? this.dense[k]! : (this.sparse!.get(k) ?? 0);
  }
}

/** What the trigger vote reads: occurrences of token t under label l. */
export interface VoteCounts {
  get(t: number, l: number): number;
}

/** Counts already made for every token, token-major (`table[t · labels + l]`), adopted as they are. */
export class TableCounts implements VoteCounts {
  constructor(
    private readonly table: Int32Array,
    private readonly labels: number,
  ) {}

  get(t: number, l: number): number {
    return this.table[t * this.labels + l]!;
  }
}
