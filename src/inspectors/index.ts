import type { Analyzer } from '../core/index.js';
import { modelsAnalyzer } from './models/index.js';
import { dataInspector } from './data/index.js';

/** Deep content inspectors (model files, data). Heavier than discovery; run on every scan by default. */
export const inspectors: readonly Analyzer[] = [modelsAnalyzer, dataInspector];
