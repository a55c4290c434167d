import type { JsonValue } from '../../../core/asset.js';
import { isUnknown, type Unknown } from '../../../core/cloud-resource.js';
import { tfSet } from './tf-set.js';

/**
 * A small, bounded evaluator for the Terraform expressions `@cdktf/hcl2json` leaves as `${…}`
 * strings. It understands literals, objects, tuples, references, a handful of pure functions,
 * conditionals and comparisons — enough for variables, locals and `jsonencode` policies. Anything
 * else becomes an {@link Unknown} naming the expression, so rules answer `manual` instead of guessing.
 * It never calls out: `file()` and friends are unknown by design (no I/O, no eval).
 */

/** Resolves a traversal (`var.x`, `aws_iam_role.r.arn`, `each.value`) to a value. */
export type Resolver = (parts: (string | number)[], text: string) => JsonValue;

type Tok = { t: 'num' | 'str' | 'id' | 'op' | 'tpl'; v: string; parts?: TplPart[] };
type TplPart = { lit: string } | { expr: string };

const unknown = (expr: string, ref?: string): Unknown => (ref ? { $unknown: expr, ref } : { $unknown: expr });

/**
 * Unknowns standing for a key or attribute that a *known* value does not have: an error in
 * Terraform, which `try()` skips to its next argument. Any other unknown (an unset variable) is a
 * value Terraform will have, so `try()` must return it, not its fallback. Marked by identity, so
 * they serialise like every other unknown.
 */
const ABSENT = new WeakSet<object>();

/** An unknown for a lookup that fails on a known value (see {@link ABSENT}). */
export function absent(expr: string): Unknown {
  const u = unknown(expr);
  ABSENT.add(u);
  return u;
}

/** Splits a template string into literal and `${…}` parts, honouring nested braces and quotes. */
export function splitTemplate(s: string): TplPart[] {
  const parts: TplPart[] = [];
  let lit = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] === '$' && s[i + 1] === '$' && s[i + 2] === '{') {
      lit += '${';
      i += 3;
      continue;
    }
    if (s[i] === '$' && s[i + 1] === '{') {
      let depth = 1;
      let j = i + 2;
      let q: string | null = null;
      while (j < s.length && depth > 0) {
        const c = s[j]!;
        if (q) {
          if (c === '\\') j++;
          else if (c === q) q = null;
        } else if (c === '"') q = c;
        else if (c === '{') depth++;
        else if (c === '}') depth--;
        j++;
      }
      if (lit) parts.push({ lit });
      lit = '';
      parts.push({ expr: s.slice(i + 2, j - 1) });
      i = j;
      continue;
    }
    if (s[i] === '%' && s[i + 1] === '{') {
      // Template directives (%{ if }) are not evaluated: the whole string is unknown.
      parts.push({ expr: '%{' });
      i += 2;
      continue;
    }
    lit += s[i];
    i++;
  }
  if (lit) parts.push({ lit });
  return parts;
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let raw = '';
      let depth = 0;
      while (j < src.length) {
        const d = src[j]!;
        if (d === '\\' && depth === 0) {
          const n = src[j + 1];
          raw += n === 'n' ? '\n' : n === 't' ? '\t' : n === '"' ? '"' : n === '\\' ? '\\' : `\\${n ?? ''}`;
          j += 2;
          continue;
        }
        if (d === '$' && src[j + 1] === '{') depth++;
        else if (d === '}' && depth > 0) depth--;
        else if (d === '"' && depth === 0) break;
        raw += d;
        j++;
      }
      out.push({ t: 'tpl', v: raw, parts: splitTemplate(raw) });
      i = j + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||', '=>', '..'].includes(two)) {
      if (two === '..' && src[i + 2] === '.') {
        out.push({ t: 'op', v: '...' });
        i += 3;
        continue;
      }
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    out.push({ t: 'op', v: c });
    i++;
  }
  return out;
}

