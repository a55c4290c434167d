import type { AttackPath, Finding } from '../core/index.js';

const BASE = { critical: 60, high: 45, medium: 30, low: 15, info: 5 } as const;

/**
 * A 0–100 risk score per finding (`properties.riskScore`, with `properties.pathIds`): its severity
 * alone sets the floor; each attack path it sits on lifts it by that path's score, which already
 * carries the exposure of the entry, the sensitivity or privilege of the target and the length of
 * the chain; sitting on many paths adds a little more. Sorting by it puts the finding that opens
 * the internet → admin role → PII chain above an isolated one of the same severity.
 * Mutates the findings (they are the scan's own objects).
 */
export function annotateRiskScores(findings: Finding[], paths: readonly AttackPath[]): void {
  const onPaths = new Map<string, AttackPath[]>();
  for (const p of paths) for (const id of p.findingIds) (onPaths.get(id) ?? onPaths.set(id, []).get(id)!).push(p);
  for (const f of findings) {
    if (f.status !== 'fail') continue;
    const ps = onPaths.get(f.id) ?? [];
    const best = ps.reduce((m, p) => Math.max(m, p.score ?? 0), 0);
    const score = Math.min(100, Math.round(BASE[f.severity] + 40 * best + Math.min(10, 2 * Math.max(0, ps.length - 1))));
    f.properties = { ...f.properties, riskScore: score, ...(ps.length ? { pathIds: ps.map((p) => p.id).slice(0, 20) } : {}) };
  }
}
