import type { Rule } from '../../engine/define-rule.js';
import { cognitiveRules, raiRules } from './cognitive.js';
import { azureMlRules } from './ml.js';
import { azureDataRules } from './data.js';

/** Azure AI rules over the normalised cloud model. */
export const azureRules: readonly Rule[] = [...cognitiveRules, ...raiRules, ...azureMlRules, ...azureDataRules];
