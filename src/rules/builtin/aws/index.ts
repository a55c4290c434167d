import type { Rule } from '../../engine/define-rule.js';
import { sagemakerNotebookRules } from './sagemaker-notebook.js';
import { sagemakerServingRules } from './sagemaker-serving.js';
import { sagemakerJobRules } from './sagemaker-jobs.js';

/** AWS AI rules over the normalised cloud model, by service. */
export const awsRules: readonly Rule[] = [...sagemakerNotebookRules, ...sagemakerServingRules, ...sagemakerJobRules];
