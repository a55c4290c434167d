import type { JsonValue } from '../../../core/asset.js';

type O = { [k: string]: JsonValue };
const arr = (v: JsonValue | undefined): JsonValue[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * Renders a `data "aws_iam_policy_document"` body (already evaluated) as the IAM JSON its `.json`
 * attribute would hold, so policies written either way read the same.
 */
export function policyDocumentJson(body: JsonValue): string {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as O;
  const statements = arr(b.statement).map((s) => {
    const st = (s ?? {}) as O;
    const out: O = { Effect: typeof st.effect === 'string' ? st.effect : 'Allow' };
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
  });
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
