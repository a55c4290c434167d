import type { JsonValue } from '../../../core/index.js';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { isUnknown, list } from '../cloud-shared/resource.js';

/** One Allow statement of a principal, with where it came from. */
export interface Statement {
  /** Known `Action` patterns. */
  actions: string[];
  /** `NotAction` patterns: the statement allows every action except these. */
  notActions?: string[];
  resources: string[];
  conditional: boolean;
  /** Policy name or managed policy ARN. */
  via: string;
  /** Attribute path for the location (`inline_policy`, `attached_policies`, `managed_policy_arns`). */
  path: string;
  /**
   * Parts the code leaves open (`var.actions`, `file("p.json")`, a whole unknown document): the
   * statement may allow more than it shows, so a rule that finds nothing wrong answers `manual`.
   */
  unknown: string[];
}

/** Managed policies aispm judges by name (their documents are AWS's, not in the code). */
export const MANAGED_ADMIN = new Set(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess']);
export const MANAGED_AI_FULL = new Set(['AmazonBedrockFullAccess', 'AmazonSageMakerFullAccess']);

/**
 * An unknown that can never be the `*` wildcard: a reference to a declared resource (its ARN), or a
 * template around a literal ARN (`arn:aws:iam::${var.account}:root`, `!Sub arn:…${AWS::AccountId}…`).
 */
export function notWildcard(u: { $unknown: string; ref?: string }): boolean {
  return !!u.ref || /(^|[\s"'])arn:/.test(u.$unknown);
}

/** An unknown's expression for a message: a whole heredoc template would swamp it. */
const clip = (t: string): string => (t.length > 100 ? `${t.slice(0, 99)}…` : t);

/**
 * Splits a list of action / resource patterns into the known strings and the texts of unknown
 * parts. With `refsKnown` (resources), an unknown that can never be `*` ({@link notWildcard}) is
 * kept as its text, not as undecided.
 */
function patterns(v: JsonValue | undefined, unknown: string[], refsKnown = false): string[] {
  const out: string[] = [];
  for (const x of isUnknown(v) ? [v] : list(v)) {
    if (typeof x === 'string') out.push(x);
    else if (isUnknown(x) && refsKnown && notWildcard(x)) out.push(x.$unknown);
    else if (isUnknown(x)) unknown.push(clip(x.$unknown));
    else unknown.push(JSON.stringify(x));
  }
  return out;
}

/** The managed policy name of an ARN (`arn:aws:iam::aws:policy/AdministratorAccess` → `AdministratorAccess`). */
export function managedName(arn: JsonValue | undefined): string | undefined {
  return typeof arn === 'string' ? /^arn:aws[\w-]*:iam::aws:policy\/(?:.+\/)?([^/]+)$/.exec(arn)?.[1] : undefined;
}

/**
 * Statements of one document. A document or statement the code does not decide (a variable,
 * `file()`, text that is not JSON) becomes one statement with only `unknown` set, so no caller
 * reads "no statements" as "nothing allowed".
 */
export function statementsOf(doc: JsonValue | undefined, via: string, path: string, effect = 'Allow'): Statement[] {
  const opaque = (what: string): Statement => ({ actions: [], resources: [], conditional: false, via, path, unknown: [clip(what)] });
  if (doc === undefined || doc === null) return [];
  if (isUnknown(doc)) return [opaque(doc.$unknown)];
  if (typeof doc === 'string') return doc.trim() ? [opaque('policy text that is not JSON')] : [];
  if (typeof doc !== 'object' || Array.isArray(doc)) return [opaque(JSON.stringify(doc))];
  const out: Statement[] = [];
  for (const s of list((doc as Record<string, JsonValue>).Statement)) {
    if (isUnknown(s)) {
      out.push(opaque(s.$unknown));
      continue;
    }
    if (!s || typeof s !== 'object' || Array.isArray(s)) continue;
    const st = s as Record<string, JsonValue>;
    if (isUnknown(st.Effect)) {
      out.push(opaque(st.Effect.$unknown));
      continue;
    }
    if (st.Effect !== effect) continue;
    const unknown: string[] = [];
    const stmt: Statement = { actions: patterns(st.Action, unknown), resources: st.Resource === undefined ? ['*'] : patterns(st.Resource, unknown, true), conditional: st.Condition !== undefined, via, path, unknown };
    if (st.NotAction !== undefined) stmt.notActions = patterns(st.NotAction, unknown);
    out.push(stmt);
  }
  return out;
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

/** True when a statement allows `action`: listed in Action, or not excluded by NotAction. */
export function allows(s: Statement, action: string): boolean {
  return s.notActions ? !s.notActions.some((p) => covers(p, action)) : s.actions.some((p) => covers(p, action));
}

/** `Allow NotAction [...]` on every resource allows every other action, IAM included: PowerUserAccess is exactly that. */
function allowsNearlyAll(s: Statement): boolean {
  return s.notActions !== undefined && !s.notActions.includes('*') && s.unknown.length === 0;
}

/** How a statement's actions read in a message. */
export function describeActions(s: Statement): string {
  return s.notActions ? `every action except ${s.notActions.join(', ') || '(none)'}` : s.actions.join(', ');
}

/** Administrator: AdministratorAccess-like managed policy, `*` on `*`, or NotAction on `*`. */
export function adminEvidence(r: CloudResource): { via: string; path: string } | undefined {
  const m = managedArns(r).find((x) => MANAGED_ADMIN.has(managedName(x.arn) ?? ''));
  if (m) return { via: managedName(m.arn)!, path: m.path };
  const s = principalStatements(r).find((x) => !x.conditional && x.resources.includes('*') && (x.actions.includes('*') || allowsNearlyAll(x)));
  return s ? { via: s.via, path: s.path } : undefined;
}

/** The first statement of a principal with a part the code leaves open, for a `manual` answer. */
export function undecidedStatement(r: CloudResource): Statement | undefined {
  return principalStatements(r).find((s) => s.unknown.length > 0);
}
