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
 * two lines. A group keeps its first row; a duplicated one its second, and a conflicting one its
 * first copy labelled otherwise (the examples a finding shows), in arrays by the order groups were
 * duplicated in: 32 bytes per group for those, until 2026-11-28, were most of the index's memory
 * (8 MiB at 80,000 records, with the copies made while growing). Past `limit` distinct records new
 * ones are no longer indexed (memory bound).
 */
export class ExactDuplicates {
  /** Kept at most half full. */
  private slots = new Int32Array(STRIDE * 256);
  private mask = 255;
  private readonly firstRow: number[] = [];
  private readonly firstLine: number[] = [];
  /** Per group: its first copy's label id (-1: none yet), and 1 when a later copy's label differs. */
  private firstLabel = new Int32Array(64);
  private mixed = new Uint8Array(64);
  /** Per group: its slot (slots move when the table grows), and its index in `duplicated`. */
  private slotOf = new Int32Array(64);
  private dupIndex = new Int32Array(64);
  /** Groups in the order they got their second copy (the order findings list examples in). */
  private readonly duplicated: number[] = [];
  /** By index in `duplicated`: the group's second copy, and (groups whose labels differ) its first copy whose label is not the first copy's. */
  private readonly secondRow: number[] = [];
  private readonly secondLine: number[] = [];
  private readonly otherRow: number[] = [];
  private readonly otherLine: number[] = [];

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
        this.dupIndex[g] = this.duplicated.push(g) - 1;
        this.secondRow.push(row);
        this.secondLine.push(line);
        this.otherRow.push(0);
        this.otherLine.push(0);
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
      // A labelled copy is a second copy or later: the group is in `duplicated`.
      this.otherRow[this.dupIndex[g]!] = row;
      this.otherLine[this.dupIndex[g]!] = line;
    }
  }

  /** One finding per kind, with examples: templated data can have thousands of groups. */
  findings(): PoisonHit[] {
    const out: PoisonHit[] = [];
    let dupRecords = 0;
    const firstDup: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
    let conflictGroups = 0;
    const conflict: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
    for (let x = 0; x < this.duplicated.length; x++) {
      const g = this.duplicated[x]!;
      const s = this.slotOf[g]!;
      dupRecords += this.slots[s + 3]! - 1;
      if (firstDup.rows.length < 6) {
        firstDup.rows.push(this.firstRow[g]!, this.secondRow[x]!);
        firstDup.lines.push(this.firstLine[g]!, this.secondLine[x]!);
      }
      if (this.mixed[g]) {
        conflictGroups++;
        // The first copy and the first whose label differs: the group's first two copies can agree.
        if (conflict.rows.length < 6) {
          conflict.rows.push(this.firstRow[g]!, this.otherRow[x]!);
          conflict.lines.push(this.firstLine[g]!, this.otherLine[x]!);
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
    this.slotOf = grown(this.slotOf, new Int32Array(cap));
    this.dupIndex = grown(this.dupIndex, new Int32Array(cap));
    this.firstLabel = grown(this.firstLabel, new Int32Array(cap));
    this.mixed = grown(this.mixed, new Uint8Array(cap));
  }
}

/** `to` holding `from` at its start. */
function grown<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
