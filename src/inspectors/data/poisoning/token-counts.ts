import type { TokenRows } from './triggers.js';
import type { Units } from './units.js';

/** Per-token counts over the labelled units, from one pass over their tokens. */
export interface TokenCounts {
  /** Labelled records carrying each token (units weighted by their size). */
  tokenCount: Int32Array;
  /**
   * Distinct records (units) carrying each token: a token seen only in copies of one or two
   * records is a duplicate, reported as such, not evidence of a trigger planted across examples.
   */
  unitCount: Int32Array;
  /** Token ids in order of first appearance in a labelled row. */
  order: number[];
  /** With few labels, every (token, label) count in one table: token-major, L per token. */
  dense?: Int32Array;
  /** Otherwise, per token, the Boyer–Moore majority label (weighted: the only one that can hold > half its rows). */
  major?: Int32Array;
}

/**
 * The trigger analysis' first pass. A function of its own, apart from the closures of
 * `findTriggers`: there, a deoptimisation of the whole function (new shapes at its end) left this
 * loop running unoptimised for tens of milliseconds on the next dataset.
 */
export function countTokens(units: Units, kept: TokenRows, V: number, L: number, oneTable: boolean): TokenCounts {
  const { tokStart, tokEnd, tokIds } = kept;
  const tokenCount = new Int32Array(V);
  const unitCount = new Int32Array(V);
  const dense = oneTable ? new Int32Array(V * L) : undefined;
  const major = dense ? undefined : new Int32Array(V);
  const votes = dense ? undefined : new Int32Array(V);
  const order: number[] = [];
  for (let u = 0; u < units.n; u++) {
    const l = units.label[u]!;
    const w = units.weight[u]!;
    const r = units.first[u]!;
    for (let j = tokStart[r]!, end = tokEnd[r]!; j < end; j++) {
      const t = tokIds[j]!;
      const c = tokenCount[t]!;
      tokenCount[t] = c + w;
      unitCount[t] = unitCount[t]! + 1;
      if (c === 0) order.push(t);
      if (dense) {
        dense[t * L + l] = dense[t * L + l]! + w;
        continue;
      }
      // Without branches: labels come in no pattern, so compare-and-branch mispredicts often.
      // No votes: (l, w). Same label: + w. Other label: − w, and l takes over if that goes below 0.
      const v = votes![t]!;
      let m = major![t]! + ((l - major![t]!) & -+(v === 0));
      let nv = v + (2 * +(m === l) - 1) * w;
      const neg = nv >>> 31;
      m += (l - m) & -neg;
      nv = (nv ^ -neg) + neg;
      major![t] = m;
      votes![t] = nv;
    }
  }
  return { tokenCount, unitCount, order, dense, major };
}
