/** The orchestrator: wires targets → walker → analyzers → graph → rules → paths → compliance. */
export { runScan, type ScanHooks, type ScanProgress, type ScanExtras } from './run-scan.js';
export { allAnalyzers, selectAnalyzers, allRuleMetas, UnknownAnalyzerError } from './registry.js';
export { toolVersion } from './version.js';
export { targetPlaces, type TargetPlace } from './target-prefixes.js';
