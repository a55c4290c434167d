/** One graph of the estate: merging, joins across sources, queries. */
export { mergeAssets, mergeRelations } from './merge.js';
export { AssetGraph } from './asset-graph.js';
export { buildGraph, type BuiltGraph } from './build.js';
export { joins, runJoins, joinRelation, normaliseModelName, imageRepo, scopeOf, type CredentialScope } from './joins/index.js';
export { SENSITIVITY_LEVELS, sensitivityOf, sensitivityRank, isSensitive, entitiesOf, maxSensitivity, type Sensitivity } from './sensitivity.js';
