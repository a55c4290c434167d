import type { Category, FindingStatus, Severity } from './vocabulary.js';
import type { FrameworkMap, Finding } from './finding.js';
import type { Location } from './location.js';
import type { Properties } from './asset.js';
import { findingFingerprint } from './ids.js';

/**
 * A rule's metadata, Prowler-rich: the id says what passing means
 * (`sagemaker_notebook_direct_internet_access_disabled`), the title is phrased as the passing state.
 * Rules evaluated over the graph (src/rules) and findings raised directly by analyzers and
 * inspectors (a model verdict, a secret) share this shape, so `aispm rules list` shows them all.
 */
export interface RuleMeta {
  id: string;
  version: string;
  /** Phrased as the passing state: "SageMaker notebook instances have no direct internet access". */
  title: string;
  severity: Severity;
  category: Category;
  /** What can go wrong when this fails, for `rules show` and SARIF help. */
  risk: string;
  remediation: string;
  /** IaC snippets that fix it, keyed by tool (`terraform`, `cloudformation`, `kubernetes`). */
  remediationCode?: Record<string, string>;
  frameworks: FrameworkMap;
  /** Extra reading. */
  references?: string[];
  /** Which analyzer or rule family raises it (`models`, `data`, `iac`, `code`, …). */
  source?: string;
}

export interface FindingInput {
  assetId: string;
  location: Location;
  message: string;
  /** What was found, not where: keeps the fingerprint stable when lines move. */
  evidenceKey?: string;
  status?: FindingStatus;
  /** Overrides the rule's default severity (e.g. a secret of a stronger kind). */
  severity?: Severity;
  properties?: Properties;
}

/** Builds a finding from a rule's metadata; the one place fingerprints are computed. */
export function makeFinding(rule: RuleMeta, input: FindingInput): Finding {
  const f: Finding = {
    id: findingFingerprint(rule.id, input.assetId, input.evidenceKey ?? ''),
    ruleId: rule.id,
    title: rule.title,
    severity: input.severity ?? rule.severity,
    category: rule.category,
    status: input.status ?? 'fail',
    assetId: input.assetId,
    location: input.location,
    message: input.message,
    remediation: rule.remediation,
    frameworks: rule.frameworks,
  };
  if (input.properties) f.properties = input.properties;
  return f;
}
