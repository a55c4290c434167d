import type { Asset, FindingStatus, Location, Properties, RuleMeta, Severity } from '../../core/index.js';
import type { AssetGraph } from '../../graph/index.js';

/** What a rule sees besides the asset: the whole estate, read-only. */
export interface RuleContext {
  graph: AssetGraph;
}

/** One verdict of a rule on an asset. A rule may return several (one per offending statement). */
export interface RuleVerdict {
  status: FindingStatus;
  message: string;
  /** Defaults to the asset's first location. */
  location?: Location;
  /** What was found, for the fingerprint; defaults to the rule id (one verdict per asset). */
  evidenceKey?: string;
  severity?: Severity;
  properties?: Properties;
}

/**
 * A pass or fail example: a tiny estate of files (path → content) that, scanned, must make the
 * rule pass or fail. One table-driven test (test/rule-examples.test.ts) runs them all.
 */
export interface RuleExample {
  name: string;
  files: Record<string, string>;
}

/** A rule over the graph: pure, no I/O (DESIGN §1). */
export interface Rule extends RuleMeta {
  /** Cheap filter: which assets this rule judges. */
  appliesTo(asset: Asset): boolean;
  evaluate(asset: Asset, ctx: RuleContext): RuleVerdict | RuleVerdict[] | undefined;
  examples: { pass: RuleExample[]; fail: RuleExample[] };
}

/** Returns the rule unchanged; typed at the point of writing, registered in an explicit array. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