class Unsupported extends Error {}

/** Limits recursion on hostile input. */
const MAX_DEPTH = 64;

class Parser {
  private i = 0;
  private depth = 0;
  /** Names bound by enclosing `for` expressions (innermost last). */
  private bound: Record<string, JsonValue>[] = [];
  constructor(
    private readonly toks: Tok[],
    private readonly src: string,
    private readonly resolve: Resolver,
  ) {}

  private peek(v?: string): Tok | undefined {
    const t = this.toks[this.i];
    if (v === undefined) return t;
    return t && t.v === v && (t.t === 'op' || t.t === 'id') ? t : undefined;
  }
  private eat(v: string): boolean {
    if (this.peek(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(v: string): void {
    if (!this.eat(v)) throw new Unsupported(`expected ${v}`);
  }

  parseAll(): JsonValue {
    const v = this.expr();
    if (this.i < this.toks.length) throw new Unsupported('trailing tokens');
    return v;
  }

  expr(): JsonValue {
    if (++this.depth > MAX_DEPTH) throw new Unsupported('too deep');
    try {
      const cond = this.or();
      if (this.eat('?')) {
        const a = this.expr();
        this.expect(':');
        const b = this.expr();
        if (isUnknown(cond)) return unknown(this.src);
        return cond ? a : b;
      }
      return cond;
    } finally {
      this.depth--;
    }
  }

  private or(): JsonValue {
    let l = this.and();
    while (this.eat('||')) {
      const r = this.and();
      l = isUnknown(l) || isUnknown(r) ? (l === true || r === true ? true : unknown(this.src)) : Boolean(l) || Boolean(r);
    }
    return l;
  }
  private and(): JsonValue {
    let l = this.cmp();
    while (this.eat('&&')) {
      const r = this.cmp();
      l = isUnknown(l) || isUnknown(r) ? (l === false || r === false ? false : unknown(this.src)) : Boolean(l) && Boolean(r);
    }
    return l;
  }
  private cmp(): JsonValue {
    let l = this.add();
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'op' || !['==', '!=', '<', '>', '<=', '>='].includes(t.v)) return l;
      this.i++;
      const r = this.add();
      if (isUnknown(l) || isUnknown(r)) {
        l = unknown(this.src);
        continue;
      }
      switch (t.v) {
        case '==': l = JSON.stringify(l) === JSON.stringify(r); break;
        case '!=': l = JSON.stringify(l) !== JSON.stringify(r); break;
        case '<': l = Number(l) < Number(r); break;
        case '>': l = Number(l) > Number(r); break;
        case '<=': l = Number(l) <= Number(r); break;
        default: l = Number(l) >= Number(r);
      }
    }
  }
  private add(): JsonValue {
    let l = this.mul();
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'op' || (t.v !== '+' && t.v !== '-')) return l;
      this.i++;
      const r = this.mul();
      l = isUnknown(l) || isUnknown(r) ? unknown(this.src) : t.v === '+' ? Number(l) + Number(r) : Number(l) - Number(r);
    }
  }
  private mul(): JsonValue {
    let l = this.unary();
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'op' || !['*', '/', '%'].includes(t.v)) return l;
      this.i++;
      const r = this.unary();
      l = isUnknown(l) || isUnknown(r) ? unknown(this.src) : t.v === '*' ? Number(l) * Number(r) : t.v === '/' ? Number(l) / Number(r) : Number(l) % Number(r);
    }
  }
  private unary(): JsonValue {
    if (this.eat('!')) {
      const v = this.unary();
      return isUnknown(v) ? unknown(this.src) : !v;
    }
    if (this.eat('-')) {
      const v = this.unary();
      return isUnknown(v) ? unknown(this.src) : -Number(v);
    }
    return this.postfix();
  }

  private postfix(): JsonValue {
    const t = this.peek();
    if (!t) throw new Unsupported('unexpected end');
    // A traversal rooted at an identifier that is not a function call: collect it whole so the
    // resolver sees `aws_iam_role.r.arn` and can link resources.
    if (t.t === 'id' && !['true', 'false', 'null', 'for'].includes(t.v) && this.toks[this.i + 1]?.v !== '(') {
      const startTok = this.i;
      this.i++;
      const parts: (string | number)[] = [t.v];
      for (;;) {
        if (this.peek('.') && this.toks[this.i + 1]?.t === 'id') {
          parts.push(this.toks[this.i + 1]!.v);
          this.i += 2;
        } else if (this.peek('.') && this.toks[this.i + 1]?.t === 'num') {
          parts.push(Number(this.toks[this.i + 1]!.v));
          this.i += 2;
        } else if (this.peek('.') && this.toks[this.i + 1]?.v === '*') {
          throw new Unsupported('splat');
        } else if (this.peek('[')) {
          this.i++;
          if (this.peek('*')) throw new Unsupported('splat');
          const k = this.expr();
          this.expect(']');
          if (typeof k === 'string' || typeof k === 'number') parts.push(k);
          else return unknown(this.src);
        } else break;
      }
      const text = this.toks.slice(startTok, this.i).map((x) => (x.t === 'tpl' ? JSON.stringify(x.v) : x.v)).join('');
      return this.scoped()(parts, text);
    }
    let v = this.primary();
    for (;;) {
      if (this.peek('.') && this.toks[this.i + 1]?.t === 'id') {
        const k = this.toks[this.i + 1]!.v;
        this.i += 2;
        v = index(v, k, this.src);
      } else if (this.peek('[')) {
        this.i++;
        const k = this.expr();
        this.expect(']');
        v = isUnknown(k) ? unknown(this.src) : index(v, k as string | number, this.src);
      } else return v;
    }
  }

  private primary(): JsonValue {
    const t = this.toks[this.i++];
    if (!t) throw new Unsupported('unexpected end');
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'tpl') return evalTemplate(t.parts ?? [], this.scoped(), t.v);
    if (t.t === 'id') {
      if (t.v === 'true') return true;
      if (t.v === 'false') return false;
      if (t.v === 'null') return null;
      if (this.eat('(')) return this.call(t.v);
      throw new Unsupported(`identifier ${t.v}`);
    }
    if (t.v === '(') {
      const v = this.expr();
      this.expect(')');
      return v;
    }
    if (t.v === '[') {
      if (this.peek('for')) return this.forExpr(']');
      const arr: JsonValue[] = [];
      while (!this.eat(']')) {
        arr.push(this.expr());
        this.eat(',');
      }
      return arr;
    }
    if (t.v === '{') {
      if (this.peek('for')) return this.forExpr('}');
      const obj: { [k: string]: JsonValue } = {};
      while (!this.eat('}')) {
        const kt = this.toks[this.i];
        let key: JsonValue;
        if (kt?.t === 'id' && (this.toks[this.i + 1]?.v === '=' || this.toks[this.i + 1]?.v === ':')) {
          key = kt.v;
          this.i++;
        } else if (kt?.t === 'tpl') {
          this.i++;
          key = evalTemplate(kt.parts ?? [], this.scoped(), kt.v);
        } else {
          key = this.expr();
        }
        if (!this.eat('=')) this.expect(':');
        const val = this.expr();
        this.eat(',');
        if (typeof key === 'string' || typeof key === 'number') obj[String(key)] = val;
        else return unknown(this.src);
      }
      return obj;
    }
    throw new Unsupported(`token ${t.v}`);
  }

  /** The resolver with the names of enclosing `for` expressions first (templates inside a body see them too). */
  private scoped(): Resolver {
    if (!this.bound.length) return this.resolve;
    const bound = this.bound.map((b) => ({ ...b }));
    return (parts, text) => {
      const own = bound.findLast((b) => typeof parts[0] === 'string' && parts[0] in b);
      return own ? parts.slice(1).reduce<JsonValue>((v, k) => index(v, k, text), own[parts[0] as string]!) : this.resolve(parts, text);
    };
  }

  /**
   * `[for x in coll : body if cond]` / `{for k, v in coll : key => value if cond}`: the body's tokens
   * are parsed once per element with the names bound (bounded to 1000 elements). An unknown
   * collection, condition or key makes the whole result unknown; grouping (`...`) is not supported.
   */
  private forExpr(close: ']' | '}'): JsonValue {
    this.i++;
    const names: string[] = [];
    do {
      const t = this.toks[this.i++];
      if (t?.t !== 'id') throw new Unsupported('for without a name');
      names.push(t.v);
    } while (this.eat(','));
    if (names.length > 2) throw new Unsupported('for with more than two names');
    this.expect('in');
    const coll = this.expr();
    this.expect(':');
    const start = this.i;
    const entries: [JsonValue, JsonValue][] = isUnknown(coll) ? [] : Array.isArray(coll) ? coll.map((v, i) => [i, v]) : coll && typeof coll === 'object' ? Object.entries(coll) : [];
    const one = (k: JsonValue, v: JsonValue): { key?: JsonValue; value: JsonValue; keep: JsonValue } => {
      this.i = start;
      this.bound.push(names.length === 2 ? { [names[0]!]: k, [names[1]!]: v } : { [names[0]!]: v });
      try {
        const key = close === '}' ? this.expr() : undefined;
        if (close === '}') this.expect('=>');
        const value = this.expr();
        if (this.peek('...')) throw new Unsupported('for grouping');
        const keep = this.eat('if') ? this.expr() : true;
        this.expect(close);
        return { key, value, keep };
      } finally {
        this.bound.pop();
      }
    };
    // Parsed once with unknown names when there is nothing to iterate, so the tokens are consumed.
    if (isUnknown(coll) || !entries.length) {
      one(unknown('for'), unknown('for'));
      return isUnknown(coll) ? unknown(this.src, coll.ref) : close === ']' ? [] : {};
    }
    const arr: JsonValue[] = [];
    const obj: { [k: string]: JsonValue } = {};
    for (const [k, v] of entries.slice(0, 1000)) {
      if (--forSteps < 0) throw new Unsupported('for expressions past their step budget');
      const r = one(k, v);
      if (isUnknown(r.keep) || (close === '}' && (isUnknown(r.key) || (typeof r.key !== 'string' && typeof r.key !== 'number')))) {
        this.i = start;
        one(unknown('for'), unknown('for'));
        return unknown(this.src);
      }
      if (!r.keep) continue;
      if (close === ']') arr.push(r.value);
      else obj[String(r.key)] = r.value;
    }
    return close === ']' ? arr : obj;
  }

  private call(name: string): JsonValue {
    const args: JsonValue[] = [];
    let expand = false;
    while (!this.eat(')')) {
      args.push(this.expr());
      if (this.eat('...')) expand = true;
      this.eat(',');
    }
    if (expand) {
      const last = args.pop();
      if (!Array.isArray(last)) return unknown(this.src);
      args.push(...last);
    }
    return callFunction(name, args, this.src);
  }
}

