/** One graph of the estate: merging, joins across sources, queries. */
export { mergeAssets, mergeRelations } from './merge.js';
export { AssetGraph } from './asset-graph.js';
export { buildGraph, type BuiltGraph } from './build.js';
