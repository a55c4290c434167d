import { SEVERITY_RANK, type AttackPath, type Category, type Finding } from '../core/index.js';
import type { AssetGraph } from '../graph/index.js';

/** Prefer fixes that remove access over fixes that remove the prize: least privilege first. */
const PREFERENCE: Partial<Record<Category, number>> = { identity: 0, exposure: 1, secret: 2, agency: 3, encryption: 6, 'sensitive-data': 9 };

/** One fix and the paths it closes, for "fixing X closes 7 paths". */
export interface FixGroup {
  key: string;
  description: string;
  findingId?: string;
  assetId?: string;
  pathIds: string[];
  /** The worst severity among the paths it closes. */
  severity: AttackPath['severity'];
}

/**
 * Gives every path the one change that breaks it and the most other paths: among the failing
 * findings on its hops, the one shared by most paths (ties: access over data, then the earliest
 * hop). A path no finding backs gets the link it shares with most paths ("remove X's access to
 * Y"). Mutates `paths` (sets `fix`).
 */
export function assignFixes(paths: AttackPath[], graph: AssetGraph, findings: readonly Finding[]): void {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const count = new Map<string, number>();
  const edgeKey = (p: AttackPath, k: number) => `edge:${p.steps[k - 1]!.assetId}|${p.steps[k]!.via}|${p.steps[k]!.assetId}`;
  for (const p of paths) {
    const keys = new Set<string>();
    p.steps.forEach((s, k) => {
      for (const id of s.findingIds ?? []) keys.add(id);
      if (k > 0) keys.add(edgeKey(p, k));
    });
    for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
  }
  for (const p of paths) {
    let best: { key: string; n: number; pref: number; sev: number; hop: number } | undefined;
    p.steps.forEach((s, k) => {
      for (const id of s.findingIds ?? []) {
        const f = byId.get(id);
        // An identity finding on the identity itself (its policy) beats one on the workload using it.
        const onIdentity = f && f.category === 'identity' && graph.asset(f.assetId)?.kind === 'identity' ? -0.5 : 0;
        const cand = { key: id, n: count.get(id) ?? 0, pref: (f ? (PREFERENCE[f.category] ?? 5) : 5) + onIdentity, sev: f ? SEVERITY_RANK[f.severity] : 0, hop: k };
        const better =
          !best || cand.n > best.n || (cand.n === best.n && (cand.pref < best.pref || (cand.pref === best.pref && (cand.sev > best.sev || (cand.sev === best.sev && cand.hop < best.hop)))));
        if (better) best = cand;
      }
    });
    if (best) {
      const f = byId.get(best.key)!;
      const name = graph.asset(f.assetId)?.name ?? f.assetId;
      p.fix = { findingId: f.id, assetId: f.assetId, description: `${f.ruleId} on ${name}: ${f.remediation}` };
      continue;
    }
    let bestEdge: { key: string; n: number; hop: number } | undefined;
    for (let k = 1; k < p.steps.length; k++) {
      const key = edgeKey(p, k);
      const n = count.get(key) ?? 0;
      if (!bestEdge || n > bestEdge.n) bestEdge = { key, n, hop: k };
    }
    if (bestEdge) {
      const from = p.steps[bestEdge.hop - 1]!.assetId;
      const to = p.steps[bestEdge.hop]!;
      const fn = graph.asset(from)?.name ?? from;
      const tn = graph.asset(to.assetId)?.name ?? to.assetId;
      p.fix = { assetId: from === 'internet' ? to.assetId : from, description: from === 'internet' ? `Remove the internet exposure of ${tn}` : `Remove the ${to.via} link from ${fn} to ${tn}` };
    }
  }
}

/** Paths grouped by their fix, biggest group first: the few fixes that close most paths. */
export function groupByFix(paths: readonly AttackPath[]): FixGroup[] {
  const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;
  const groups = new Map<string, FixGroup>();
  for (const p of paths) {
    if (!p.fix) continue;
    const key = p.fix.findingId ?? `${p.fix.assetId}|${p.fix.description}`;
    const g = groups.get(key) ?? groups.set(key, { key, description: p.fix.description, findingId: p.fix.findingId, assetId: p.fix.assetId, pathIds: [], severity: p.severity }).get(key)!;
    g.pathIds.push(p.id);
    if (rank[p.severity] > rank[g.severity]) g.severity = p.severity;
  }
  return [...groups.values()].sort((a, b) => rank[b.severity] - rank[a.severity] || b.pathIds.length - a.pathIds.length || a.key.localeCompare(b.key));
}
