import type { Asset, Observation, Relation } from '../core/index.js';
import { AssetGraph } from './asset-graph.js';
import { mergeAssets, mergeRelations } from './merge.js';

export interface BuiltGraph {
  assets: Asset[];
  relations: Relation[];
  graph: AssetGraph;
}

/**
 * Merges every stage's assets and relations into one estate. Cross-source joins (URIs in code ↔
 * buckets in IaC, model ids ↔ deployments, …) are added here so rules and paths see one graph.
 */
export function buildGraph(assets: readonly Asset[], relations: readonly Relation[], _observations: readonly Observation[] = []): BuiltGraph {
  const merged = mergeAssets(assets).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const known = new Set(merged.map((a) => a.id));
  const rels = mergeRelations(relations, known);
  return { assets: merged, relations: rels, graph: new AssetGraph(merged, rels) };
}
