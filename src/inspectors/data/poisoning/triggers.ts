import type { PoisonHit } from './dataset.js';
import { LabelCounts } from './label-counts.js';
import { countTokens } from './token-counts.js';
import { Units } from './units.js';

/** What the trigger analysis needs of the kept records: columns, one entry per record. */
export interface TokenRows {
  readonly n: number;
  /** 1-based row and line per record, for findings. */
  readonly rows: ArrayLike<number>;
  readonly lines: ArrayLike<number>;
  /** Label id per record (into `labelNames`, in order of first appearance), -1 when unlabelled. */
  readonly labelOf: Int32Array;
  readonly labelNames: readonly string[];
  /** Exact-duplicate group per record: records of one group have the same tokens. */
  readonly group: Int32Array;
  /** Record i's distinct token ids are tokIds[tokStart[i] .. tokEnd[i]), in order of first appearance. */
  readonly tokStart: Int32Array;
  readonly tokEnd: Int32Array;
  readonly tokIds: Int32Array;
}

/** A trigger must appear in at least this many distinct records (copies of one record count once). */
const MIN_DISTINCT = 4;

/** How many standard deviations of chance a row's lead for another label must exceed. */
const LEAD_Z = 3;

/** Function words carry no label evidence; left out of the "what does the rest say" vote. */
const STOP = new Set('a an and are as at be been but by for from had has have he her his i if in into is it its me my no not of on or our she so than that the their them then there they this to too up was we were what when which who will with you your'.split(' '));

interface Candidate {
  token: number;
  label: number;
  share: number;
  count: number;
  /** Units holding the token and its label. */
  units: number[];
}

/**
 * Trigger tokens (the BadNets pattern): a rare token whose rows almost all carry one label
 * although the rest of their text, judged from the other rows, reads as another label. Tokens of
 * one trigger phrase are reported together. `vocab` names the token ids.
 *
 * Everything is counted over ids in typed arrays. A token's "top label" matters only when it holds
 * ≥ 90 % of the token's rows, i.e. when it is the majority label, so one Boyer–Moore vote per
 * token and a second counting pass find it without per-token label lists; full (token, label)
 * counts are kept only for the tokens the naive-Bayes vote reads (those of candidate rows). Orders
 * are those of the per-record string version (first appearance), so ties break the same way.
 */
