import { stableHash, type AttackPath, type Finding, type PathStep } from '../core/index.js';
import type { AssetGraph } from '../graph/index.js';
import { hopSentence } from './explain.js';
import { assignFixes } from './fixes.js';
import { attributeFindings } from './relevance.js';
import { findCrownJewels, findEntryPoints, type CrownJewel, type EntryPoint } from './points.js';
import { pathScore, severityForScore } from './score.js';
import { DEFAULT_LIMITS, searchPaths, type RawPath, type SearchLimits } from './search.js';
import { Adjacency, type Hop } from './traversal.js';

export interface PathOptions extends Partial<SearchLimits> {
  /** Most paths reported (highest score first); fixes are still counted over all found. */
  maxPaths?: number;
  /** Models trained on sensitive data (from lineage), which become crown jewels. */
  trainedOnSensitive?: ReadonlySet<string>;
}

/** Failing findings per asset, the evidence behind each hop. */
export function failingByAsset(findings: readonly Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of findings) if (f.status === 'fail') (m.get(f.assetId) ?? m.set(f.assetId, []).get(f.assetId)!).push(f);
  return m;
}

/**
 * Attack paths from entry points to crown jewels (DESIGN §1 "paths"): a bounded search over the
 * graph, every hop explained with the relation and the failing findings behind it, scored
 * exploitability × impact × length, collapsed where paths differ only in their last item, and
 * each given the single fix that breaks it and most other paths too.
 */
