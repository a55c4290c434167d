import type { Rule } from '../engine/define-rule.js';
import { awsRules } from './aws/index.js';
import { azureRules } from './azure/index.js';
import { gcpRules } from './gcp/index.js';
import { kubernetesRules } from './kubernetes/index.js';

/**
 * Every built-in graph rule, in one explicit array (no registration by import side effects).
 * Each domain folder exports its own array; order here is the order rules run and are listed.
 */
export const builtinRules: readonly Rule[] = [
  ...awsRules,
  ...azureRules,
  ...gcpRules,
  ...kubernetesRules,
];
