import { makeFinding, type Asset, type Finding } from '../../core/index.js';
import type { Rule, RuleContext } from './define-rule.js';

/**
 * Runs every rule on every asset it applies to. `na` verdicts are dropped (the rule does not apply);
 * `pass`, `fail` and `manual` are kept so compliance can tell assessed-and-passing from unassessed.
 * A rule that throws becomes one `manual` finding saying so, never a silent pass.
 */
export function evaluateRules(rules: readonly Rule[], assets: readonly Asset[], ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    for (const asset of assets) {
      if (!rule.appliesTo(asset)) continue;
      let verdicts;
      try {
        verdicts = rule.evaluate(asset, ctx);
      } catch (e) {
        verdicts = { status: 'manual' as const, message: `rule could not be evaluated: ${(e as Error).message}`, evidenceKey: 'rule-error' };
      }
      if (!verdicts) continue;
      for (const v of Array.isArray(verdicts) ? verdicts : [verdicts]) {
        if (v.status === 'na') continue;
        out.push(
          makeFinding(rule, {
            assetId: asset.id,
            location: v.location ?? asset.locations[0] ?? {},
            message: v.message,
            evidenceKey: v.evidenceKey ?? rule.id,
            status: v.status,
            severity: v.severity,
            properties: v.properties,
          }),
        );
      }
    }
  }
  return out;
}
