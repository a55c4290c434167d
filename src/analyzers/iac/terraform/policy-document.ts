import type { JsonValue } from '../../../core/asset.js';
import { isUnknown } from '../../../core/cloud-resource.js';

type O = { [k: string]: JsonValue };
const arr = (v: JsonValue | undefined): JsonValue[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/** One `statement` block → an IAM JSON statement. */
function statementJson(s: JsonValue): O {
  const st = (s ?? {}) as O;
  const out: O = { Effect: typeof st.effect === 'string' || isUnknown(st.effect) ? st.effect : 'Allow' };
  if (st.sid !== undefined) out.Sid = st.sid;
  if (st.actions !== undefined) out.Action = st.actions;
  if (st.not_actions !== undefined) out.NotAction = st.not_actions;
  if (st.resources !== undefined) out.Resource = st.resources;
  if (st.not_resources !== undefined) out.NotResource = st.not_resources;
  const principals: O = {};
  for (const p of arr(st.principals)) {
    const po = (p ?? {}) as O;
    const type = typeof po.type === 'string' ? po.type : 'AWS';
    principals[type] = type === '*' ? '*' : (po.identifiers ?? []);
  }
  if (Object.keys(principals).length) out.Principal = principals['*'] === '*' ? '*' : principals;
  const cond: Record<string, O> = {};
  for (const c of arr(st.condition)) {
    const co = (c ?? {}) as O;
    const test = String(co.test ?? 'StringEquals');
    (cond[test] ??= {})[String(co.variable ?? '')] = co.values ?? [];
  }
  if (Object.keys(cond).length) out.Condition = cond;
  return out;
}

/**
 * The statements of `source_policy_documents` / `override_policy_documents` entries (the `.json` of
 * other documents). One the code does not decide stays an unknown statement, so readers of the
 * policy answer `manual` instead of missing what it may allow.
 */
function documentStatements(docs: JsonValue | undefined): JsonValue[] {
  if (isUnknown(docs)) return [docs];
  const out: JsonValue[] = [];
  for (const d of arr(docs)) {
    if (typeof d !== 'string') {
      out.push(isUnknown(d) ? d : { $unknown: 'a policy document that is not JSON text' });
      continue;
    }
    try {
      const parsed = JSON.parse(d) as O;
      out.push(...arr(parsed.Statement));
    } catch {
      out.push({ $unknown: 'a policy document that is not JSON text' });
    }
  }
  return out;
}

/** Terraform's merge: a statement whose Sid is already present replaces it; others are appended. */
function mergeBySid(into: JsonValue[], add: JsonValue[]): void {
  for (const s of add) {
    const sid = s && typeof s === 'object' && !Array.isArray(s) && !isUnknown(s) ? (s as O).Sid : undefined;
    const at = typeof sid === 'string' && sid ? into.findIndex((x) => x && typeof x === 'object' && !Array.isArray(x) && (x as O).Sid === sid) : -1;
    if (at >= 0) into[at] = s;
    else into.push(s);
  }
}

/**
 * Renders a `data "aws_iam_policy_document"` body (already evaluated) as the IAM JSON its `.json`
 * attribute would hold, so policies written either way read the same: source documents first, then
 * the block's own statements, then override documents (same Sid → replaced, as Terraform does).
 */
export function policyDocumentJson(body: JsonValue): string {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as O;
  const statements: JsonValue[] = [];
  mergeBySid(statements, documentStatements(b.source_policy_documents));
  mergeBySid(statements, arr(b.statement).map(statementJson));
  mergeBySid(statements, documentStatements(b.override_policy_documents));
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
