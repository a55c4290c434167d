import { BandBuckets } from './buckets.js';
import type { PoisonHit } from './dataset.js';
import type { KeptRecords } from './kept.js';
import type { PairLabels } from './label-agreement.js';

/**
 * Near-duplicate pairs among the kept records, and those whose labels disagree. LSH buckets over
 * the exact-duplicate groups' representatives propose pairs; the word-set Jaccard (or the MinHash
 * estimate, whichever is higher) confirms them. A confirmed pair of groups stands for every pair of
 * their kept copies, so counts are multiplied out: as if each copy had been compared.
 */
export function findNearDuplicates(kept: KeptRecords, groupCount: number, vocabSize: number, threshold: number): { hits: PoisonHit[]; labels: PairLabels } {
  const out: PoisonHit[] = [];
  const labels: PairLabels = { pairs: 0, conflicts: 0 };
  if (kept.nReps < 2) return { hits: out, labels };
  const copies = new GroupLabels(kept, groupCount);
  const stamp = new Int32Array(vocabSize);
  let gen = 0;
  const jaccard = (i: number, j: number): number => {
    const { tokStart, tokEnd, tokIds } = kept;
    gen++;
    for (let k = tokStart[j]!; k < tokEnd[j]!; k++) stamp[tokIds[k]!] = gen;
    let inter = 0;
    for (let k = tokStart[i]!; k < tokEnd[i]!; k++) inter += +(stamp[tokIds[k]!] === gen);
    return inter / (tokEnd[i]! - tokStart[i]! + (tokEnd[j]! - tokStart[j]!) - inter || 1);
  };
  let pairs = 0;
  const sample: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
  let conflicts = 0;
  let minSim = 1;
  const conflictSample: { rows: number[]; lines: number[] } = { rows: [], lines: [] };
  const buckets = new BandBuckets(kept.signatures.bands, kept.nReps);
  buckets.forEach((list, size, band) => {
    for (let x = 0; x < size; x++) {
      for (let y = x + 1; y < size; y++) {
        const ra = list[x]!;
        const rb = list[y]!;
        if (buckets.pairedBefore(ra, rb, band)) continue;
        const a = kept.repKept[ra]!;
        const b = kept.repKept[rb]!;
        // LSH proposes, exact word-set Jaccard confirms: MinHash estimates are noisy (±0.05).
        const sim = Math.max(kept.signatures.similarity(ra, rb), jaccard(a, b));
        if (sim < threshold) continue;
        const ga = kept.group[a]!;
        const gb = kept.group[b]!;
        pairs += copies.copies(ga) * copies.copies(gb);
        labels.pairs += copies.labelledPairs(ga, gb);
        if (sample.rows.length < 6) {
          sample.rows.push(kept.rows[a]!, kept.rows[b]!);
          sample.lines.push(kept.lines[a]!, kept.lines[b]!);
        }
        const disagree = copies.disagreeingPairs(ga, gb);
        if (disagree > 0) {
          conflicts += disagree;
          minSim = Math.min(minSim, sim);
          if (conflictSample.rows.length < 6) {
            conflictSample.rows.push(kept.rows[a]!, kept.rows[b]!);
            conflictSample.lines.push(kept.lines[a]!, kept.lines[b]!);
          }
        }
      }
    }
  });
  if (conflicts) out.push({ kind: 'conflicting-labels', rows: conflictSample.rows, lines: conflictSample.lines, count: conflicts, detail: `${conflicts} near-duplicate pair(s) (similarity ≥ ${minSim.toFixed(2)}) carry different labels`, properties: { pairs: conflicts, similarity: Number(minSim.toFixed(2)) } });
  if (pairs) out.push({ kind: 'near-duplicates', rows: sample.rows, lines: sample.lines, count: pairs, detail: `${pairs} near-duplicate pair(s) (MinHash similarity ≥ ${threshold})` });
  labels.conflicts = conflicts;
  return { hits: out, labels };
}

/** Per exact-duplicate group: its kept copies and their labels (one label, or a count per label when they differ). */
class GroupLabels {
  private readonly count: Int32Array;
  private readonly labelled: Int32Array;
  /** The copies' label when they all share one, -1 when none is labelled, -2 when they differ. */
  private readonly label: Int32Array;
  /** Label → copies, for groups whose copies differ (sparse: labels can be many). */
  private readonly mixed = new Map<number, Map<number, number>>();

  constructor(kept: KeptRecords, groupCount: number) {
    this.count = new Int32Array(groupCount);
    this.labelled = new Int32Array(groupCount);
    this.label = new Int32Array(groupCount).fill(-1);
    for (let i = 0; i < kept.n; i++) {
      const g = kept.group[i]!;
      this.count[g]!++;
      const l = kept.labelOf[i]!;
      if (l < 0) continue;
      this.labelled[g]!++;
      if (this.label[g] === -1) this.label[g] = l;
      else if (this.label[g] !== l) this.label[g] = -2;
    }
    for (let i = 0; i < kept.n; i++) {
      const g = kept.group[i]!;
      const l = kept.labelOf[i]!;
      if (this.label[g] !== -2 || l < 0) continue;
      let per = this.mixed.get(g);
      if (!per) this.mixed.set(g, (per = new Map()));
      per.set(l, (per.get(l) ?? 0) + 1);
    }
  }

  copies(g: number): number {
    return this.count[g]!;
  }

  /** Pairs of labelled copies, one from each group. */
  labelledPairs(a: number, b: number): number {
    return this.labelled[a]! * this.labelled[b]!;
  }

  /** Pairs of labelled copies, one from each group, whose labels differ. */
  disagreeingPairs(a: number, b: number): number {
    const both = this.labelledPairs(a, b);
    if (both === 0) return 0;
    const la = this.label[a]!;
    const lb = this.label[b]!;
    if (la >= 0 && lb >= 0) return la === lb ? 0 : both;
    const per = (g: number, l: number): Map<number, number> => this.mixed.get(g) ?? new Map([[l, this.labelled[g]!]]);
    const pa = per(a, la);
    const pb = per(b, lb);
    let agree = 0;
    for (const [l, n] of pa) agree += n * (pb.get(l) ?? 0);
    return both - agree;
  }
}
