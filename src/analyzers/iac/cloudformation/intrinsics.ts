import type { JsonValue } from '../../../core/asset.js';
import { isUnknown, type Unknown } from '../../../core/cloud-resource.js';

type O = { [k: string]: JsonValue };

const NAMES = ['Ref', 'GetAtt', 'Sub', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Base64', 'GetAZs', 'Equals', 'Not', 'And', 'Or', 'Condition', 'Cidr', 'Transform', 'ToJsonString', 'Length'];
const keyOf = (n: string) => (n === 'Ref' || n === 'Condition' ? n : `Fn::${n}`);

/** `yaml` custom tags for the CloudFormation short forms (`!Ref x` → `{ Ref: x }`). */
export const cfnTags = NAMES.flatMap((n) => [
  { tag: `!${n}`, resolve: (v: string) => ({ [keyOf(n)]: n === 'GetAtt' ? v.split('.') : v }) },
  { tag: `!${n}`, collection: 'seq' as const, resolve: (s: { toJSON(): unknown }) => ({ [keyOf(n)]: s.toJSON() }) },
  { tag: `!${n}`, collection: 'map' as const, resolve: (s: { toJSON(): unknown }) => ({ [keyOf(n)]: s.toJSON() }) },
]);

export interface TemplateScope {
  parameters: Record<string, JsonValue | undefined>;
  resources: Set<string>;
  mappings: O;
  conditions: O;
}

const unk = (e: string, ref?: string): Unknown => (ref ? { $unknown: e, ref } : { $unknown: e });

/**
 * What `!Ref AWS::NoValue` resolves to: a marker, compared by identity, that the enclosing object
 * or list drops, so `!If [Cond, value, !Ref AWS::NoValue]` leaves the property unset (and the
 * provider default applies) instead of reading as a value the code does not know.
 */
const NO_VALUE: JsonValue = Object.freeze({ $noValue: true }) as JsonValue;

/**
 * Resolves intrinsic functions over known values: parameters with defaults, mappings, literal
 * joins and subs. A reference to another resource becomes an Unknown carrying `ref` (the logical
 * id), so relations survive; anything else that cannot be known becomes a plain Unknown.
 */
export function resolveIntrinsics(v: JsonValue, s: TemplateScope, depth = 0): JsonValue {
  const out = resolve(v, s, depth);
  return out === NO_VALUE ? null : out;
}

function resolve(v: JsonValue, s: TemplateScope, depth: number): JsonValue {
  if (depth > 50) return unk('(too deep)');
  if (Array.isArray(v)) return v.map((x) => resolve(x, s, depth + 1)).filter((x) => x !== NO_VALUE);
  if (!v || typeof v !== 'object' || isUnknown(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1) {
    const k = keys[0]!;
    const arg = (v as O)[k]!;
    const r = (x: JsonValue) => resolve(x, s, depth + 1);
    switch (k) {
      case 'Ref': {
        const name = String(arg);
        if (name === 'AWS::NoValue') return NO_VALUE;
        if (name in s.parameters) return s.parameters[name] ?? unk(`Parameters.${name}`);
        if (s.resources.has(name)) return unk(`!Ref ${name}`, name);
        return unk(`!Ref ${name}`);
      }
      case 'Fn::GetAtt': {
        const parts = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
        // Only a resource has attributes: one the template does not declare is still set, not undecided.
        return unk(`!GetAtt ${parts.join('.')}`, parts[0] || undefined);
      }
      case 'Fn::Sub': {
        const [tpl, vars] = Array.isArray(arg) ? [String(arg[0]), (r(arg[1] ?? {}) ?? {}) as O] : [String(arg), {} as O];
        let ref: string | undefined;
        let unknown = false;
        const out = tpl.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
          const val = name in vars ? vars[name] : r({ Ref: name.split('.')[0]! });
          if (name.includes('.') && s.resources.has(name.split('.')[0]!)) {
            ref = name.split('.')[0];
            unknown = true;
            return '';
          }
          if (isUnknown(val) || val === undefined) {
            unknown = true;
            if (isUnknown(val) && val.ref) ref = val.ref;
            return '';
          }
          return String(val);
        });
        // `${!Literal}` is CloudFormation's escape for a literal `${Literal}`.
        return unknown ? unk(`!Sub ${tpl}`, ref) : out.replace(/\$\{!/g, '${');
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg)) return unk('!Join');
        const parts = r(arg[1] ?? []);
        if (!Array.isArray(parts) || parts.some(isUnknown)) return unk(`!Join ${JSON.stringify(arg)}`, parts && Array.isArray(parts) ? parts.map((p) => (isUnknown(p) ? p.ref : undefined)).find(Boolean) : undefined);
        return parts.map(String).join(String(arg[0] ?? ''));
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg)) return unk('!Select');
        const list = r(arg[1] ?? []);
        const i = Number(r(arg[0] ?? 0));
        return Array.isArray(list) ? (list[i] ?? unk('!Select')) : unk('!Select');
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg)) return unk('!Split');
        const src = r(arg[1] ?? '');
        return typeof src === 'string' ? src.split(String(arg[0])) : unk('!Split');
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg)) return unk('!FindInMap');
        const [m, a, b] = arg.map((x) => r(x));
        const val = typeof m === 'string' && typeof a === 'string' && typeof b === 'string' ? ((s.mappings[m] as O | undefined)?.[a] as O | undefined)?.[b] : undefined;
        return val ?? unk('!FindInMap');
      }
      case 'Fn::If': {
        if (!Array.isArray(arg)) return unk('!If');
        const cond = condition(String(arg[0]), s, depth);
        if (cond === undefined) {
          const a = r(arg[1] ?? null);
          const b = r(arg[2] ?? null);
          return JSON.stringify(a) === JSON.stringify(b) ? a : unk(`!If ${String(arg[0])}`);
        }
        return r((cond ? arg[1] : arg[2]) ?? null);
      }
      case 'Fn::Base64':
        return r(arg);
      case 'Fn::ImportValue':
      case 'Fn::GetAZs':
      case 'Fn::Cidr':
        return unk(`${k} ${JSON.stringify(arg)}`);
    }
  }
  const o: O = {};
  for (const [k, x] of Object.entries(v)) {
    const val = resolve(x, s, depth + 1);
    if (val !== NO_VALUE) o[k] = val;
  }
  return o;
}

