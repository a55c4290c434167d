import { scanPii } from '../pii/engine.js';
import { SecretEngine } from '../secrets/engine.js';
import { builtinSecretRules } from '../secrets/rules/index.js';
import type { Corpus, GoldSpan } from './corpus.js';

export interface EntityScore {
  entity: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f2: number;
}

interface Pred extends GoldSpan {
  matched?: boolean;
}

/** F-beta with beta = 2: recall weighs four times precision (missing PII is the worse error). */
export function f2(p: number, r: number): number {
  return p + r === 0 ? 0 : (5 * p * r) / (4 * p + r);
}

/**
 * Scores the detectors on the labelled lines: a prediction is a true positive when it has the gold
 * span's entity (and, for secrets, rule) and overlaps it; unmatched predictions are false
 * positives of the predicted entity; unmatched gold spans are false negatives (the first 50 of
 * each kept, for the report).
 */
export function evaluate(corpus: Corpus, threshold = 0.5): { scores: EntityScore[]; falsePositives: { text: string; entity: string }[]; misses: { text: string; entity: string }[] } {
  const engine = new SecretEngine(builtinSecretRules);
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const c = (e: string) => {
    let x = counts.get(e);
    if (!x) counts.set(e, (x = { tp: 0, fp: 0, fn: 0 }));
    return x;
  };
  const falsePositives: { text: string; entity: string }[] = [];
  const misses: { text: string; entity: string }[] = [];
  for (const line of corpus.lines) {
    const preds: Pred[] = [
      ...scanPii(line.text, '', { threshold }).map((h) => ({ entity: h.entity, start: h.start, end: h.end })),
      ...engine.scan(line.text).map((h) => ({ entity: 'SECRET', start: h.start, end: h.end, ruleId: h.ruleId })),
    ];
    for (const g of line.spans) {
      c(g.entity);
      const p = preds.find((x) => !x.matched && x.entity === g.entity && x.start < g.end && g.start < x.end && (g.ruleId === undefined || x.ruleId === g.ruleId));
      if (p) {
        p.matched = true;
        c(g.entity).tp++;
      } else {
        c(g.entity).fn++;
        if (misses.length < 50) misses.push({ text: line.text.slice(0, 120), entity: g.ruleId ? `SECRET:${g.ruleId}` : g.entity });
      }
    }
    for (const p of preds) {
      if (p.matched) continue;
      c(p.entity).fp++;
      if (falsePositives.length < 50) falsePositives.push({ text: line.text.slice(0, 120), entity: p.ruleId ? `SECRET:${p.ruleId}` : p.entity });
    }
  }
  const scores = [...counts.entries()].map(([entity, { tp, fp, fn }]) => {
    const precision = tp + fp ? tp / (tp + fp) : 1;
    const recall = tp + fn ? tp / (tp + fn) : 1;
    return { entity, tp, fp, fn, precision, recall, f2: f2(precision, recall) };
  });
  scores.sort((a, b) => a.entity.localeCompare(b.entity));
  return { scores, falsePositives, misses };
}
