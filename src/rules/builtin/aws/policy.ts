import type { JsonValue } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { isUnknown, list } from '../cloud-shared/resource.js';

/** One Allow statement of a principal, with where it came from. */
export interface Statement {
  actions: string[];
  resources: string[];
  conditional: boolean;
  /** Policy name or managed policy ARN. */
  via: string;
  /** Attribute path for the location (`inline_policy`, `attached_policies`, `managed_policy_arns`). */
  path: string;
}

/** Managed policies aispm judges by name (their documents are AWS's, not in the code). */
export const MANAGED_ADMIN = new Set(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess']);
export const MANAGED_AI_FULL = new Set(['AmazonBedrockFullAccess', 'AmazonSageMakerFullAccess']);

const strs = (v: JsonValue | undefined) => list(v).map((x) => (typeof x === 'string' ? x : isUnknown(x) ? x.$unknown : JSON.stringify(x)));

/** The managed policy name of an ARN (`arn:aws:iam::aws:policy/AdministratorAccess` → `AdministratorAccess`). */
export function managedName(arn: JsonValue | undefined): string | undefined {
  return typeof arn === 'string' ? /^arn:aws[\w-]*:iam::aws:policy\/(?:.+\/)?([^/]+)$/.exec(arn)?.[1] : undefined;
}

/** Statements of one document. */
export function statementsOf(doc: JsonValue | undefined, via: string, path: string, effect = 'Allow'): Statement[] {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || isUnknown(doc)) return [];
  return list((doc as Record<string, JsonValue>).Statement)
    .filter((s): s is Record<string, JsonValue> => !!s && typeof s === 'object' && !Array.isArray(s) && (s as Record<string, JsonValue>).Effect === effect)
    .map((s) => ({ actions: strs(s.Action), resources: s.Resource === undefined ? ['*'] : strs(s.Resource), conditional: s.Condition !== undefined, via, path }));
}

/** Every managed policy ARN attached to a principal. */
export function managedArns(r: CloudResource): { arn: string; path: string }[] {
  const out: { arn: string; path: string }[] = [];
  for (const a of list(r.attributes.managed_policy_arns)) if (typeof a === 'string') out.push({ arn: a, path: 'managed_policy_arns' });
  for (const p of list(r.attributes.attached_policies)) {
    const arn = (p as Record<string, JsonValue>)?.arn;
    if (typeof arn === 'string') out.push({ arn, path: 'attached_policies' });
  }
  return out;
}

/** Every Allow statement a principal holds through inline and customer-managed policies in the code. */
export function principalStatements(r: CloudResource): Statement[] {
  const out: Statement[] = [];
  for (const ip of list(r.attributes.inline_policy)) {
    const o = (ip ?? {}) as Record<string, JsonValue>;
    out.push(...statementsOf(o.policy, typeof o.name === 'string' ? o.name : 'inline', 'inline_policy'));
  }
  for (const ip of list(r.attributes.inline_policies)) {
    const o = (ip ?? {}) as Record<string, JsonValue>;
    out.push(...statementsOf(o.document, typeof o.name === 'string' ? o.name : 'inline', 'inline_policies'));
  }
  for (const p of list(r.attributes.attached_policies)) {
    const o = (p ?? {}) as Record<string, JsonValue>;
    out.push(...statementsOf(o.document, typeof o.name === 'string' ? o.name : 'policy', 'attached_policies'));
  }
  return out;
}

/** True when an IAM action pattern covers `action` (`s3:*` covers `s3:GetObject`, `*` covers all). */
export function covers(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

/** Administrator: AdministratorAccess-like managed policy, or `*` on `*`. */
export function adminEvidence(r: CloudResource): { via: string; path: string } | undefined {
  const m = managedArns(r).find((x) => MANAGED_ADMIN.has(managedName(x.arn) ?? ''));
  if (m) return { via: managedName(m.arn)!, path: m.path };
  const s = principalStatements(r).find((x) => !x.conditional && x.actions.includes('*') && x.resources.includes('*'));
  return s ? { via: s.via, path: s.path } : undefined;
}
