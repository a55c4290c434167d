import type { JsonValue } from '../../../core/asset.js';
import { isUnknown, type Unknown } from '../../../core/cloud-resource.js';
import { absent, evalValue, type Resolver } from './expr.js';
import { isTfSet, tfSet } from './tf-set.js';
import type { TfFile } from './hcl.js';
import { policyDocumentJson } from './policy-document.js';

/** A loaded module directory and, recursively, the local modules it calls. */
export interface ModuleTree {
  files: TfFile[];
  /** Values from terraform.tfvars / *.auto.tfvars (root module only). */
  tfvars: Record<string, JsonValue>;
  children: Map<string, ModuleTree>;
}

/** A Terraform resource after evaluation, before normalisation into a CloudResource. */
export interface TfResource {
  type: string;
  /** Full address (`module.net.aws_s3_bucket.b["x"]`). */
  address: string;
  attributes: { [k: string]: JsonValue };
  attrLines: Record<string, number>;
  file: string;
  line: number;
  module?: string;
  mode: 'managed' | 'data';
}

const META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', 'dynamic']);
type Obj = Record<string, unknown>;
type Decl = { type: string; name: string; body: Obj; file: TfFile };
type Scope = { each?: { key: JsonValue; value: JsonValue }; count?: number; iter?: Record<string, { key: JsonValue; value: JsonValue }> };

const unk = (e: string, ref?: string): Unknown => (ref ? { $unknown: e, ref } : { $unknown: e });
const RESOURCE_TYPE = /^(aws|azurerm|azapi|azuread|google|kubernetes)_[a-z0-9_]+$/;
const first = (v: unknown): Obj => (Array.isArray(v) ? ((v[0] ?? {}) as Obj) : ((v ?? {}) as Obj));

/** Collects the blocks of one kind across the module's files (`resource` → type → name → [body]). */
function blocks2(files: TfFile[], kind: 'resource' | 'data'): Decl[] {
  const out: Decl[] = [];
  for (const f of files) {
    const byType = (f.json[kind] ?? {}) as Record<string, Record<string, unknown>>;
    for (const [type, byName] of Object.entries(byType)) for (const [name, bodies] of Object.entries(byName)) out.push({ type, name, body: first(bodies), file: f });
  }
  return out;
}

function blocks1(files: TfFile[], kind: 'variable' | 'module' | 'output'): Decl[] {
  const out: Decl[] = [];
  for (const f of files) for (const [name, bodies] of Object.entries((f.json[kind] ?? {}) as Obj)) out.push({ type: kind, name, body: first(bodies), file: f });
  return out;
}

/**
 * Evaluates one module: variables (inputs, tfvars, defaults), locals, count/for_each over known
 * values, local child modules (with their inputs) and references between resources. Pure and
 * synchronous; the tree was loaded beforehand.
 */
/**
 * Module instances evaluated per scan of one root: one folder called by many modules (each with
 * count / for_each) multiplies, so past this the rest are not evaluated and the caller says so.
 */
export const MAX_MODULE_INSTANCES = 2000;

/** Shared across one root's evaluation: how many module instances may still be evaluated. */
export interface ModuleBudget {
  left: number;
  truncated: boolean;
}

