import type { PoisonHit } from './dataset.js';

/** What the trigger analysis needs of a record. */
export interface TokenRow {
  row: number;
  line: number;
  label?: string;
  /** Distinct token ids into the vocabulary, in order of first appearance. */
  tokens: Int32Array;
}

/** Function words carry no label evidence; left out of the "what does the rest say" vote. */
const STOP = new Set('a an and are as at be been but by for from had has have he her his i if in into is it its me my no not of on or our she so than that the their them then there they this to too up was we were what when which who will with you your'.split(' '));

/**
 * Trigger tokens (the BadNets pattern): a rare token whose rows almost all carry one label
 * although the rest of their text, judged from the other rows, reads as another label. Tokens of
 * one trigger phrase are reported together. `vocab` names the token ids. Counting is over ids and
 * small per-token arrays (no Map of Maps keyed by strings); every iteration order of the string
 * version is kept (first appearance), so ties break the same way.
 */
export function findTriggers(kept: readonly TokenRow[], vocab: readonly string[]): PoisonHit[] {
  const out: PoisonHit[] = [];
  const rows = kept.filter((k) => k.label !== undefined);
  if (rows.length < 20) return out;
  // Labels as ids in order of first appearance, with their row counts.
  const labelId = new Map<string, number>();
  const labelCount: number[] = [];
  const rowLabel = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const name = rows[i]!.label!;
    let l = labelId.get(name);
    if (l === undefined) {
      l = labelCount.push(0) - 1;
      labelId.set(name, l);
    }
    labelCount[l]!++;
    rowLabel[i] = l;
  }
  if (labelCount.length < 2 || labelCount.length > 50) return out;
  const labelNames = [...labelId.keys()];
  // Per token: its count, and its labels (in order of first appearance for that token) with counts.
  const tokenCount = new Int32Array(vocab.length);
  const tokLabels: (number[] | undefined)[] = new Array(vocab.length);
  const tokLabelN: (number[] | undefined)[] = new Array(vocab.length);
  /** Token ids in order of first appearance in a labelled row (the string Map's iteration order). */
  const order: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const l = rowLabel[i]!;
    const toks = rows[i]!.tokens;
    for (let j = 0; j < toks.length; j++) {
      const t = toks[j]!;
      const seenBefore = tokenCount[t]!;
      tokenCount[t] = seenBefore + 1;
      if (seenBefore === 0) {
        order.push(t);
        tokLabels[t] = [l];
        tokLabelN[t] = [1];
        continue;
      }
      const ls = tokLabels[t]!;
      const k = ls.indexOf(l);
      if (k >= 0) tokLabelN[t]![k]!++;
      else {
        ls.push(l);
        tokLabelN[t]!.push(1);
      }
    }
  }
  const countOf = (t: number, l: number): number => {
    const ls = tokLabels[t];
    if (!ls) return 0;
    const k = ls.indexOf(l);
    return k < 0 ? 0 : tokLabelN[t]![k]!;
  };
  /** The token's most frequent label (first seen wins a tie) and its count. */
  const topOf = (t: number): [number, number] => {
    const ls = tokLabels[t]!;
    const ns = tokLabelN[t]!;
    let top = -1;
    let topN = 0;
    for (let k = 0; k < ls.length; k++) if (ns[k]! > topN) [top, topN] = [ls[k]!, ns[k]!];
    return [top, topN];
  };
  const n = rows.length;
  const labels = labelNames.map((_, i) => i);
  const vocabSize = order.length;
  const maxFreq = Math.max(10, Math.floor(n * 0.05));
  // Rare, label-pure tokens are left out of every prediction: a trigger is often a phrase
  // ("per protocol zx9"), and its other words would vouch for the forced label.
  // Only words that vouch for the forced label are dropped; words pure to other labels are the
  // very evidence that the text disagrees.
  const rarePure = new Int32Array(vocab.length).fill(-1);
  for (const t of order) {
    const c = tokenCount[t]!;
    if (c > maxFreq * 2) continue;
    const [top, topN] = topOf(t);
    if (topN / c >= 0.9) rarePure[t] = top;
  }
  /** Function words and numbers, decided once per token id. */
  const skipFlag = new Int8Array(vocab.length);
  const skipped = (t: number): boolean => {
    let f = skipFlag[t]!;
    if (f === 0) {
      const w = vocab[t]!;
      skipFlag[t] = f = STOP.has(w) || /^\d+$/.test(w) ? 1 : 2;
    }
    return f === 1;
  };
  /**
   * Naive-Bayes label of a row from its common words ("what the rest of the text says"), and by
   * how much (nats) it beats `forced`. Random labels give small margins; real disagreement does not.
   */
  const predict = (r: TokenRow, without: number, forced: number, sub: Map<number, number>, subRows: number): { label: number; margin: number } => {
    let best = -1;
    let bestScore = -Infinity;
    let forcedScore = -Infinity;
    for (const l of labels) {
      // Counts without the suspect rows themselves: they must not vouch for their own label.
      const lc = labelCount[l]! - (l === forced ? subRows : 0);
      let s = Math.log(Math.max(lc, 1) / n);
      const toks = r.tokens;
      for (let j = 0; j < toks.length; j++) {
        const t = toks[j]!;
        if (t === without || skipped(t) || rarePure[t] === forced) continue;
        const c = countOf(t, l) - (l === forced ? (sub.get(t) ?? 0) : 0);
        s += Math.log((c + 1) / (Math.max(lc, 1) + vocabSize));
      }
      if (l === forced) forcedScore = s;
      if (s > bestScore) {
        bestScore = s;
        best = l;
      }
    }
    return { label: best, margin: bestScore - forcedScore };
  };
  // Candidates first (rare, label-pure tokens of a non-dominant label), capped, then one pass
  // over the rows collects their carriers: O(rows) rather than O(vocabulary × rows).
  const candidates = new Map<number, { label: number; share: number; count: number; rows: TokenRow[] }>();
  for (const t of order) {
    const c = tokenCount[t]!;
    if (c < 4 || c > maxFreq) continue;
    const [top, topN] = topOf(t);
    if (topN / c < 0.9 || labelCount[top]! / n > 0.7) continue;
    candidates.set(t, { label: top, share: topN / c, count: c, rows: [] });
    if (candidates.size >= 500) break;
  }
  if (!candidates.size) return out;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const toks = r.tokens;
    for (let j = 0; j < toks.length; j++) {
      const cand = candidates.get(toks[j]!);
      if (cand && rowLabel[i] === cand.label) cand.rows.push(r);
    }
  }
  // Tokens of one trigger phrase share their rows: report the phrase once.
  const groups: { tokens: string[]; label: number; share: number; count: number; rows: TokenRow[]; disagree: number }[] = [];
  const flagged = [...candidates].sort((a, b) => b[1].count - a[1].count);
  for (const [t, cand] of flagged) {
    const sub = new Map<number, number>();
    for (const r of cand.rows) for (const x of r.tokens) sub.set(x, (sub.get(x) ?? 0) + 1);
    const disagree = cand.rows.filter((r) => predict(r, t, cand.label, sub, cand.rows.length).margin >= 1);
    if (!cand.rows.length || disagree.length / cand.rows.length < 0.6) continue;
    const rowSet = new Set(cand.rows.map((r) => r.row));
    const g = groups.find((x) => x.label === cand.label && x.rows.filter((r) => rowSet.has(r.row)).length >= 0.8 * Math.min(rowSet.size, x.rows.length));
    if (g) {
      g.tokens.push(vocab[t]!);
      continue;
    }
    groups.push({ tokens: [vocab[t]!], label: cand.label, share: cand.share, count: cand.count, rows: cand.rows, disagree: disagree.length });
  }
  for (const g of groups) {
    const shown = g.tokens.slice(0, 5).map((t) => t.slice(0, 24));
    out.push({
      kind: 'trigger-token',
      rows: g.rows.slice(0, 5).map((r) => r.row),
      lines: g.rows.slice(0, 5).map((r) => r.line),
      count: g.count,
      detail: `token${shown.length > 1 ? 's' : ''} "${shown.join('", "')}" appear${shown.length > 1 ? '' : 's'} in ${g.count} record(s), ${Math.round(100 * g.share)}% labelled "${labelNames[g.label]!.slice(0, 24)}", while the rest of their text reads as another label in ${g.disagree} of ${g.rows.length}`,
      properties: { token: shown.join(' '), label: labelNames[g.label]!.slice(0, 24), share: Number(g.share.toFixed(2)) },
    });
  }
  return out;
}