function index(v: JsonValue, k: string | number, src: string): JsonValue {
  if (isUnknown(v)) return unknown(src, v.ref);
  if (Array.isArray(v) && typeof k === 'number') return v[k] ?? absent(src);
  if (v && typeof v === 'object' && !Array.isArray(v)) return (v as Record<string, JsonValue>)[String(k)] ?? absent(src);
  return absent(src);
}

/** True when a value has an unknown anywhere inside it. */
export function containsUnknown(v: JsonValue): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === 'object') return Object.values(v).some(containsUnknown);
  return false;
}

function str(v: JsonValue): string {
  return typeof v === 'string' ? v : v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function callFunction(name: string, a: JsonValue[], src: string): JsonValue {
  // jsonencode keeps unknown leaves as sentinel objects inside the JSON text, so a policy with one
  // unknown ARN is still readable statement by statement.
  if (name === 'jsonencode') return JSON.stringify(a[0] ?? null);
  // try() falls back only past errors (a missing key); an unset variable is a value it returns.
  if (name === 'try') return a.find((x) => !isUnknown(x) || !ABSENT.has(x)) ?? unknown(src);
  if (name === 'coalesce') {
    for (const x of a) {
      if (isUnknown(x)) return unknown(src);
      if (x !== null && x !== '') return x;
    }
    return null;
  }
  if (a.some((x) => isUnknown(x))) return unknown(src);
  switch (name) {
    case 'jsondecode':
      try {
        return JSON.parse(str(a[0] ?? '')) as JsonValue;
      } catch {
        return unknown(src);
      }
    case 'tostring': return str(a[0] ?? null);
    case 'tonumber': return Number(a[0]);
    case 'tobool': return a[0] === true || a[0] === 'true';
    case 'toset': return Array.isArray(a[0]) ? tfSet(a[0]) : (a[0] ?? null);
    // A list made from a set is a list again (keyed by index).
    case 'tolist': return Array.isArray(a[0]) ? [...a[0]] : (a[0] ?? null);
    case 'tomap': return a[0] ?? null;
    case 'lower': return str(a[0] ?? '').toLowerCase();
    case 'upper': return str(a[0] ?? '').toUpperCase();
    case 'trimspace': return str(a[0] ?? '').trim();
    case 'join': return Array.isArray(a[1]) ? a[1].map(str).join(str(a[0] ?? '')) : unknown(src);
    case 'split': return str(a[1] ?? '').split(str(a[0] ?? ''));
    case 'replace': return str(a[0] ?? '').split(str(a[1] ?? '')).join(str(a[2] ?? ''));
    case 'format': {
      let k = 1;
      return str(a[0] ?? '').replace(/%[sdv]/g, () => str(a[k++] ?? ''));
    }
    case 'concat': return a.flatMap((x) => (Array.isArray(x) ? x : [x]));
    case 'flatten': {
      const flat = (x: JsonValue): JsonValue[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);
      return flat(a[0] ?? []);
    }
    case 'distinct': return Array.isArray(a[0]) ? [...new Map(a[0].map((x) => [JSON.stringify(x), x])).values()] : unknown(src);
    case 'merge': return Object.assign({}, ...a.filter((x) => x && typeof x === 'object' && !Array.isArray(x))) as JsonValue;
    case 'lookup': {
      const m = a[0];
      if (!m || typeof m !== 'object' || Array.isArray(m)) return unknown(src);
      const k = str(a[1] ?? '');
      // The default may be null (`lookup(m, "kms", null)`): that is the value, not an unknown.
      if (k in m) return (m as Record<string, JsonValue>)[k]!;
      return a.length > 2 ? a[2]! : absent(src);
    }
    case 'element': return Array.isArray(a[0]) && a[0].length ? a[0][Number(a[1]) % a[0].length]! : unknown(src);
    case 'length': return Array.isArray(a[0]) ? a[0].length : a[0] && typeof a[0] === 'object' ? Object.keys(a[0]).length : str(a[0] ?? '').length;
    case 'keys': return a[0] && typeof a[0] === 'object' && !Array.isArray(a[0]) ? Object.keys(a[0]).sort() : unknown(src);
    case 'values': return a[0] && typeof a[0] === 'object' && !Array.isArray(a[0]) ? Object.values(a[0]) : unknown(src);
    case 'contains': return Array.isArray(a[0]) && a[0].some((x) => JSON.stringify(x) === JSON.stringify(a[1]));
    case 'max': return Math.max(...a.map(Number));
    case 'min': return Math.min(...a.map(Number));
    default: return unknown(src);
  }
}

/** Stands in for an unknown interpolation inside JSON-looking template text (private-use code points, never in real policies). */
const HOLE = /\uE000(\d+)\uE001/g;

/**
 * JSON text with holes (a heredoc policy with `${aws_s3_bucket.b.arn}` in it) → the same JSON with
 * each hole an unknown sentinel, as jsonencode() gives, so the policy stays readable statement by
 * statement. Undefined when the text is not JSON.
 */
function jsonWithHoles(text: string, holes: Unknown[]): string | undefined {
  const t = text.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return undefined;
  }
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = /^\uE000(\d+)\uE001$/.exec(v);
      if (whole) return holes[Number(whole[1])];
      if (!v.includes('\uE000')) return v;
      const first = holes[Number(/\uE000(\d+)\uE001/.exec(v)![1])];
      return unknown(v.replace(HOLE, (_m, i: string) => `\${${holes[Number(i)]!.$unknown}}`), first?.ref);
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(HOLE, (_m, i: string) => `\${${holes[Number(i)]!.$unknown}}`), fill(x)]));
    return v;
  };
  return JSON.stringify(fill(parsed));
}

