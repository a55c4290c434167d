/**
 * The fixed vocabulary of DESIGN §2–3. Every stage speaks these words; adding one is a design change.
 */

/** What an asset is, one generic name per concept; `provider` and `type` say which product. */
export const ASSET_KINDS = [
  'ai-package',
  'ai-model',
  'model-file',
  'dataset',
  'notebook',
  'ai-service',
  'inference-endpoint',
  'training-job',
  'agent',
  'mcp-server',
  'agent-tool',
  'vector-store',
  'guardrail',
  'external-ai-api',
  'storage',
  'identity',
  'workload',
  // Not an AI asset itself, but the graph needs nodes for them: the virtual internet and
  // a secret found in a file (a leaked key is an entry point for attack paths).
  'internet',
  'secret',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const RELATION_KINDS = [
  'contains',
  'depends-on',
  'uses-model',
  'calls',
  'serves',
  'trained-on',
  'produced-by',
  'stored-in',
  'reads',
  'writes',
  'runs-as',
  'can-access',
  'exposed-to',
  'has-tool',
  'guarded-by',
  'retrieves-from',
  'indexes',
] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse; `info` is 0 so "at or above info" means everything. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function severityAtLeast(s: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[s] >= SEVERITY_RANK[threshold];
}

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

export const CATEGORIES = [
  'exposure',
  'encryption',
  'identity',
  'logging',
  'guardrail',
  'secret',
  'sensitive-data',
  'unsafe-model',
  'poisoning',
  'supply-chain',
  'agency',
  'governance',
  'runtime',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * `fail`: the rule's condition is violated here. `pass`: it holds. `na`: the rule does not apply.
 * `manual`: the data needed is not readable (a variable without a default, a file we could not
 * finish) — never silently a pass.
 */
export const FINDING_STATUSES = ['fail', 'pass', 'na', 'manual'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
