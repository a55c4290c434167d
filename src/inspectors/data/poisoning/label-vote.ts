import type { VoteCounts } from './label-counts.js';
import type { TokenRows } from './triggers.js';
import type { Units } from './units.js';

/**
 * A row reads as another label when its lead for it, less this many standard deviations of chance,
 * still exceeds a nat: the lead's one-sided 99.4 % lower bound.
 */
const LEAD_Z = 2.5;

/** Records of the forced label besides the candidate's rows the vote needs to say what the label reads like. */
const MIN_OTHER_RECORDS = 4;

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

  /** `labelCount`: labelled records per label; `rarePure`: per token, the label a rare token is pure to (-1: none). */
  constructor(
    private readonly kept: TokenRows,
    private readonly units: Units,
    private readonly counts: VoteCounts,
    private readonly labelCount: Int32Array,
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
    // A label whose records are (almost) all the token's is one the token defines ("in national
    // language" is what S-57's five N attributes have in common): with no other records of it,
    // what its text reads like is unknown, and the vote has nothing to weigh the rows against.
    if (this.labelCount[label]! - carriers < MIN_OTHER_RECORDS) return 0;
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
    return this.labelCount[l]! - (l === forced ? subRows : 0);
  }

  /**
   * Whether the rest of row r's text (its words but the candidate `without`, function words,
   * numbers and rare words pure to `forced`) reads as another label, with confidence. Each word
   * weighs in with the log ratio of the shares of two labels' records that carry it, Laplace's
   * estimate (a+1)/(n+2) for a of n records (the suspect rows left out of the forced label's); its
   * sampling variance is about 1/(a+1) + 1/(b+1) (wider than the delta method's for a share of a
   * few records, and kept so: tables are not samples of independent words, and the narrower one
   * made four more words of one S-57 catalogue "triggers"). The row disagrees when the summed
   * lead, less LEAD_Z standard deviations, still exceeds a nat: a row whose lead rests on a few
   * rare words (an e-mail address seen eleven times; with random labels, plain rows with a rare
   * token or two lead by over a nat) is noise, one resting on many words seen in many rows is not.
   *
   * It weighs the text's evidence alone, which is what "the rest of the text reads as another
   * label" claims. On reference tables (GDAL's S-57 catalogues, where a short description's
   * category is a column) three older choices each made a label's ordinary feature a "trigger":
   * - Shares, not counts over (records + vocabulary): with a vocabulary far larger than a label,
   *   that divided every label's count by about the same number, so a word every row carries
   *   voted for the larger label by log(its size / the smaller's): 4 of a 17-row label's rows
   *   "read as" the 259-row label on their common words alone.
   * - No prior: the label's base rate says nothing about the text, yet it alone made a row whose
   *   only word was the candidate read as the largest label by log(105 / 1).
   * - One bar, a lower bound (lead − 2.5σ ≥ 1 nat), rather than two (lead ≥ 1 nat, lead ≥ 3σ): a
   *   single common word leaning 57 : 8 of 105 : 76 rows led by 1.5 nats at 4σ, and three such
   *   rows of five made a word confined to one category a trigger. A real trigger's rows lead by
   *   many words at once. (At 3σ, planted triggers among 12 labels of 33 rows were missed.)
   */
  private disagrees(r: number, without: number, forced: number, subRows: number): boolean {
    const { tokStart, tokEnd, tokIds } = this.kept;
    const { counts, sub } = this;
    const start = tokStart[r]!;
    const end = tokEnd[r]!;
    if (this.forcedCounts.length < end - start) this.forcedCounts = new Int32Array(end - start);
    const forcedCounts = this.forcedCounts;
    const nf = this.labelRows(forced, forced, subRows);
    let forcedScore = 0;
    for (let j = start; j < end; j++) {
      const t = tokIds[j]!;
      if (!this.used(t, without, forced)) continue;
      const c = counts.get(t, forced) - sub[t]!;
      forcedCounts[j - start] = c;
      forcedScore += Math.log((c + 1) / (nf + 2));
    }
    for (let l = 0; l < this.L; l++) {
      if (l === forced) continue;
      const n = this.labelRows(l, forced, subRows);
      let s = 0;
      let variance = 0;
      for (let j = start; j < end; j++) {
        const t = tokIds[j]!;
        if (!this.used(t, without, forced)) continue;
        const c = counts.get(t, l);
        s += Math.log((c + 1) / (n + 2));
        variance += 1 / (c + 1) + 1 / (forcedCounts[j - start]! + 1);
      }
      if (s - forcedScore - LEAD_Z * Math.sqrt(variance) >= 1) return true;
    }
    return false;
  }
}
