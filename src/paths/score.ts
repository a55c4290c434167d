import type { Severity } from '../core/index.js';

/** Longer chains are harder to walk: each extra hop costs a little likelihood. */
export function lengthFactor(hops: number): number {
  return 1 / (1 + 0.08 * Math.max(0, hops - 1));
}

/**
 * exploitability × impact × length, raised by the failing findings that make hops possible (each
 * hop an attacker does not have to discover is one a scanner already found) and lowered when no
 * finding backs any hop (the path is made of intended access only). Clamped to [0, 1].
 */
export function pathScore(exploitability: number, impact: number, hops: number, hopsWithFindings: number): number {
  const evidence = hopsWithFindings === 0 ? 0.8 : 1 + 0.1 * Math.min(3, hopsWithFindings);
  return Math.max(0, Math.min(1, exploitability * impact * lengthFactor(hops) * evidence));
}

export function severityForScore(score: number): Severity {
  return score >= 0.85 ? 'critical' : score >= 0.55 ? 'high' : score >= 0.3 ? 'medium' : 'low';
}
