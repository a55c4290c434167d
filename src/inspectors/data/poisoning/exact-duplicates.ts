import type { PoisonHit } from './dataset.js';
import { ExactIndex } from './exact-index.js';

/**
 * Exact-duplicate records and duplicates whose labels disagree. Per group (distinct record) only
 * typed-array counters and its first two rows (the examples a finding shows) are kept: no object
 * or Map entry per group. Past `limit` distinct records new ones are no longer indexed (memory bound).
 */
export class ExactDuplicates {
  private readonly index = new ExactIndex();
  private readonly firstRow: number[] = [];
  private readonly firstLine: number[] = [];
  /** Per group: the first defined label of its copies. */
  private readonly label: (string | undefined)[] = [];
  private copies = new Int32Array(64);
  /** Per group: 1 when its copies carry different labels. */
  private mixed = new Uint8Array(64);
  private secondRow = new Float64Array(64);
  private secondLine = new Float64Array(64);
  /** Groups in the order they got their second copy (the order findings list examples in). */
  private readonly duplicated: number[] = [];

  constructor(private readonly limit: number) {}

  /** Distinct records indexed so far (group ids are 0 .. count-1). */
  get count(): number {
    return this.firstRow.length;
  }

  /** Counts a record by its 64-bit content key; returns its group, or -1 past the limit. */
  add(k1: number, k2: number, row: number, line: number, label: string | undefined): number {
    const g = this.index.find(k1, k2);
    if (g < 0) {
      if (this.firstRow.length >= this.limit) return -1;
      const id = this.firstRow.length;
      this.index.add(k1, k2, id);
      this.firstRow.push(row);
      this.firstLine.push(line);
      this.label.push(label);
      if (id === this.copies.length) this.grow();
      this.copies[id] = 1;
      return id;
    }
    const c = this.copies[g]! + 1;
    this.copies[g] = c;
    if (c === 2) {
      this.secondRow[g] = row;
      this.secondLine[g] = line;
      this.duplicated.push(g);
    }
    if (label !== undefined) {
      const first = this.label[g];
      if (first === undefined) this.label[g] = label;
      else if (first !== label) this.mixed[g] = 1;
    }
    return g;
  }

  /** One finding per kind, with examples: templated data can have thousands of groups. */
  findings(): PoisonHit[] {
    const out: PoisonHit[] = [];
    let dupRecords = 0;
    const firstDup: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
    let conflictGroups = 0;
    const conflict: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
    for (const g of this.duplicated) {
      dupRecords += this.copies[g]! - 1;
      if (firstDup.rows.length < 6) {
        firstDup.rows.push(this.firstRow[g]!, this.secondRow[g]!);
        firstDup.lines.push(this.firstLine[g]!, this.secondLine[g]!);
      }
      if (this.mixed[g]) {
        conflictGroups++;
        if (conflict.rows.length < 6) {
          conflict.rows.push(this.firstRow[g]!, this.secondRow[g]!);
          conflict.lines.push(this.firstLine[g]!, this.secondLine[g]!);
        }
      }
    }
    const dupGroups = this.duplicated.length;
    if (conflictGroups) out.push({ kind: 'conflicting-labels', rows: conflict.rows, lines: conflict.lines, count: conflictGroups, detail: `${conflictGroups} group(s) of identical records carry different labels`, properties: { groups: conflictGroups, similarity: 1 } });
    if (dupGroups) out.push({ kind: 'exact-duplicates', rows: firstDup.rows, lines: firstDup.lines, count: dupRecords, detail: `${dupRecords} exact duplicate record(s) in ${dupGroups} group(s)`, properties: { groups: dupGroups } });
    return out;
  }

  private grow(): void {
    const cap = this.copies.length * 2;
    const copies = new Int32Array(cap);
    copies.set(this.copies);
    this.copies = copies;
    const mixed = new Uint8Array(cap);
    mixed.set(this.mixed);
    this.mixed = mixed;
    const secondRow = new Float64Array(cap);
    secondRow.set(this.secondRow);
    this.secondRow = secondRow;
    const secondLine = new Float64Array(cap);
    secondLine.set(this.secondLine);
    this.secondLine = secondLine;
  }
}
