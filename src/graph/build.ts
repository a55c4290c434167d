import type { Asset, Observation, Relation } from '../core/index.js';
import { AssetGraph } from './asset-graph.js';
import { mergeAssets, mergeRelations } from './merge.js';
import { runJoins } from './joins/index.js';
import { maxSensitivity, sensitivityOf, type Sensitivity } from './sensitivity.js';

export interface BuiltGraph {
  assets: Asset[];
  relations: Relation[];
  graph: AssetGraph;
}

/**
 * Merges every stage's assets and relations into one estate, then adds the cross-source joins
 * (URIs in code ↔ buckets in IaC ↔ datasets, model ids ↔ deployments, images ↔ workloads,
 * lineage records ↔ files, credentials ↔ providers; each join edge carries `joinedBy` and
 * `evidence`), and finally lets a bucket know the most sensitive data stored in it
 * (`heldSensitivity`), so rules and paths see one graph.
 */
export function buildGraph(assets: readonly Asset[], relations: readonly Relation[], observations: readonly Observation[] = []): BuiltGraph {
  const first = mergeAssets(assets);
  const byId = new Map(first.map((a) => [a.id, a]));
  const joined = runJoins(byId, relations, observations);
  const merged = mergeAssets([...first, ...joined.assets]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const known = new Set(merged.map((a) => a.id));
  const rels = sortRelations(mergeRelations([...relations, ...joined.relations], known), merged);
  propagateHeldSensitivity(merged, rels);
  return { assets: merged, relations: rels, graph: new AssetGraph(merged, rels) };
}

/**
 * Analyzers run concurrently, so relations arrive in a different order every scan; ordering them
 * by (from, to, kind) over the already-sorted asset order makes the graph, the shortest-path
 * tie-breaks and so path ids and lineage identical run to run. Integer keys keep it cheap.
 */
function sortRelations(rels: Relation[], sortedAssets: readonly Asset[]): Relation[] {
  const pos = new Map<string, number>();
  sortedAssets.forEach((a, i) => pos.set(a.id, i));
  const keyed = rels.map((r) => ({ r, f: pos.get(r.from)!, t: pos.get(r.to)! }));
  keyed.sort((a, b) => a.f - b.f || a.t - b.t || (a.r.kind < b.r.kind ? -1 : a.r.kind > b.r.kind ? 1 : 0));
  return keyed.map((k) => k.r);
}

/** Storage (and dataset records) that hold sensitive data say so, for rules and crown-jewel detection. */
function propagateHeldSensitivity(assets: Asset[], relations: readonly Relation[]): void {
  const byId = new Map(assets.map((a) => [a.id, a]));
  const held = new Map<string, Sensitivity>();
  for (const r of relations) {
    // stored-in: item → container; contains: container → item.
    const [item, container] = r.kind === 'stored-in' ? [r.from, r.to] : r.kind === 'contains' ? [r.to, r.from] : [undefined, undefined];
    if (!item || !container) continue;
    const a = byId.get(item);
    const s = a && a.kind === 'dataset' ? sensitivityOf(a) : undefined;
    if (s) held.set(container, maxSensitivity(held.get(container), s)!);
  }
  for (const [id, s] of held) {
    const c = byId.get(id);
    if (!c || c.properties.sensitivity !== undefined) continue;
    const prev = c.properties.heldSensitivity;
    c.properties.heldSensitivity = maxSensitivity(typeof prev === 'string' ? (prev as Sensitivity) : undefined, s)!;
  }
}