/** Evaluates a named condition when its inputs are known; undefined otherwise. */
export function condition(name: string, s: TemplateScope, depth: number): boolean | undefined {
  const c = s.conditions[name];
  return c === undefined ? undefined : evalCond(c, s, depth + 1);
}

function evalCond(c: JsonValue, s: TemplateScope, depth: number): boolean | undefined {
  if (depth > 20 || !c || typeof c !== 'object' || Array.isArray(c)) return undefined;
  const [k, arg] = Object.entries(c)[0] ?? [];
  const args = Array.isArray(arg) ? arg : [];
  switch (k) {
    case 'Fn::Equals': {
      const [a, b] = args.map((x) => resolveIntrinsics(x, s, depth + 1));
      return isUnknown(a) || isUnknown(b) ? undefined : JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not': {
      const x = evalCond(args[0] ?? null, s, depth + 1);
      return x === undefined ? undefined : !x;
    }
    case 'Fn::And': {
      const xs = args.map((x) => evalCond(x, s, depth + 1));
      return xs.includes(false) ? false : xs.includes(undefined) ? undefined : true;
    }
    case 'Fn::Or': {
      const xs = args.map((x) => evalCond(x, s, depth + 1));
      return xs.includes(true) ? true : xs.includes(undefined) ? undefined : false;
    }
    case 'Condition':
      return condition(String(arg), s, depth + 1);
    default:
      return undefined;
  }
}
