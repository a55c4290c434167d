import YAML from 'yaml';
import { assertYamlSize } from '../../shared/yaml-limit.js';
import type { ParseResult, ParsedDep } from '../types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const EXACT_SEMVER = /^v?(\d+\.\d+\.\d+(?:[-+][\w.+-]*)?)$/;

const SECTIONS: [string, string | undefined][] = [
  ['dependencies', undefined],
  ['devDependencies', 'dev'],
  ['peerDependencies', 'peer'],
  ['optionalDependencies', 'optional'],
];

/** package.json: the four dependency maps, with the spec as written (exact versions count as pinned). */
export function parsePackageJson(text: string): ParseResult {
  const doc = JSON.parse(text) as unknown;
  if (!isObj(doc)) throw new Error('not a JSON object');
  const deps: ParsedDep[] = [];
  for (const [section, scope] of SECTIONS) {
    const t = doc[section];
    if (!isObj(t)) continue;
    for (const [name, spec] of Object.entries(t)) {
      const dep: ParsedDep = { ecosystem: 'npm', name, direct: true };
      if (scope) dep.scope = scope;
      if (typeof spec === 'string') {
        dep.versionSpec = spec;
        const m = EXACT_SEMVER.exec(spec.trim());
        if (m) dep.version = m[1]!;
      }
      deps.push(dep);
    }
  }
  return { deps };
}

function rootDepNames(root: unknown): Set<string> {
  const names = new Set<string>();
  if (!isObj(root)) return names;
  for (const [section] of SECTIONS) {
    const t = root[section];
    if (isObj(t)) for (const n of Object.keys(t)) names.add(n);
  }
  return names;
}

/**
 * package-lock.json / npm-shrinkwrap.json, lockfileVersion 1 (nested `dependencies`) and 2/3
 * (flat `packages` keyed by `node_modules/…` paths). Direct = a top-level install the root declares.
 */
export function parsePackageLock(text: string): ParseResult {
  const doc = JSON.parse(text) as unknown;
  if (!isObj(doc)) throw new Error('not a JSON object');
  const deps: ParsedDep[] = [];
  if (isObj(doc.packages)) {
    const direct = rootDepNames(doc.packages['']);
    for (const [key, v] of Object.entries(doc.packages)) {
      const at = key.lastIndexOf('node_modules/');
      if (at < 0 || !isObj(v) || v.link === true) continue;
      const name = key.slice(at + 'node_modules/'.length);
      const dep: ParsedDep = { ecosystem: 'npm', name, direct: at === 0 && direct.has(name) };
      if (typeof v.version === 'string') dep.version = v.version;
      if (v.dev === true) dep.scope = 'dev';
      deps.push(dep);
    }
    return { deps };
  }
  // v1: a nested tree; the top level holds direct and hoisted transitive packages alike.
  const walk = (t: unknown, depth: number) => {
    if (!isObj(t) || depth > 64) return;
    for (const [name, v] of Object.entries(t)) {
      if (!isObj(v)) continue;
      const dep: ParsedDep = { ecosystem: 'npm', name };
      if (depth > 0) dep.direct = false;
      if (typeof v.version === 'string' && EXACT_SEMVER.test(v.version)) dep.version = v.version;
      if (v.dev === true) dep.scope = 'dev';
      deps.push(dep);
      walk(v.dependencies, depth + 1);
    }
  };
  walk(doc.dependencies, 0);
  return { deps };
}

