import { fieldContextOf } from './context.js';
import type { Plan } from './plan.js';
import { recognizers } from './recognizers.js';

/** Bits of a recognizer's hope: it can reach the threshold in a text with letters, in one without. */
export const WITH_LETTERS = 1;
export const WITHOUT_LETTERS = 2;

interface FieldHopes {
  threshold: number;
  hopes: Uint8Array;
}
const byPlan = new WeakMap<Plan, Map<string, FieldHopes>>();

/**
 * For each recognizer of `plan`, whether it can reach `threshold` in a cell of column `field`.
 * A score below the threshold needs a context word, from the field name or from text near the
 * match, and a text without letters has none near: an id column of plain numbers so skips the
 * recognizers that only score with context. It depends on the column, not the cell, so it is
 * worked out once per column (bounded: JSON key paths with indices can be many).
 */
export function hopesFor(plan: Plan, field: string, threshold: number): Uint8Array {
  let byField = byPlan.get(plan);
  if (!byField) byPlan.set(plan, (byField = new Map()));
  let h = byField.get(field);
  if (h === undefined || h.threshold !== threshold) {
    const { names, vetoes } = fieldContextOf(field, recognizers);
    const hopes = Uint8Array.from(plan.list, (r, p) => {
      if (vetoes[plan.index[p]!] === 1) return 0;
      const lifted = r.context.length > 0 && r.contextScore >= threshold;
      const withLetters = r.maxScore >= threshold || lifted;
      const withoutLetters = (r.maxScoreWithoutLetters ?? r.maxScore) >= threshold || (lifted && names[plan.index[p]!] === 1);
      return (withLetters ? WITH_LETTERS : 0) | (withoutLetters ? WITHOUT_LETTERS : 0);
    });
    if (byField.size >= 4096) byField.clear();
    byField.set(field, (h = { threshold, hopes }));
  }
  return h.hopes;
}
