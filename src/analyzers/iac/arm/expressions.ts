import type { JsonValue } from '../../../core/asset.js';
import { isUnknown, type Unknown } from '../../../core/cloud-resource.js';

/** What ARM expressions can see: parameter defaults, variables, and the template's resources by type/name. */
export interface ArmScope {
  parameters: Record<string, JsonValue | undefined>;
  variables: Record<string, JsonValue>;
  /** `Microsoft.X/y/name` (lower-cased) → resource address. */
  addresses: Map<string, string>;
}

const unk = (e: string, ref?: string): Unknown => (ref ? { $unknown: e, ref } : { $unknown: e });

/**
 * A value read as an ARM boolean: `true` / `false`, or the strings `'true'` / `'false'` in any case
 * (string parameters and properties written as text; ARM converts them, JavaScript truthiness would
 * call `'false'` true). Unknowns stay unknown; anything else is not a boolean (undefined).
 */
export function armBool(v: JsonValue | undefined): boolean | Unknown | undefined {
  if (typeof v === 'boolean' || isUnknown(v)) return v;
  const t = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/** `bool(x)` as documented: a string is true only when it reads 'true' (any case), an integer when it is not 0. */
function toBool(v: JsonValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.trim().toLowerCase() === 'true';
  if (typeof v === 'number' && Number.isInteger(v)) return v !== 0;
  return undefined;
}

/**
 * Evaluates ARM template expressions (`[parameters('x')]`, `[concat(...)]`, `[resourceId(...)]`):
 * known parameters and variables resolve; `resourceId` of a resource in the template becomes a
 * reference to it; everything else is an Unknown naming the expression.
 */
export function evalArm(v: JsonValue, s: ArmScope, depth = 0): JsonValue {
  if (depth > 40) return unk('(too deep)');
  if (typeof v === 'string') {
    if (!v.startsWith('[') || !v.endsWith(']') || v.startsWith('[[')) return v.startsWith('[[') ? v.slice(1) : v;
    try {
      const p = new P(v.slice(1, -1), s, depth);
      const out = p.expr();
      return out;
    } catch {
      return unk(v);
    }
  }
  if (Array.isArray(v)) return v.map((x) => evalArm(x, s, depth + 1));
  if (v && typeof v === 'object') {
    const o: { [k: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) o[k] = evalArm(x, s, depth + 1);
    return o;
  }
  return v;
}

class P {
  i = 0;
  constructor(
    readonly src: string,
    readonly s: ArmScope,
    readonly depth: number,
  ) {}
  ws() {
    while (/\s/.test(this.src[this.i] ?? '')) this.i++;
  }
  expr(): JsonValue {
    this.ws();
    const c = this.src[this.i];
    let v: JsonValue;
    if (c === "'") {
      let out = '';
      this.i++;
      for (;;) {
        const ch = this.src[this.i++];
        if (ch === undefined) throw new Error('unterminated');
        if (ch === "'") {
          if (this.src[this.i] === "'") {
            out += "'";
            this.i++;
            continue;
          }
          break;
        }
        out += ch;
      }
      v = out;
    } else if (/[0-9-]/.test(c ?? '')) {
      const m = /^-?\d+/.exec(this.src.slice(this.i))!;
      this.i += m[0].length;
      v = Number(m[0]);
    } else {
      const m = /^[A-Za-z_][\w.]*/.exec(this.src.slice(this.i));
      if (!m) throw new Error('bad token');
      this.i += m[0].length;
      this.ws();
      if (this.src[this.i] !== '(') {
        if (m[0] === 'true' || m[0] === 'false') v = m[0] === 'true';
        else throw new Error('bare identifier');
      } else {
        this.i++;
        const args: JsonValue[] = [];
        this.ws();
        while (this.src[this.i] !== ')') {
          args.push(this.expr());
          this.ws();
          if (this.src[this.i] === ',') this.i++;
          this.ws();
          if (this.i >= this.src.length) throw new Error('unterminated call');
        }
        this.i++;
        v = this.call(m[0].toLowerCase(), args);
      }
    }
    for (;;) {
      this.ws();
      if (this.src[this.i] === '.') {
        this.i++;
        const m = /^[A-Za-z_]\w*/.exec(this.src.slice(this.i))!;
        this.i += m[0].length;
        v = isUnknown(v) ? unk(this.src, v.ref) : v && typeof v === 'object' && !Array.isArray(v) ? ((v as Record<string, JsonValue>)[m[0]] ?? unk(this.src)) : unk(this.src);
      } else if (this.src[this.i] === '[') {
        this.i++;
        const k = this.expr();
        this.ws();
        this.i++;
        v = isUnknown(v) || isUnknown(k) ? unk(this.src) : Array.isArray(v) ? (v[Number(k)] ?? unk(this.src)) : v && typeof v === 'object' ? ((v as Record<string, JsonValue>)[String(k)] ?? unk(this.src)) : unk(this.src);
      } else return v;
    }
  }
  call(name: string, a: JsonValue[]): JsonValue {
    const anyUnknown = a.some(isUnknown);
    switch (name) {
      case 'parameters': {
        const k = String(a[0]);
        const val = this.s.parameters[k];
        return val === undefined ? unk(`parameters('${k}')`) : evalArm(val, this.s, this.depth + 1);
      }
      case 'variables': {
        const k = String(a[0]);
        return k in this.s.variables ? evalArm(this.s.variables[k]!, this.s, this.depth + 1) : unk(`variables('${k}')`);
      }
      case 'resourceid': {
        const typeIdx = a.findIndex((x) => typeof x === 'string' && /^[\w.]+\/[\w/]+$/.test(x) && x.includes('.'));
        if (typeIdx < 0 || anyUnknown) return unk(this.src);
        const key = [a[typeIdx], ...a.slice(typeIdx + 1)].map(String).join('/').toLowerCase();
        const addr = this.s.addresses.get(key);
        return unk(this.src, addr);
      }
      case 'reference':
        // reference(resourceId(...)).principalId — the value is runtime, the target is known.
        return unk(this.src, isUnknown(a[0]) ? a[0].ref : undefined);
      case 'concat':
        if (anyUnknown) return unk(this.src, a.map((x) => (isUnknown(x) ? x.ref : undefined)).find(Boolean));
        return a.every(Array.isArray) ? (a as JsonValue[][]).flat() : a.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join('');
      case 'format':
        if (anyUnknown) return unk(this.src);
        return String(a[0]).replace(/\{(\d+)\}/g, (_m, n: string) => String(a[Number(n) + 1] ?? ''));
      case 'tolower':
        return anyUnknown ? unk(this.src) : String(a[0]).toLowerCase();
      case 'toupper':
        return anyUnknown ? unk(this.src) : String(a[0]).toUpperCase();
      case 'if': {
        const c = armBool(a[0]);
        return c === undefined || isUnknown(c) ? unk(this.src) : c ? (a[1] ?? null) : (a[2] ?? null);
      }
      case 'equals':
        return anyUnknown ? unk(this.src) : JSON.stringify(a[0]) === JSON.stringify(a[1]);
      case 'not': {
        const b = armBool(a[0]);
        return b === undefined || isUnknown(b) ? unk(this.src) : !b;
      }
      case 'and':
      case 'or': {
        // One known false decides and(), one known true decides or(), whatever the unknowns are.
        const bs = a.map(armBool);
        const decisive = name === 'or';
        if (bs.includes(decisive)) return decisive;
        return bs.every((b) => b === !decisive) && bs.length > 0 ? !decisive : unk(this.src);
      }
      case 'bool': {
        const b = anyUnknown ? undefined : toBool(a[0]);
        return b === undefined ? unk(this.src) : b;
      }
      case 'string':
        return anyUnknown ? unk(this.src) : String(a[0]);
      default:
        return unk(this.src);
    }
  }
}
