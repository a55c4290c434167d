import type { PoisonHit } from './dataset.js';
import { LabelCounts, TableCounts } from './label-counts.js';
import { LabelVote } from './label-vote.js';
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
  const labelCount = units.labelCounts(L);
  const V = vocab.length;
  const { tokenCount, unitCount, order, dense, major } = countTokens(units, kept, V, L, L <= triggerTables.denseLabels && V * L <= DENSE_CELLS);
  const top = dense ? denseTop(dense, L, V) : majorityTop(units, kept, major!, V);
  const maxFreq = Math.max(10, Math.floor(n * 0.05));
  // Rare, label-pure tokens are left out of every prediction: a trigger is often a phrase
  // ("per protocol zx9"), and its other words would vouch for the forced label.
  // Only words that vouch for the forced label are dropped; words pure to other labels are the
  // very evidence that the text disagrees.
  const rarePure = rarePureLabels(order, tokenCount, top, maxFreq * 2, V);
  // Candidates first (rare, label-pure tokens of a non-dominant label), capped, then one pass
  // over the rows collects their carriers: O(rows) rather than O(vocabulary × rows).
  const { candidates, candOf } = pickCandidates(order, tokenCount, unitCount, top, labelCount, n, maxFreq, V);
  if (!candidates.length) return out;
  units.collectCarriers(kept, candOf, candidates);
  const counts = dense ? new TableCounts(dense, L) : voteCounts(units, kept, candidates, V, L);
  const vote = new LabelVote(kept, units, counts, labelCount, rarePure, vocab);
  // Tokens of one trigger phrase share their rows: report the phrase once.
  const groups: { tokens: string[]; label: number; share: number; count: number; rows: number[]; rowNums: number[]; disagree: number }[] = [];
  const flagged = [...candidates].sort((a, b) => b.count - a.count);
  for (const cand of flagged) {
    let carriers = 0;
    for (const u of cand.units) carriers += units.weight[u]!;
    const disagree = vote.disagreeing(cand.units, cand.token, cand.label, carriers);
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

/** A token's most frequent label and its count, per token id; only read where that label holds ≥ 90 %. */
interface TopLabel {
  label: Int32Array;
  count: Int32Array;
}

/** The token's label when it holds ≥ 90 % of its rows, else -1. */
function pureLabel(top: TopLabel, tokenCount: Int32Array, t: number): number {
  return top.count[t]! / tokenCount[t]! >= 0.9 ? top.label[t]! : -1;
}

/** Per token id, the label a rare token (at most `maxCount` rows) is pure to; -1 for the others. */
function rarePureLabels(order: readonly number[], tokenCount: Int32Array, top: TopLabel, maxCount: number, V: number): Int32Array {
  const rarePure = new Int32Array(V).fill(-1);
  for (const t of order) if (tokenCount[t]! <= maxCount) rarePure[t] = pureLabel(top, tokenCount, t);
  return rarePure;
}

/** Rare tokens pure to a label that is not most of the data, in order of first appearance (500 at most). */
function pickCandidates(order: readonly number[], tokenCount: Int32Array, unitCount: Int32Array, top: TopLabel, labelCount: Int32Array, n: number, maxFreq: number, V: number): { candidates: Candidate[]; candOf: Int32Array } {
  const candidates: Candidate[] = [];
  const candOf = new Int32Array(V).fill(-1);
  for (const t of order) {
    const c = tokenCount[t]!;
    if (c < 4 || c > maxFreq || unitCount[t]! < MIN_DISTINCT) continue;
    const label = pureLabel(top, tokenCount, t);
    if (label < 0 || labelCount[label]! / n > 0.7) continue;
    candOf[t] = candidates.length;
    candidates.push({ token: t, label, share: top.count[t]! / c, count: c, units: [] });
    if (candidates.length >= 500) break;
  }
  return { candidates, candOf };
}

/**
 * Few labels: (token, label) counts in one table (at most `denseLabels` labels and 64 Mi cells).
 * A setting only so tests can run both ways on the same data.
 */
export const triggerTables = { denseLabels: 8 };
const DENSE_CELLS = 1 << 26;

/** The top label from the full (token, label) table: the first of the labels with most rows. */
function denseTop(dense: Int32Array, L: number, V: number): TopLabel {
  const label = new Int32Array(V);
  const count = new Int32Array(V);
  for (let t = 0; t < V; t++) {
    let b = 0;
    for (let l = 1; l < L; l++) if (dense[t * L + l]! > dense[t * L + b]!) b = l;
    label[t] = b;
    count[t] = dense[t * L + b]!;
  }
  return { label, count };
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
  return { label: major, count: majorN };
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