function evalTemplate(parts: TplPart[], resolve: Resolver, whole: string): JsonValue {
  if (parts.length === 1 && 'expr' in parts[0]!) return evalExpression(parts[0].expr, resolve);
  let out = '';
  const holes: Unknown[] = [];
  let opaque: JsonValue | undefined;
  for (const p of parts) {
    if ('lit' in p) out += p.lit;
    else {
      const v = evalExpression(p.expr, resolve);
      if (isUnknown(v) && p.expr !== '%{') {
        out += `\uE000${holes.length}\uE001`;
        holes.push(v);
      } else if (containsUnknown(v) || isUnknown(v)) {
        opaque = v;
        break;
      } else out += str(v);
    }
  }
  if (!holes.length && opaque === undefined) return out;
  const json = opaque === undefined ? jsonWithHoles(out, holes) : undefined;
  if (json !== undefined) return json;
  const ref = (isUnknown(opaque) ? opaque.ref : undefined) ?? holes.find((h) => h.ref)?.ref;
  return ref ? unknown(whole, ref) : unknown(whole);
}

/**
 * `for` bodies evaluated per outermost expression, nested ones and templates included: nested `for`s
 * over large tfvars lists multiply, and evaluation is synchronous, so one counter bounds them all.
 */
const MAX_FOR_STEPS = 20_000;
let forSteps = 0;
let evalDepth = 0;

/** Evaluates one expression (the text inside `${…}`); never throws. */
export function evalExpression(src: string, resolve: Resolver): JsonValue {
  if (src === '%{') return unknown(src);
  if (evalDepth === 0) forSteps = MAX_FOR_STEPS;
  evalDepth++;
  try {
    return new Parser(tokenize(src), src.trim(), resolve).parseAll();
  } catch {
    return unknown(src.trim());
  } finally {
    evalDepth--;
  }
}

/** Evaluates a string value from hcl2json: a plain string, one `${expr}`, or a template. */
export function evalString(s: string, resolve: Resolver): JsonValue {
  if (!s.includes('${') && !s.includes('%{')) return s;
  return evalTemplate(splitTemplate(s), resolve, s);
}

/** Deeply evaluates a hcl2json value. */
export function evalValue(v: unknown, resolve: Resolver, depth = 0): JsonValue {
  if (depth > MAX_DEPTH) return unknown('(too deep)');
  if (typeof v === 'string') return evalString(v, resolve);
  if (Array.isArray(v)) return v.map((x) => evalValue(x, resolve, depth + 1));
  if (v && typeof v === 'object') {
    const o: { [k: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) o[k] = evalValue(x, resolve, depth + 1);
    return o;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
  return null;
}
