import type { JsonValue } from '../../../core/asset.js';
import type { TfResource } from './module.js';

type O = Record<string, unknown>;

/** True when the head of a .json file looks like `terraform show -json` output. */
export function isPlanJson(head: Uint8Array): boolean {
  const s = Buffer.from(head).toString('utf8');
  return s.includes('"format_version"') && (s.includes('"planned_values"') || s.includes('"terraform_version"'));
}

/**
 * Reads `terraform show -json` output: `planned_values` gives the values Terraform will set
 * (module resources included); `after_unknown` and the configuration's `references` turn computed
 * attributes into references, so relations (`role_arn → aws_iam_role.x`) survive. Lines point at
 * the resource's `"address"` in the plan file.
 */
export function planResources(plan: unknown, reportPath: string, text = ''): TfResource[] {
  if (!plan || typeof plan !== 'object') return [];
  const p = plan as O;
  const refs = new Map<string, Record<string, string>>();
  collectRefs(((p.configuration as O | undefined)?.root_module ?? {}) as O, '', refs);
  const unknownByAddr = new Map<string, O>();
  for (const rc of (p.resource_changes ?? []) as O[]) {
    const after = ((rc.change as O | undefined)?.after_unknown ?? {}) as O;
    if (typeof rc.address === 'string') unknownByAddr.set(rc.address, after);
  }
  const out: TfResource[] = [];
  const lineAt = lineIndex(text);
  const walk = (mod: O | undefined, pending: O[]) => {
    if (!mod) return;
    for (const r of (mod.resources ?? []) as O[]) {
      if (typeof r.address !== 'string' || typeof r.type !== 'string' || r.mode === 'data') continue;
      const values = { ...((r.values ?? {}) as Record<string, JsonValue>) };
      const configAddr = r.address.replace(/\[[^\]]*\]/g, '');
      const cref = refs.get(configAddr) ?? {};
      const unk = unknownByAddr.get(r.address) ?? {};
      for (const [k, target] of Object.entries(cref)) if (values[k] === null || values[k] === undefined || unk[k] === true) values[k] = { $unknown: `${target}`, ref: target.split('.').slice(0, target.startsWith('module.') ? 4 : 2).join('.') };
      for (const [k, v] of Object.entries(unk)) if (v === true && (values[k] === null || values[k] === undefined)) values[k] = { $unknown: `(known after apply) ${r.address}.${k}` };
      const idx = text ? text.indexOf(`"address": "${r.address}"`) : -1;
      const idx2 = idx < 0 && text ? text.indexOf(`"address":"${r.address}"`) : idx;
      const line = idx2 >= 0 ? lineAt(idx2) : 1;
      // The whole module instance path (module.a[0].module.b["x.y"]), as the configuration names it:
      // everything before the resource's own `type.name[key]`.
      const at = r.address.lastIndexOf(`.${r.type}.`);
      const module = r.address.startsWith('module.') && at > 0 ? r.address.slice(0, at) : undefined;
      out.push({ type: r.type, address: r.address, attributes: values, attrLines: {}, file: reportPath, line, mode: 'managed', ...(module ? { module } : {}) });
    }
    // Reversed onto the stack so modules come out in the same depth-first order recursion gave.
    const kids = (mod.child_modules ?? []) as O[];
    for (let i = kids.length - 1; i >= 0; i--) pending.push(kids[i]!);
  };
  // An explicit stack, not recursion: a hostile plan nesting child_modules 100k deep must not
  // overflow the call stack.
  const pending: O[] = [];
  walk(((p.planned_values as O | undefined)?.root_module ?? undefined) as O | undefined, pending);
  for (let m = pending.pop(); m; m = pending.pop()) walk(m, pending);
  return out;
}

/** Module calls deeper than this are not followed for references (real plans nest a handful). */
const MAX_MODULE_DEPTH = 64;

/** 1-based line of a character offset, by binary search over newline offsets computed once. */
function lineIndex(text: string): (offset: number) => number {
  const nl: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) nl.push(i);
  return (offset) => {
    let lo = 0;
    let hi = nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nl[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

function collectRefs(mod: O, prefix: string, out: Map<string, Record<string, string>>, depth = 0): void {
  if (depth > MAX_MODULE_DEPTH) return;
  for (const r of (mod.resources ?? []) as O[]) {
    if (typeof r.address !== 'string') continue;
    const m: Record<string, string> = {};
    for (const [k, e] of Object.entries((r.expressions ?? {}) as Record<string, O>)) {
      const list = (e?.references ?? []) as string[];
      const target = list.find((x) => !x.startsWith('var.') && !x.startsWith('local.') && !x.startsWith('data.'));
      if (target) m[k] = `${prefix}${target}`;
    }
    out.set(`${prefix}${r.address}`, m);
  }
  for (const [name, call] of Object.entries((mod.module_calls ?? {}) as Record<string, O>)) {
    const child = call.module as O | undefined;
    if (child) collectRefs(child, `${prefix}module.${name}.`, out, depth + 1);
  }
}