/** `/name/1.2.3`, `/name@1.2.3(peer@x)`, `name@1.2.3`, `/@scope/name/1.2.3_peer@x` → name + version. */
function pnpmKey(key: string): { name: string; version?: string } | undefined {
  // pnpm v5: `/name/1.2.3` or `/@scope/name/1.2.3_peer@x` (the peer suffix may contain `@`).
  const v5 = /^\/((?:@[^/]+\/)?[^/@]+)\/(\d[^/_(]*)/.exec(key);
  if (v5) return { name: v5[1]!, version: v5[2]! };
  let k = key.startsWith('/') ? key.slice(1) : key;
  k = k.replace(/\(.*$/, '');
  const at = k.lastIndexOf('@');
  if (at > 0) {
    const v = k.slice(at + 1).replace(/_.*$/, '');
    return { name: k.slice(0, at), version: v };
  }
  // pnpm v5: `name/version` (or `@scope/name/version`).
  const slash = k.lastIndexOf('/');
  if (slash <= 0) return undefined;
  return { name: k.slice(0, slash), version: k.slice(slash + 1).replace(/_.*$/, '') };
}

/** pnpm-lock.yaml (lockfile v5.x, v6 and v9): `importers` (or root) for direct deps, `packages` for all. */
export function parsePnpmLock(text: string): ParseResult {
  assertYamlSize(text);
  const doc = YAML.parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!isObj(data)) return { deps: [] };
  const direct = new Map<string, { spec?: string; version?: string; scope?: string }>();
  const importers = isObj(data.importers) ? Object.values(data.importers) : [data];
  for (const imp of importers) {
    if (!isObj(imp)) continue;
    for (const [section, scope] of SECTIONS) {
      const t = imp[section];
      if (!isObj(t)) continue;
      for (const [name, v] of Object.entries(t)) {
        const entry: { spec?: string; version?: string; scope?: string } = {};
        if (scope) entry.scope = scope;
        const ver = isObj(v) ? v.version : v;
        if (isObj(v) && typeof v.specifier === 'string') entry.spec = v.specifier;
        if (typeof ver === 'string') entry.version = ver.replace(/\(.*$/, '').replace(/_.*$/, '');
        else if (typeof ver === 'number') entry.version = String(ver);
        if (!direct.has(name)) direct.set(name, entry);
      }
    }
  }
  if (isObj(data.specifiers)) {
    for (const [name, spec] of Object.entries(data.specifiers)) {
      const e = direct.get(name);
      if (e && typeof spec === 'string') e.spec = spec;
    }
  }
  const deps: ParsedDep[] = [];
  const seen = new Set<string>();
  for (const [name, e] of direct) {
    const dep: ParsedDep = { ecosystem: 'npm', name, direct: true };
    if (e.spec) dep.versionSpec = e.spec;
    if (e.version && /^\d/.test(e.version)) dep.version = e.version;
    if (e.scope) dep.scope = e.scope;
    deps.push(dep);
    seen.add(name);
  }
  if (isObj(data.packages)) {
    for (const key of Object.keys(data.packages)) {
      const p = pnpmKey(key);
      if (!p || seen.has(p.name)) continue;
      seen.add(p.name);
      deps.push({ ecosystem: 'npm', name: p.name, direct: false, ...(p.version ? { version: p.version } : {}) });
    }
  }
  return { deps };
}

/** Name of a yarn descriptor: `@scope/name@npm:^1.0.0` → `@scope/name`. */
function yarnName(descriptor: string): string | undefined {
  const d = descriptor.trim().replace(/^"|"$/g, '');
  const at = d.indexOf('@', 1);
  return at > 0 ? d.slice(0, at) : undefined;
}

/**
 * yarn.lock, classic (v1: `name@^1:` / `  version "1.2.3"`) and berry (YAML: `"name@npm:^1":` /
 * `  version: 1.2.3`). Read line by line: both put the descriptor list at column 0.
 */
export function parseYarnLock(text: string): ParseResult {
  const deps: ParsedDep[] = [];
  const lines = text.split(/\r?\n/);
  let current: { names: string[]; line: number; workspace: boolean } | undefined;
  const seen = new Set<string>();
  let headers = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l || l.startsWith('#')) continue;
    if (!/^\s/.test(l)) {
      current = undefined;
      if (!l.endsWith(':') || l.startsWith('__metadata')) continue;
      headers++;
      const descs = l.slice(0, -1).split(/,\s*/);
      const names = [...new Set(descs.map(yarnName).filter((n): n is string => !!n))];
      current = { names, line: i + 1, workspace: descs.some((d) => /@(workspace|link|portal):/.test(d)) };
      continue;
    }
    const v = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(l);
    if (v && current && !current.workspace) {
      for (const name of current.names) {
        const key = `${name}@${v[1]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        deps.push({ ecosystem: 'npm', name, version: v[1]!, line: current.line });
      }
      current = undefined;
    }
  }
  if (headers === 0 && text.trim() && !/^#/m.test(text)) throw new Error('no yarn.lock entries found');
  return { deps };
}