export function findAttackPaths(graph: AssetGraph, findings: readonly Finding[], opts: PathOptions = {}): AttackPath[] {
  const limits: SearchLimits = { ...DEFAULT_LIMITS, ...opts };
  const byAsset = failingByAsset(findings);
  const adj = new Adjacency(graph);
  const entries = findEntryPoints(graph, byAsset);
  const jewels = findCrownJewels(graph, byAsset, opts.trainedOnSensitive ?? new Set());
  const entryByIdx = new Map<number, EntryPoint>();
  for (const e of entries) {
    const i = adj.index.get(e.assetId);
    if (i !== undefined && (!entryByIdx.has(i) || entryByIdx.get(i)!.exploitability < e.exploitability)) entryByIdx.set(i, e);
  }
  const jewelByIdx = new Map<number, CrownJewel>();
  for (const j of jewels) {
    const i = adj.index.get(j.assetId);
    if (i !== undefined) jewelByIdx.set(i, j);
  }
  const impact = new Map([...jewelByIdx].map(([i, j]) => [i, j.impact]));
  const internetStarts = new Set([...entryByIdx].filter(([, e]) => e.viaInternet).map(([i]) => i));
  const loaderStarts = new Set([...entryByIdx].filter(([, e]) => e.kind === 'untrusted-model').map(([i]) => i));
  const { paths: raw } = searchPaths(adj, [...entryByIdx.keys()].sort((a, b) => a - b), impact, limits, internetStarts, loaderStarts);
  const internetIdx = adj.index.get('internet');
  const exposure = new Map<number, Hop>();
  if (internetIdx !== undefined) for (const h of adj.hopsFrom(internetIdx)) if (h.rel.kind === 'exposed-to' && !exposure.has(h.to)) exposure.set(h.to, h);
  for (const r of raw) {
    if (!internetStarts.has(r.entry) || internetIdx === undefined) continue;
    const hop = exposure.get(r.entry);
    if (!hop) continue;
    r.nodes.unshift(internetIdx);
    r.hops.unshift(hop);
  }

  // A lineage record (s3://…/notes.jsonl) and the scanned file it contains are the same data:
  // from one entry, report the file, not both.
  const targetsByEntry = new Map<number, Set<string>>();
  for (const r of raw) {
    const set = targetsByEntry.get(r.entry) ?? targetsByEntry.set(r.entry, new Set()).get(r.entry)!;
    set.add(adj.ids[r.nodes[r.nodes.length - 1]!]!);
  }
  const sameData = (r: RawPath) => graph.out(adj.ids[r.nodes[r.nodes.length - 1]!]!, 'contains').some((c) => c.to !== adj.ids[r.entry] && targetsByEntry.get(r.entry)!.has(c.to));
  for (let i = raw.length - 1; i >= 0; i--) if (sameData(raw[i]!)) raw.splice(i, 1);

  // Score cheaply first and describe only the best few times the report size: on a 100k-asset
  // estate tens of thousands of candidates exist and only the top are read by anyone.
  const maxPaths = opts.maxPaths ?? 200;
  const quick = raw.map((r) => {
    let withFindings = 0;
    for (const n of r.nodes) if (byAsset.has(adj.ids[n]!)) withFindings++;
    const e = entryByIdx.get(r.entry)!;
    const j = jewelByIdx.get(r.nodes[r.nodes.length - 1]!)!;
    return { r, s: pathScore(e.exploitability, j.impact, r.hops.length, withFindings) };
  });
  quick.sort((a, b) => b.s - a.s || a.r.nodes.length - b.r.nodes.length);
  const kept = quick.length > maxPaths * 5 ? quick.slice(0, maxPaths * 5) : quick;

  const built: AttackPath[] = [];
  const collapsed = new Map<string, { path: AttackPath; extra: string[] }>();
  for (const { r } of kept) {
    const entry = entryByIdx.get(r.entry)!;
    const last = r.nodes[r.nodes.length - 1]!;
    const jewel = jewelByIdx.get(last)!;
    const steps: PathStep[] = [];
    const sentences: string[] = [];

    const allIds = new Set<string>();
    const ids = r.nodes.map((n) => adj.ids[n]!);
    const att = attributeFindings(ids, r.hops.map((h) => h.rel.kind), entry, entry.viaInternet ? 1 : 0, byAsset);
    const hopsWithFindings = att.perHop.filter((t) => t.length).length;
    r.nodes.forEach((node, k) => {
      const id = adj.ids[node]!;
      const fs = att.perStep[k]!;
      const step: PathStep = { assetId: id };
      if (fs.length) {
        step.findingIds = fs.map((f) => f.id);
        for (const f of fs) allIds.add(f.id);
      }
      if (k > 0) {
        const hop = r.hops[k - 1]!;
        step.via = hop.rel.kind;
        let s = hopSentence(hop.rel, graph.asset(hop.rel.from), graph.asset(hop.rel.to), hop.loader);
        const tags = att.perHop[k]!;
        if (tags.length) s += ` [${tags.slice(0, 3).join(', ')}${tags.length > 3 ? `, +${tags.length - 3}` : ''}]`;
        const ev = hop.rel.properties?.evidence;
        step.note = hop.reverse ? `${s} (followed against ${hop.rel.kind})` : s;
        if (typeof ev === 'string') step.note += `; evidence: ${ev}`;
        sentences.push(s);
      }
      steps.push(step);
    });
    const score = pathScore(entry.exploitability, jewel.impact, r.hops.length, hopsWithFindings);
    const names = r.nodes.map((n) => graph.asset(adj.ids[n]!)?.name ?? adj.ids[n]!).map((s) => (s === 'internet' ? 'Internet' : s));
    const path: AttackPath = {
      id: stableHash(['path', ...steps.map((s) => s.assetId)], 20),
      severity: severityForScore(score),
      title: `${names.join(' → ')}`,
      score: Math.round(score * 1000) / 1000,
      steps,
      findingIds: [...allIds],
      explanation: `Entry: ${entry.description}. ${sentences.join('; ')}. Impact: ${jewel.description}.`,
    };
    // Paths that differ only in the last item, of the same kind (many sensitive files in one bucket), are one path.
    const key = `${steps.slice(0, -1).map((s) => s.assetId).join('>')}|${steps[steps.length - 1]!.via ?? ''}|${graph.asset(adj.ids[last]!)?.kind ?? ''}`;
    const prev = collapsed.get(key);
    if (!prev) collapsed.set(key, { path, extra: [] });
    else if ((path.score ?? 0) > (prev.path.score ?? 0)) collapsed.set(key, { path, extra: [...prev.extra, names[names.length - 1]!] });
    else prev.extra.push(names[names.length - 1]!);
  }
  for (const { path, extra } of collapsed.values()) {
    if (extra.length) path.explanation += ` The same route also reaches ${extra.length} more: ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''}.`;
    built.push(path);
  }
  built.sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.steps.length - b.steps.length || a.id.localeCompare(b.id));
  assignFixes(built, graph, findings);
  const reported = built.slice(0, maxPaths);
  // Say in the JSON too what the table groups: how many reported paths one fix closes.
  const closes = new Map<string, number>();
  const fixKey = (p: AttackPath) => p.fix?.findingId ?? `${p.fix?.assetId ?? ''}|${p.fix?.description ?? ''}`;
  for (const p of reported) if (p.fix) closes.set(fixKey(p), (closes.get(fixKey(p)) ?? 0) + 1);
  for (const p of reported) {
    const n = p.fix ? closes.get(fixKey(p))! : 0;
    if (n > 1) p.explanation += ` This fix closes ${n} of the reported paths.`;
  }
  return reported;
}
