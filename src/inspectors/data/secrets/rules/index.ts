import type { SecretRuleDef } from '../rule-types.js';
import { aiRules } from './ai.js';
import { cloudRules } from './cloud.js';
import { keyRules } from './keys.js';
import { saasRules, vcsRules } from './vcs-saas.js';

/**
 * The built-in secret rules, as data. Order matters only for overlaps: earlier (more specific)
 * rules win when two rules match the same span (an `sk-proj-` key is not also a generic key).
 */
export const builtinSecretRules: readonly SecretRuleDef[] = [...aiRules, ...cloudRules, ...vcsRules, ...saasRules, ...keyRules];