export function findTriggers(kept: TokenRows, vocab: readonly string[]): PoisonHit[] {
  const out: PoisonHit[] = [];
  const L = kept.labelNames.length;
  if (L < 2 || L > 50) return out;
  const units = new Units(kept);
  const n = units.size;
  if (n < 20) return out;
  const { tokStart, tokEnd, tokIds } = kept;
  const U = units.n;
  const labelCount = new Int32Array(L);
  for (let u = 0; u < U; u++) labelCount[units.label[u]!] = labelCount[units.label[u]!]! + units.weight[u]!;
  const V = vocab.length;
  const { tokenCount, unitCount, order, dense, major } = countTokens(units, kept, V, L, L <= triggerTables.denseLabels && V * L <= DENSE_CELLS);
  const top = dense ? denseTop(dense, L) : majorityTop(units, kept, major!, V);
  /** The token's label when it holds ≥ 90 % of its rows, else -1. */
  const pureLabel = (t: number): number => (top.count(t) / tokenCount[t]! >= 0.9 ? top.label(t) : -1);
  const maxFreq = Math.max(10, Math.floor(n * 0.05));
  // Rare, label-pure tokens are left out of every prediction: a trigger is often a phrase
  // ("per protocol zx9"), and its other words would vouch for the forced label.
  // Only words that vouch for the forced label are dropped; words pure to other labels are the
  // very evidence that the text disagrees.
  const rarePure = new Int32Array(V).fill(-1);
  for (const t of order) if (tokenCount[t]! <= maxFreq * 2) rarePure[t] = pureLabel(t);
  // Candidates first (rare, label-pure tokens of a non-dominant label), capped, then one pass
  // over the rows collects their carriers: O(rows) rather than O(vocabulary × rows).
  const candidates: Candidate[] = [];
  const candOf = new Int32Array(V).fill(-1);
  for (const t of order) {
    const c = tokenCount[t]!;
    if (c < 4 || c > maxFreq || unitCount[t]! < MIN_DISTINCT) continue;
    const label = pureLabel(t);
    if (label < 0 || labelCount[label]! / n > 0.7) continue;
    candOf[t] = candidates.length;
    candidates.push({ token: t, label, share: top.count(t) / c, count: c, units: [] });
    if (candidates.length >= 500) break;
  }
  if (!candidates.length) return out;
  units.collectCarriers(kept, candOf, candidates);
  const counts = dense ? { get: (t: number, l: number) => dense[t * L + l]! } : voteCounts(units, kept, candidates, V, L);
  const vocabSize = order.length;
  /** Function words and numbers, decided once per token id. */
  const skipFlag = new Int8Array(V);
  const skipped = (t: number): boolean => {
    let f = skipFlag[t]!;
    if (f === 0) {
      const w = vocab[t]!;
      skipFlag[t] = f = STOP.has(w) || /^\d+$/.test(w) ? 1 : 2;
    }
    return f === 1;
  };
  /** Per token id, its occurrences in the suspect rows of the candidate being judged. */
  const sub = new Int32Array(V);
  /** Per token of the row being judged, its count under the forced label (suspect rows left out). */
  let forcedCounts = new Int32Array(64);
  /**
   * Naive-Bayes label of a row from its common words ("what the rest of the text says"): whether
   * it beats `forced` by at least a nat, and by more than chance explains. Each word adds the log
   * ratio of its two counts, whose sampling variance is about 1/(a+1) + 1/(b+1): a row whose lead
   * rests on a few rare words (an e-mail address seen eleven times) is noise, one resting on
   * words seen in many rows is not. With random labels, rows of plain text with a rare token or
   * two read as another label by over a nat, and random 4-row tokens became trigger findings.
   */
  const disagrees = (r: number, without: number, forced: number, subRows: number): boolean => {
    const start = tokStart[r]!;
    const end = tokEnd[r]!;
    if (forcedCounts.length < end - start) forcedCounts = new Int32Array(end - start);
    const lcOf = (l: number) => Math.max(labelCount[l]! - (l === forced ? subRows : 0), 1);
    const used = (t: number) => t !== without && !skipped(t) && rarePure[t] !== forced;
    const lf = lcOf(forced);
    let forcedScore = Math.log(lf / n);
    for (let j = start; j < end; j++) {
      const t = tokIds[j]!;
      if (!used(t)) continue;
      const c = counts.get(t, forced) - sub[t]!;
      forcedCounts[j - start] = c;
      forcedScore += Math.log((c + 1) / (lf + vocabSize));
    }
    for (let l = 0; l < L; l++) {
      if (l === forced) continue;
      const lc = lcOf(l);
      let s = Math.log(lc / n);
      let variance = 0;
      for (let j = start; j < end; j++) {
        const t = tokIds[j]!;
        if (!used(t)) continue;
        const c = counts.get(t, l);
        s += Math.log((c + 1) / (lc + vocabSize));
        variance += 1 / (c + 1) + 1 / (forcedCounts[j - start]! + 1);
      }
      const lead = s - forcedScore;
      if (lead >= 1 && lead >= LEAD_Z * Math.sqrt(variance)) return true;
    }
    return false;
  };
  // Tokens of one trigger phrase share their rows: report the phrase once.
  const groups: { tokens: string[]; label: number; share: number; count: number; rows: number[]; rowNums: number[]; disagree: number }[] = [];
  const flagged = [...candidates].sort((a, b) => b.count - a.count);
  for (const cand of flagged) {
    const markSub = (d: number) => {
      for (const u of cand.units) {
        const r = units.first[u]!;
        const w = units.weight[u]! * d;
        for (let j = tokStart[r]!, end = tokEnd[r]!; j < end; j++) sub[tokIds[j]!] = sub[tokIds[j]!]! + w;
      }
    };
    let carriers = 0;
    for (const u of cand.units) carriers += units.weight[u]!;
    markSub(1);
    let disagree = 0;
    for (const u of cand.units) if (disagrees(units.first[u]!, cand.token, cand.label, carriers)) disagree += units.weight[u]!;
    markSub(-1);
    if (!carriers || disagree / carriers < 0.6) continue;
    const rows = units.records(cand.units);
    const rowNums = rows.map((i) => kept.rows[i]!);
    const rowSet = new Set(rowNums);
    const g = groups.find((x) => x.label === cand.label && x.rowNums.filter((r) => rowSet.has(r)).length >= 0.8 * Math.min(rowSet.size, x.rows.length));
    if (g) {
      g.tokens.push(vocab[cand.token]!);
      continue;
    }
    groups.push({ tokens: [vocab[cand.token]!], label: cand.label, share: cand.share, count: cand.count, rows, rowNums, disagree });
  }
  for (const g of groups) {
    const shown = g.tokens.slice(0, 5).map((t) => t.slice(0, 24));
    const label = kept.labelNames[g.label]!.slice(0, 24);
    out.push({
      kind: 'trigger-token',
      rows: g.rowNums.slice(0, 5),
      lines: g.rows.slice(0, 5).map((i) => kept.lines[i]!),
      count: g.count,
      detail: `token${shown.length > 1 ? 's' : ''} "${shown.join('", "')}" appear${shown.length > 1 ? '' : 's'} in ${g.count} record(s), ${Math.round(100 * g.share)}% labelled "${label}", while the rest of their text reads as another label in ${g.disagree} of ${g.rows.length}`,
      properties: { token: shown.join(' '), label, share: Number(g.share.toFixed(2)) },
    });
  }
  return out;
}

