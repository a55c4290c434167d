import type { Rule } from '../../engine/define-rule.js';
import { vertexRules } from './vertex.js';
import { gcpNotebookRules } from './notebooks.js';
import { gcpStorageIamRules } from './storage-iam.js';

/** GCP AI rules over the normalised cloud model. */
export const gcpRules: readonly Rule[] = [...vertexRules, ...gcpNotebookRules, ...gcpStorageIamRules];
