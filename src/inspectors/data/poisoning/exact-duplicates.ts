import type { PoisonHit } from './dataset.js';

/** Per slot: key half 1, key half 2, group + 1 (0 = empty), copies. 16 bytes: four to a cache line, none across two. */
const STRIDE = 4;

/**
 * Exact-duplicate records and duplicates whose labels disagree. One open-addressing table keyed by
 * the record's 64-bit content key holds, in the same slot, what every repeated record updates (its
 * group and copy count): a record costs one cache line, which matters because the rest of the
 * row's scanning evicts the table between records. A group's labels (the first, and whether
 * another differs) sit in per-group arrays, read again only for a labelled copy: with them in the
 * slot (24 bytes, until 2026-11-28) the table was half as large again and a slot could straddle
 * two lines. A group keeps its first two rows (the examples a finding shows) in flat arrays; past
 * `limit` distinct records new ones are no longer indexed (memory bound).
 */
export class ExactDuplicates {
  /** Kept at most half full. */
  private slots = new Int32Array(STRIDE * 256);
  private mask = 255;
  private readonly firstRow: number[] = [];
  private readonly firstLine: number[] = [];
  private secondRow = new Float64Array(64);
  private secondLine = new Float64Array(64);
  /** Per group: its first copy's label id (-1: none yet), and 1 when a later copy's label differs. */
  private firstLabel = new Int32Array(64);
  private mixed = new Uint8Array(64);
  /** Per group whose labels differ: the first copy whose label is not the first copy's (the example a conflict shows). */
  private otherRow = new Float64Array(64);
  private otherLine = new Float64Array(64);
  /** Per group: its slot (slots move when the table grows). */
  private slotOf = new Int32Array(64);
  /** Groups in the order they got their second copy (the order findings list examples in). */
  private readonly duplicated: number[] = [];

  constructor(private readonly limit: number) {}

  /** Distinct records indexed so far (group ids are 0 .. count-1). */
  get count(): number {
    return this.firstRow.length;
  }

  /**
   * Counts a record by its 64-bit content key (`k1` well mixed: it picks the slot) and label id
   * (-1: none); returns its group, or -1 past the limit.
   */
  add(k1: number, k2: number, row: number, line: number, label: number): number {
    const t = this.slots;
    const mask = this.mask;
    let slot = k1 & mask;
    let s = slot * STRIDE;
    for (; t[s + 2] !== 0; slot = (slot + 1) & mask, s = slot * STRIDE) {
      if (t[s] !== k1 || t[s + 1] !== k2) continue;
      const g = t[s + 2]! - 1;
      const c = t[s + 3]! + 1;
      t[s + 3] = c;
      if (c === 2) {
        this.secondRow[g] = row;
        this.secondLine[g] = line;
        this.duplicated.push(g);
      }
      if (label >= 0) this.labelCopy(g, label, row, line);
      return g;
    }
    const g = this.firstRow.length;
    if (g >= this.limit) return -1;
    this.firstRow.push(row);
    this.firstLine.push(line);
    if (g === this.slotOf.length) this.growGroups();
    this.firstLabel[g] = label;
    if ((g + 1) * 2 > this.mask + 1) {
      this.growTable();
      this.place(k1, k2, g, 1);
    } else this.fill(s, k1, k2, g, 1);
    return g;
  }

  /** A later copy of group g carries label id `label` (≥ 0). */
  private labelCopy(g: number, label: number, row: number, line: number): void {
    const first = this.firstLabel[g]!;
    if (first < 0) this.firstLabel[g] = label;
    else if (first !== label && this.mixed[g] === 0) {
      this.mixed[g] = 1;
      this.otherRow[g] = row;
      this.otherLine[g] = line;
    }
  }

  /** One finding per kind, with examples: templated data can have thousands of groups. */
  findings(): PoisonHit[] {
    const out: PoisonHit[] = [];
    let dupRecords = 0;
    const firstDup: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
    let conflictGroups = 0;
    const conflict: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
    for (const g of this.duplicated) {
      const s = this.slotOf[g]!;
      dupRecords += this.slots[s + 3]! - 1;
      if (firstDup.rows.length < 6) {
        firstDup.rows.push(this.firstRow[g]!, this.secondRow[g]!);
        firstDup.lines.push(this.firstLine[g]!, this.secondLine[g]!);
      }
      if (this.mixed[g]) {
        conflictGroups++;
        // The first copy and the first whose label differs: the group's first two copies can agree.
        if (conflict.rows.length < 6) {
          conflict.rows.push(this.firstRow[g]!, this.otherRow[g]!);
          conflict.lines.push(this.firstLine[g]!, this.otherLine[g]!);
        }
      }
    }
    const dupGroups = this.duplicated.length;
    if (conflictGroups) out.push({ kind: 'conflicting-labels', rows: conflict.rows, lines: conflict.lines, count: conflictGroups, detail: `${conflictGroups} group(s) of identical records carry different labels`, properties: { groups: conflictGroups, similarity: 1 } });
    if (dupGroups) out.push({ kind: 'exact-duplicates', rows: firstDup.rows, lines: firstDup.lines, count: dupRecords, detail: `${dupRecords} exact duplicate record(s) in ${dupGroups} group(s)`, properties: { groups: dupGroups } });
    return out;
  }

  private fill(s: number, k1: number, k2: number, g: number, copies: number): void {
    const t = this.slots;
    t[s] = k1;
    t[s + 1] = k2;
    t[s + 2] = g + 1;
    t[s + 3] = copies;
    this.slotOf[g] = s;
  }

  private place(k1: number, k2: number, g: number, copies: number): void {
    const t = this.slots;
    let slot = k1 & this.mask;
    while (t[slot * STRIDE + 2] !== 0) slot = (slot + 1) & this.mask;
    this.fill(slot * STRIDE, k1, k2, g, copies);
  }

  private growTable(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let s = 0; s < old.length; s += STRIDE) if (old[s + 2] !== 0) this.place(old[s]!, old[s + 1]!, old[s + 2]! - 1, old[s + 3]!);
  }

  private growGroups(): void {
    const cap = this.slotOf.length * 2;
    const slotOf = new Int32Array(cap);
    slotOf.set(this.slotOf);
    this.slotOf = slotOf;
    const firstLabel = new Int32Array(cap);
    firstLabel.set(this.firstLabel);
    this.firstLabel = firstLabel;
    const mixed = new Uint8Array(cap);
    mixed.set(this.mixed);
    this.mixed = mixed;
    this.secondRow = grown(this.secondRow, cap);
    this.secondLine = grown(this.secondLine, cap);
    this.otherRow = grown(this.otherRow, cap);
    this.otherLine = grown(this.otherLine, cap);
  }
}

/** `a` copied into an array of `cap` entries. */
function grown(a: Float64Array, cap: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}
