import type { Rule } from '../../engine/define-rule.js';
import { sagemakerNotebookRules } from './sagemaker-notebook.js';
import { sagemakerServingRules } from './sagemaker-serving.js';
import { sagemakerJobRules } from './sagemaker-jobs.js';
import { bedrockGuardrailRules } from './bedrock-guardrail.js';
import { bedrockRules } from './bedrock.js';
import { bedrockExtraRules } from './bedrock-extra.js';
import { s3Rules } from './s3.js';
import { iamRules } from './iam.js';
import { awsAccountRules } from './account.js';
import { awsDataStoreRules } from './data-stores.js';
import { comprehendRules } from './comprehend.js';

/** AWS AI rules over the normalised cloud model, by service. */
export const awsRules: readonly Rule[] = [
  ...sagemakerNotebookRules,
  ...sagemakerServingRules,
  ...sagemakerJobRules,
  ...awsDataStoreRules,
  ...bedrockGuardrailRules,
  ...bedrockRules,
  ...bedrockExtraRules,
  ...comprehendRules,
  ...s3Rules,
  ...iamRules,
  ...awsAccountRules,
];
