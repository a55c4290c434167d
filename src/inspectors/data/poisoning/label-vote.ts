import type { VoteCounts } from './label-counts.js';
import type { TokenRows } from './triggers.js';
import type { Units } from './units.js';

/** How many standard deviations of chance a row's lead for another label must exceed. */
const LEAD_Z = 3;

/** Function words carry no label evidence; left out of the "what does the rest say" vote. */
const STOP = new Set('a an and are as at be been but by for from had has have he her his i if in into is it its me my no not of on or our she so than that the their them then there they this to too up was we were what when which who will with you your'.split(' '));

/**
 * The naive-Bayes vote that judges a trigger candidate's rows: "what does the rest of the text
 * say". A class rather than closures inside `findTriggers`: its methods are compiled once and
 * stay compiled from dataset to dataset, where closures made afresh per call were recompiled.
 */
export class LabelVote {
  private readonly L: number;
  /** Function words and numbers, decided once per token id (0: not yet, 1: skipped, 2: used). */
  private readonly skipFlag: Int8Array;
  /** Per token id, its occurrences in the suspect rows of the candidate being judged. */
  private readonly sub: Int32Array;
  /** Per token of the row being judged, its count under the forced label (suspect rows left out). */
  private forcedCounts = new Int32Array(64);

  /**
   * `n` labelled records, `labelCount` of them per label, `vocabSize` distinct tokens among them;
   * `rarePure`: per token, the label a rare token is pure to (-1: none).
   */
  constructor(
    private readonly kept: TokenRows,
    private readonly units: Units,
    private readonly counts: VoteCounts,
    private readonly labelCount: Int32Array,
    private readonly n: number,
    private readonly vocabSize: number,
    private readonly rarePure: Int32Array,
    private readonly vocab: readonly string[],
  ) {
    this.L = kept.labelNames.length;
    this.skipFlag = new Int8Array(vocab.length);
    this.sub = new Int32Array(vocab.length);
  }

  /**
   * Of the records of `carrierUnits` (`carriers` of them, all carrying `token` and labelled
   * `label`), how many read as another label once the candidate's own rows are left out of the
   * counts.
   */
  disagreeing(carrierUnits: readonly number[], token: number, label: number, carriers: number): number {
    this.markSub(carrierUnits, 1);
    let disagree = 0;
    for (const u of carrierUnits) if (this.disagrees(this.units.first[u]!, token, label, carriers)) disagree += this.units.weight[u]!;
    this.markSub(carrierUnits, -1);
    return disagree;
  }

  private markSub(carrierUnits: readonly number[], d: number): void {
    const { tokStart, tokEnd, tokIds } = this.kept;
    const sub = this.sub;
    for (const u of carrierUnits) {
      const r = this.units.first[u]!;
      const w = this.units.weight[u]! * d;
      for (let j = tokStart[r]!, end = tokEnd[r]!; j < end; j++) sub[tokIds[j]!] = sub[tokIds[j]!]! + w;
    }
  }

  private skipped(t: number): boolean {
    let f = this.skipFlag[t]!;
    if (f === 0) {
      const w = this.vocab[t]!;
      this.skipFlag[t] = f = STOP.has(w) || /^\d+$/.test(w) ? 1 : 2;
    }
    return f === 1;
  }

  /** Whether token t counts in the vote on a row forced to label `forced` by candidate `without`. */
  private used(t: number, without: number, forced: number): boolean {
    return t !== without && !this.skipped(t) && this.rarePure[t] !== forced;
  }

  /** Labelled records of label l, the suspect rows left out of the forced label's. */
  private labelRows(l: number, forced: number, subRows: number): number {
    return Math.max(this.labelCount[l]! - (l === forced ? subRows : 0), 1);
  }

  /**
   * Naive-Bayes label of a row from its common words ("what the rest of the text says"): whether
   * it beats `forced` by at least a nat, and by more than chance explains. Each word adds the log
   * ratio of its two counts, whose sampling variance is about 1/(a+1) + 1/(b+1): a row whose lead
   * rests on a few rare words (an e-mail address seen eleven times) is noise, one resting on
   * words seen in many rows is not. With random labels, rows of plain text with a rare token or
   * two read as another label by over a nat, and random 4-row tokens became trigger findings.
   */
  private disagrees(r: number, without: number, forced: number, subRows: number): boolean {
    const { tokStart, tokEnd, tokIds } = this.kept;
    const { counts, sub, n, vocabSize } = this;
    const start = tokStart[r]!;
    const end = tokEnd[r]!;
    if (this.forcedCounts.length < end - start) this.forcedCounts = new Int32Array(end - start);
    const forcedCounts = this.forcedCounts;
    const lf = this.labelRows(forced, forced, subRows);
    let forcedScore = Math.log(lf / n);
    for (let j = start; j < end; j++) {
      const t = tokIds[j]!;
      if (!this.used(t, without, forced)) continue;
      const c = counts.get(t, forced) - sub[t]!;
      forcedCounts[j - start] = c;
      forcedScore += Math.log((c + 1) / (lf + vocabSize));
    }
    for (let l = 0; l < this.L; l++) {
      if (l === forced) continue;
      const lc = this.labelRows(l, forced, subRows);
      let s = Math.log(lc / n);
      let variance = 0;
      for (let j = start; j < end; j++) {
        const t = tokIds[j]!;
        if (!this.used(t, without, forced)) continue;
        const c = counts.get(t, l);
        s += Math.log((c + 1) / (lc + vocabSize));
        variance += 1 / (c + 1) + 1 / (forcedCounts[j - start]! + 1);
      }
      const lead = s - forcedScore;
      if (lead >= 1 && lead >= LEAD_Z * Math.sqrt(variance)) return true;
    }
    return false;
  }
}
