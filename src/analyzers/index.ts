import type { Analyzer } from '../core/index.js';
import { artifactsAnalyzer } from './artifacts/index.js';
import { lineageAnalyzer } from './lineage/index.js';
import { depsAnalyzer } from './deps/index.js';
import { mcpAnalyzer } from './mcp/index.js';
import { envAnalyzer } from './env/index.js';
import { containersAnalyzer } from './containers/index.js';
import { terraformAnalyzer } from './iac/terraform/index.js';
import { cloudformationAnalyzer } from './iac/cloudformation/index.js';
import { armAnalyzer } from './iac/arm/index.js';
import { kubernetesAnalyzer } from './iac/kubernetes/index.js';
import { codeAnalyzer } from './code/index.js';
import { notebooksAnalyzer } from './notebooks/index.js';

/**
 * The discovery analyzers, in the order they run on a file. Order matters only for merge
 * precedence of asset properties (first non-empty wins), so the most specific sources come first.
 */
export const discoveryAnalyzers: readonly Analyzer[] = [
  artifactsAnalyzer,
  lineageAnalyzer,
  depsAnalyzer,
  mcpAnalyzer,
  envAnalyzer,
  containersAnalyzer,
  terraformAnalyzer,
  cloudformationAnalyzer,
  armAnalyzer,
  kubernetesAnalyzer,
  codeAnalyzer,
  notebooksAnalyzer,
];
