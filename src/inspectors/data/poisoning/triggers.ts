import type { PoisonHit } from './dataset.js';

/** What the trigger analysis needs of a record. */
export interface TokenRow {
  row: number;
  line: number;
  label?: string;
  tokens: Set<string>;
}

/** Function words carry no label evidence; left out of the "what does the rest say" vote. */
const STOP = new Set('a an and are as at be been but by for from had has have he her his i if in into is it its me my no not of on or our she so than that the their them then there they this to too up was we were what when which who will with you your'.split(' '));

/**
 * Trigger tokens (the BadNets pattern): a rare token whose rows almost all carry one label
 * although the rest of their text, judged from the other rows, reads as another label. Tokens of
 * one trigger phrase are reported together.
 */
export function findTriggers(kept: readonly TokenRow[]): PoisonHit[] {
  const out: PoisonHit[] = [];
  const rows = kept.filter((k) => k.label !== undefined);
  if (rows.length < 20) return out;
  const labelCount = new Map<string, number>();
  const tokenLabel = new Map<string, Map<string, number>>();
  const tokenCount = new Map<string, number>();
  for (const r of rows) {
    labelCount.set(r.label!, (labelCount.get(r.label!) ?? 0) + 1);
    for (const t of r.tokens) {
      tokenCount.set(t, (tokenCount.get(t) ?? 0) + 1);
      let m = tokenLabel.get(t);
      if (!m) tokenLabel.set(t, (m = new Map()));
      m.set(r.label!, (m.get(r.label!) ?? 0) + 1);
    }
  }
  if (labelCount.size < 2 || labelCount.size > 50) return out;
  const n = rows.length;
  const labels = [...labelCount.keys()];
  const vocab = tokenCount.size;
  const maxFreq = Math.max(10, Math.floor(n * 0.05));
  // Rare, label-pure tokens are left out of every prediction: a trigger is often a phrase
  // ("per protocol zx9"), and its other words would vouch for the forced label.
  // Only words that vouch for the forced label are dropped; words pure to other labels are the
  // very evidence that the text disagrees.
  const rarePure = new Map<string, string>();
  for (const [t, c] of tokenCount) {
    if (c > maxFreq * 2) continue;
    let top = 0;
    let topLabel = '';
    for (const [l, k] of tokenLabel.get(t)!) if (k > top) [top, topLabel] = [k, l];
    if (top / c >= 0.9) rarePure.set(t, topLabel);
  }
  /**
   * Naive-Bayes label of a row from its common words ("what the rest of the text says"), and by
   * how much (nats) it beats `forced`. Random labels give small margins; real disagreement does not.
   */
  const predict = (r: TokenRow, without: string, forced: string, sub: Map<string, number>, subRows: number): { label: string; margin: number } => {
    let best = '';
    let bestScore = -Infinity;
    let forcedScore = -Infinity;
    for (const l of labels) {
      // Counts without the suspect rows themselves: they must not vouch for their own label.
      const lc = labelCount.get(l)! - (l === forced ? subRows : 0);
      let s = Math.log(Math.max(lc, 1) / n);
      for (const t of r.tokens) {
        if (t === without || STOP.has(t) || /^\d+$/.test(t) || rarePure.get(t) === forced) continue;
        const c = (tokenLabel.get(t)?.get(l) ?? 0) - (l === forced ? (sub.get(t) ?? 0) : 0);
        s += Math.log((c + 1) / (Math.max(lc, 1) + vocab));
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
  const candidates = new Map<string, { label: string; share: number; count: number; rows: TokenRow[] }>();
  for (const [t, c] of tokenCount) {
    if (c < 4 || c > maxFreq) continue;
    let top = '';
    let topN = 0;
    for (const [l, k] of tokenLabel.get(t)!) if (k > topN) [top, topN] = [l, k];
    if (topN / c < 0.9 || labelCount.get(top)! / n > 0.7) continue;
    candidates.set(t, { label: top, share: topN / c, count: c, rows: [] });
    if (candidates.size >= 500) break;
  }
  if (!candidates.size) return out;
  for (const r of rows) {
    for (const t of r.tokens) {
      const cand = candidates.get(t);
      if (cand && r.label === cand.label) cand.rows.push(r);
    }
  }
  // Tokens of one trigger phrase share their rows: report the phrase once.
  const groups: { tokens: string[]; label: string; share: number; count: number; rows: TokenRow[]; disagree: number }[] = [];
  const flagged = [...candidates].sort((a, b) => b[1].count - a[1].count);
  for (const [t, cand] of flagged) {
    const sub = new Map<string, number>();
    for (const r of cand.rows) for (const x of r.tokens) sub.set(x, (sub.get(x) ?? 0) + 1);
    const disagree = cand.rows.filter((r) => predict(r, t, cand.label, sub, cand.rows.length).margin >= 1);
    if (!cand.rows.length || disagree.length / cand.rows.length < 0.6) continue;
    const rowSet = new Set(cand.rows.map((r) => r.row));
    const g = groups.find((x) => x.label === cand.label && x.rows.filter((r) => rowSet.has(r.row)).length >= 0.8 * Math.min(rowSet.size, x.rows.length));
    if (g) {
      g.tokens.push(t);
      continue;
    }
    groups.push({ tokens: [t], label: cand.label, share: cand.share, count: cand.count, rows: cand.rows, disagree: disagree.length });
  }
  for (const g of groups) {
    const shown = g.tokens.slice(0, 5).map((t) => t.slice(0, 24));
    out.push({
      kind: 'trigger-token',
      rows: g.rows.slice(0, 5).map((r) => r.row),
      lines: g.rows.slice(0, 5).map((r) => r.line),
      count: g.count,
      detail: `token${shown.length > 1 ? 's' : ''} "${shown.join('", "')}" appear${shown.length > 1 ? '' : 's'} in ${g.count} record(s), ${Math.round(100 * g.share)}% labelled "${g.label.slice(0, 24)}", while the rest of their text reads as another label in ${g.disagree} of ${g.rows.length}`,
      properties: { token: shown.join(' '), label: g.label.slice(0, 24), share: Number(g.share.toFixed(2)) },
    });
  }
  return out;
}
