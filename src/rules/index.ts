/** Rules: pure functions over assets and the graph. */
export { defineRule, type Rule, type RuleContext, type RuleVerdict, type RuleExample } from './engine/define-rule.js';
export { evaluateRules } from './engine/evaluate.js';
export { builtinRules } from './builtin/index.js';