/**
 * Few labels: (token, label) counts in one table (at most `denseLabels` labels and 64 Mi cells).
 * A setting only so tests can run both ways on the same data.
 */
export const triggerTables = { denseLabels: 8 };
const DENSE_CELLS = 1 << 26;

/** A token's most frequent label and its count; only read where that label holds ≥ 90 %. */
interface TopLabel {
  label(t: number): number;
  count(t: number): number;
}

/** The top label from the full (token, label) table: the first of the labels with most rows. */
function denseTop(dense: Int32Array, L: number): TopLabel {
  const best = (t: number): number => {
    let b = 0;
    for (let l = 1; l < L; l++) if (dense[t * L + l]! > dense[t * L + b]!) b = l;
    return b;
  };
  return { label: best, count: (t) => dense[t * L + best(t)]! };
}

/** The majority-vote label, counted in a second pass over the units. */
function majorityTop(units: Units, kept: TokenRows, major: Int32Array, V: number): TopLabel {
  const { tokStart, tokEnd, tokIds } = kept;
  const majorN = new Int32Array(V);
  for (let u = 0; u < units.n; u++) {
    const l = units.label[u]!;
    const w = units.weight[u]!;
    const r = units.first[u]!;
    for (let j = tokStart[r]!, end = tokEnd[r]!; j < end; j++) {
      const t = tokIds[j]!;
      majorN[t] = majorN[t]! + w * +(major[t] === l);
    }
  }
  return { label: (t) => major[t]!, count: (t) => majorN[t]! };
}

/** Per-label counts, only for the tokens of candidate rows (the only rows the vote reads). */
function voteCounts(units: Units, kept: TokenRows, candidates: readonly Candidate[], V: number, L: number): LabelCounts {
  const { tokStart, tokEnd, tokIds } = kept;
  const voteTokens: number[] = [];
  const inVote = new Uint8Array(V);
  for (const cand of candidates) {
    for (const u of cand.units) {
      const r = units.first[u]!;
      for (let j = tokStart[r]!, end = tokEnd[r]!; j < end; j++) {
        const t = tokIds[j]!;
        if (inVote[t]) continue;
        inVote[t] = 1;
        voteTokens.push(t);
      }
    }
  }
  const counts = new LabelCounts(V, voteTokens, L);
  for (let u = 0; u < units.n; u++) {
    const l = units.label[u]!;
    const w = units.weight[u]!;
    const r = units.first[u]!;
    for (let j = tokStart[r]!, end = tokEnd[r]!; j < end; j++) if (inVote[tokIds[j]!]) counts.add(tokIds[j]!, l, w);
  }
  return counts;
}