export function evaluateModule(tree: ModuleTree, inputs: Record<string, JsonValue>, prefix = '', depth = 0, budget: ModuleBudget = { left: MAX_MODULE_INSTANCES, truncated: false }): { resources: TfResource[]; outputs: Record<string, JsonValue>; truncated: boolean } {
  const { files } = tree;
  const vars = new Map<string, JsonValue>();
  for (const v of blocks1(files, 'variable')) if ('default' in v.body) vars.set(v.name, evalValue(v.body.default, () => unk(`var.${v.name}`)));
  for (const [k, v] of Object.entries(tree.tfvars)) vars.set(k, v);
  for (const [k, v] of Object.entries(inputs)) vars.set(k, v);
  // A set-typed variable holds a set whatever list it was given (a dynamic block over it keys by element).
  for (const v of blocks1(files, 'variable')) {
    const val = vars.get(v.name);
    if (Array.isArray(val) && typeof v.body.type === 'string' && /^(\$\{)?\s*set\(/.test(v.body.type)) vars.set(v.name, tfSet(val));
  }

  const localsSrc = new Map<string, unknown>();
  for (const f of files) for (const l of (f.json.locals ?? []) as Obj[]) for (const [k, v] of Object.entries(l)) localsSrc.set(k, v);
  const localVals = new Map<string, JsonValue>();
  const localBusy = new Set<string>();

  const resDecls = blocks2(files, 'resource');
  const dataDecls = blocks2(files, 'data');
  const modDecls = blocks1(files, 'module');
  const resByKey = new Map(resDecls.map((d) => [`${d.type}.${d.name}`, d]));
  const dataByKey = new Map(dataDecls.map((d) => [`${d.type}.${d.name}`, d]));
  const instances = new Map<string, { key?: string | number; scope: Scope }[]>();
  const attrCache = new Map<string, JsonValue>();
  const busy = new Set<string>();
  /** Outputs per module call, per instance key (`undefined` for a call without count / for_each). */
  const modOutputs = new Map<string, Map<string | number | undefined, Record<string, JsonValue>>>();
  const childResources: TfResource[] = [];
  const dataJson = new Map<string, string>();
  const dataBusy = new Set<string>();

  const resolverFor = (scope: Scope): Resolver => (parts, text) => {
    const [root, a, ...rest] = parts;
    const tail = (v: JsonValue, from: (string | number)[]): JsonValue => {
      let cur = v;
      for (const p of from) {
        if (isUnknown(cur)) return unk(text, cur.ref);
        // A key a known value lacks is an error in Terraform (try() skips it): `absent`, not a plain unknown.
        if (cur && typeof cur === 'object') cur = (cur as Record<string, JsonValue>)[String(p)] ?? (Array.isArray(cur) && typeof p === 'string' ? ((cur[0] as Record<string, JsonValue> | undefined)?.[p] ?? absent(text)) : absent(text));
        else return absent(text);
      }
      return cur;
    };
    if (root === 'var' && typeof a === 'string') return vars.has(a) ? tail(vars.get(a)!, rest) : unk(`var.${a}`);
    if (root === 'local' && typeof a === 'string') return tail(local(a), rest);
    if (root === 'each' && scope.each) return a === 'key' ? scope.each.key : tail(scope.each.value, rest);
    if (root === 'count' && a === 'index' && scope.count !== undefined) return scope.count;
    if (typeof root === 'string' && scope.iter?.[root]) return a === 'key' ? scope.iter[root].key : tail(scope.iter[root].value, rest);
    if (root === 'path' || root === 'terraform') return unk(text);
    if (root === 'module' && typeof a === 'string') {
      const insts = modOutputs.get(a);
      const keyed = insts && (typeof rest[0] === 'string' || typeof rest[0] === 'number') && insts.has(rest[0]) && !insts.has(undefined);
      const outs = keyed ? insts.get(rest[0]) : insts?.get(undefined);
      const path = keyed ? rest.slice(1) : rest;
      return outs && typeof path[0] === 'string' && path[0] in outs ? tail(outs[path[0]]!, path.slice(1)) : unk(text, `${prefix}module.${a}`);
    }
    if (root === 'data' && typeof a === 'string' && typeof rest[0] === 'string') {
      const known = dataAttr(`${a}.${rest[0]}`, rest[1]);
      return known ?? unk(text, `${prefix}data.${a}.${rest[0]}`);
    }
    if (typeof root === 'string' && typeof a === 'string' && resByKey.has(`${root}.${a}`)) {
      const insts = expand(`${root}.${a}`);
      let i = 0;
      let attrPath = rest;
      if (typeof rest[0] === 'number' || (typeof rest[0] === 'string' && insts.some((x) => x.key === rest[0]))) {
        i = Math.max(0, insts.findIndex((x) => x.key === rest[0]));
        attrPath = rest.slice(1);
      }
      // `for_each = aws_s3_bucket.many` / `aws_s3_bucket.many[*]`-style uses: the whole collection of
      // instances, each with references for its computed id / arn, so `each.value.id` still links.
      if (!rest.length && insts.length && insts.every((x) => x.key !== undefined)) {
        const inst = (j: number): JsonValue => {
          const at = `${prefix}${root}.${a}${fmtKey(insts[j]!.key!)}`;
          return { id: unk(`${at}.id`, at), arn: unk(`${at}.arn`, at), ...resourceAttrs(`${root}.${a}`, j) };
        };
        return typeof insts[0]!.key === 'number' ? insts.map((_, j) => inst(j)) : Object.fromEntries(insts.map((x, j) => [String(x.key), inst(j)]));
      }
      const inst = insts[i];
      const addr = `${prefix}${root}.${a}${inst?.key === undefined ? '' : fmtKey(inst.key)}`;
      const attrs = inst ? resourceAttrs(`${root}.${a}`, i) : {};
      const v = attrPath.length ? tail(attrs, attrPath) : unk(text, addr);
      return isUnknown(v) ? unk(text, addr) : v;
    }
    // A resource this folder does not declare (a file left out, or one that failed to parse): its
    // attribute is still computed and set, so it is a reference, never an undecided value.
    if (typeof root === 'string' && typeof a === 'string' && RESOURCE_TYPE.test(root)) return unk(text, `${prefix}${root}.${a}`);
    return unk(text);
  };

  /**
   * The data source attributes the code decides: a policy document's `.json` (its body evaluated
   * like a resource's, so `dynamic "statement"` blocks count) and a looked-up policy's literal `arn`.
   * Cached per source; a document that reaches itself through `source_policy_documents` is unknown.
   */
  function dataAttr(key: string, name: string | number | undefined): JsonValue | undefined {
    const d = dataByKey.get(key);
    if (!d) return undefined;
    if (d.type === 'aws_iam_policy' && name === 'arn' && typeof d.body.arn === 'string' && !d.body.arn.includes('${')) return d.body.arn;
    if (d.type !== 'aws_iam_policy_document' || name !== 'json' || 'for_each' in d.body || 'count' in d.body) return undefined;
    const cached = dataJson.get(key);
    if (cached !== undefined) return cached;
    if (dataBusy.has(key)) return undefined;
    dataBusy.add(key);
    const json = policyDocumentJson(evalBody(d.body, {}));
    dataBusy.delete(key);
    dataJson.set(key, json);
    return json;
  }

  function local(name: string): JsonValue {
    if (localVals.has(name)) return localVals.get(name)!;
    if (!localsSrc.has(name) || localBusy.has(name)) return unk(`local.${name}`);
    localBusy.add(name);
    const v = evalValue(localsSrc.get(name), resolverFor({}));
    localBusy.delete(name);
    localVals.set(name, v);
    return v;
  }

  /** The instances `count` / `for_each` make of a resource or module block; one unkeyed instance when neither is known. */
  function instancesOf(body: Obj): { key?: string | number; scope: Scope }[] {
    if ('count' in body) {
      const n = evalValue(body.count, resolverFor({}));
      if (typeof n === 'number' && n >= 0) return Array.from({ length: Math.min(n, 1000) }, (_, i) => ({ key: i, scope: { count: i } }));
    } else if ('for_each' in body) {
      const fe = evalValue(body.for_each, resolverFor({}));
      if (Array.isArray(fe)) return fe.slice(0, 1000).map((v) => ({ key: String(v), scope: { each: { key: String(v), value: v } } }));
      if (fe && typeof fe === 'object' && !isUnknown(fe)) return Object.entries(fe).slice(0, 1000).map(([k, v]) => ({ key: k, scope: { each: { key: k, value: v } } }));
    }
    return [{ scope: {} }];
  }

  function expand(key: string): { key?: string | number; scope: Scope }[] {
    const cached = instances.get(key);
    if (cached) return cached;
    // Placeholder first: a count that refers back to this resource must not recurse.
    instances.set(key, [{ scope: {} }]);
    const out = instancesOf(resByKey.get(key)!.body);
    instances.set(key, out);
    return out;
  }

  function resourceAttrs(key: string, i: number): { [k: string]: JsonValue } {
    const cacheKey = `${key}#${i}`;
    if (attrCache.has(cacheKey)) return attrCache.get(cacheKey) as { [k: string]: JsonValue };
    if (busy.has(cacheKey)) return {};
    busy.add(cacheKey);
    const d = resByKey.get(key)!;
    const scope = expand(key)[i]?.scope ?? {};
    const attrs = evalBody(d.body, scope);
    busy.delete(cacheKey);
    attrCache.set(cacheKey, attrs);
    return attrs;
  }

  function evalBody(body: Obj, scope: Scope, top = true, depth = 0): { [k: string]: JsonValue } {
    const out: { [k: string]: JsonValue } = {};
    const r = resolverFor(scope);
    for (const [k, v] of Object.entries(body)) {
      if (k === 'dynamic' || (top && META.has(k))) continue;
      // Nested blocks (lists of objects) may hold their own dynamic blocks.
      const isBlocks = Array.isArray(v) && v.length > 0 && v.every((x) => x && typeof x === 'object' && !Array.isArray(x));
      out[k] = isBlocks && depth < 12 ? (v as Obj[]).map((b) => evalBody(b, scope, false, depth + 1)) : evalValue(v, r);
    }
    // dynamic "x" { for_each = …; iterator = it; content { … } } → x += [content per element]
    // (hcl2json gives `dynamic: { x: [def] }`; static `x` blocks beside it are kept).
    const dynamic = (body.dynamic ?? {}) as Obj;
    for (const [name, defs] of Object.entries(Array.isArray(dynamic) ? Object.assign({}, ...(dynamic as Obj[])) : dynamic)) {
      for (const d of (Array.isArray(defs) ? defs : [defs]) as Obj[]) {
        const content = first(d.content);
        const fe = evalValue(d.for_each, r);
        const prev = out[name];
        const before = Array.isArray(prev) ? prev : prev === undefined ? [] : [prev];
        if (!Array.isArray(fe) && !(fe && typeof fe === 'object' && !isUnknown(fe))) {
          // for_each the code does not decide: how many blocks exist (none, perhaps) is unknown, so
          // the blocks are one Unknown, never a made-up block that a rule could pass.
          const marker = unk(`dynamic "${name}" for_each = ${isUnknown(fe) ? fe.$unknown : JSON.stringify(fe)}`);
          out[name] = before.length ? [...before, marker] : marker;
          continue;
        }
        // Over a set the key is the element itself; over a list, the index; over a map, the map key.
        const items: [JsonValue, JsonValue][] = Array.isArray(fe) ? fe.map((v, idx) => [isTfSet(fe) ? v : idx, v]) : Object.entries(fe);
        const iterName = typeof d.iterator === 'string' ? d.iterator.replace(/^\$\{|\}$/g, '') : name;
        const made = items.slice(0, 100).map(([key, value]) => evalBody(content, { ...scope, iter: { ...scope.iter, [iterName]: { key, value } } }, false, depth + 1));
        out[name] = [...before, ...made];
      }
    }
    return out;
  }

  // Child modules first, so `module.x.output` resolves in this module's resources.
  if (depth < 6) {
    for (const m of modDecls) {
      const child = tree.children.get(m.name);
      if (!child) continue;
      // count / for_each on a module call: one evaluation per instance, as for resources.
      const outs = new Map<string | number | undefined, Record<string, JsonValue>>();
      modOutputs.set(m.name, outs);
      for (const inst of instancesOf(m.body)) {
        if (budget.left <= 0) {
          budget.truncated = true;
          break;
        }
        budget.left--;
        const r = resolverFor(inst.scope);
        const inputs: Record<string, JsonValue> = {};
        for (const [k, v] of Object.entries(m.body)) if (!['source', 'version', 'providers', 'depends_on', 'count', 'for_each'].includes(k)) inputs[k] = evalValue(v, r);
        const res = evaluateModule(child, inputs, `${prefix}module.${m.name}${inst.key === undefined ? '' : fmtKey(inst.key)}.`, depth + 1, budget);
        outs.set(inst.key, res.outputs);
        childResources.push(...res.resources);
      }
    }
  }

  const resources: TfResource[] = [];
  const emit = (d: Decl, mode: 'managed' | 'data') => {
    const bl = d.file.lines.get(`${mode === 'data' ? 'data' : 'resource'}.${d.type}.${d.name}`);
    const key = `${d.type}.${d.name}`;
    const insts = mode === 'managed' ? expand(key) : [{ scope: {} as Scope, key: undefined }];
    insts.forEach((inst, i) => {
      const attributes = mode === 'managed' ? resourceAttrs(key, i) : evalBody(d.body, {});
      const base = `${prefix}${mode === 'data' ? 'data.' : ''}${key}`;
      resources.push({
        type: d.type,
        address: inst.key === undefined ? base : `${base}${fmtKey(inst.key)}`,
        attributes,
        attrLines: bl?.attrs ?? {},
        file: d.file.path,
        line: bl?.line ?? 1,
        ...(prefix ? { module: prefix.slice(0, -1) } : {}),
        mode,
      });
    });
  };
  for (const d of resDecls) emit(d, 'managed');
  for (const d of dataDecls) emit(d, 'data');

  const outputs: Record<string, JsonValue> = {};
  for (const o of blocks1(files, 'output')) outputs[o.name] = evalValue(o.body.value, resolverFor({}));
  return { resources: [...resources, ...childResources], outputs, truncated: budget.truncated };
}

function fmtKey(k: string | number): string {
  return typeof k === 'number' ? `[${k}]` : `["${k}"]`;
}
