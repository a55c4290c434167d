/** The vocabulary every stage shares (DESIGN §2–3). No I/O, no dependencies. */
export * from './vocabulary.js';
export * from './location.js';
export * from './asset.js';
export * from './finding.js';
export * from './ids.js';
export * from './hash.js';
export * from './mask.js';
export * from './report.js';
export * from './analyzer.js';
export * from './rule-meta.js';
export * from './internet.js';
export * from './ai-providers.js';
export * from './cloud-uri.js';
export * from './text-decode.js';
export * from './size.js';
export * from './installed-python.js';
export * from './zstd-window-guard.js';
