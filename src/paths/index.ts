/** Attack paths (entry points → crown jewels), lineage of models, and risk prioritisation. */
export { findAttackPaths, failingByAsset, type PathOptions } from './find-paths.js';
export { findEntryPoints, findCrownJewels, isPrivileged, type EntryPoint, type CrownJewel } from './points.js';
export { assignFixes, groupByFix, type FixGroup } from './fixes.js';
export { annotateRiskScores } from './risk.js';
export { buildLineage, modelsTrainedOnSensitiveData } from './lineage.js';
export { pathScore, severityForScore, lengthFactor } from './score.js';
export { DEFAULT_LIMITS, type SearchLimits } from './search.js';
