import { parse as parseToml } from 'smol-toml';
import type { ParseResult, ParsedDep } from '../types.js';
import { exactPin, parsePep508 } from './pep508.js';

type Table = Record<string, unknown>;

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pep508List(list: unknown, scope: string | undefined, out: ParsedDep[]): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (typeof item !== 'string') continue;
    const d = parsePep508(item);
    if (d) out.push({ ecosystem: 'pypi', ...d, direct: true, ...(scope ? { scope } : {}) });
  }
}

/** A Poetry / Pipfile dependency value: `"^2.3"`, `{ version = "…", extras = […] }`, or a list of those. */
function poetryDep(name: string, value: unknown, scope: string | undefined, out: ParsedDep[]): void {
  if (name.toLowerCase() === 'python') return;
  const first = Array.isArray(value) ? value[0] : value;
  const dep: ParsedDep = { ecosystem: 'pypi', name, direct: true };
  if (scope) dep.scope = scope;
  if (typeof first === 'string') dep.versionSpec = first;
  else if (isTable(first)) {
    if (typeof first.version === 'string') dep.versionSpec = first.version;
    else if (typeof first.git === 'string') dep.versionSpec = `git+${first.git}`;
    else if (typeof first.path === 'string') dep.versionSpec = `path:${first.path}`;
    if (Array.isArray(first.extras)) dep.extras = first.extras.filter((e): e is string => typeof e === 'string');
    if (typeof first.markers === 'string') dep.marker = first.markers;
  }
  // Poetry's bare `2.3.1` and Pipfile's `==2.3.1` both pin exactly.
  const spec = dep.versionSpec;
  const pin = spec && /^\d[\w.+-]*$/.test(spec) ? spec : exactPin(spec);
  if (pin) dep.version = pin;
  out.push(dep);
}

function poetryTable(t: unknown, scope: string | undefined, out: ParsedDep[]): void {
  if (!isTable(t)) return;
  for (const [name, v] of Object.entries(t)) poetryDep(name, v, scope, out);
}

/** pyproject.toml: PEP 621 `[project]`, PEP 735 `[dependency-groups]`, Poetry, uv dev-dependencies. */
export function parsePyproject(text: string): ParseResult {
  const doc = parseToml(text) as Table;
  const deps: ParsedDep[] = [];
  const project = isTable(doc.project) ? doc.project : {};
  pep508List(project.dependencies, undefined, deps);
  if (isTable(project['optional-dependencies'])) {
    for (const [extra, list] of Object.entries(project['optional-dependencies'])) pep508List(list, `optional:${extra}`, deps);
  }
  if (isTable(doc['dependency-groups'])) {
    for (const [group, list] of Object.entries(doc['dependency-groups'])) pep508List(list, group, deps);
  }
  const tool = isTable(doc.tool) ? doc.tool : {};
  const poetry = isTable(tool.poetry) ? tool.poetry : {};
  poetryTable(poetry.dependencies, undefined, deps);
  poetryTable(poetry['dev-dependencies'], 'dev', deps);
  if (isTable(poetry.group)) {
    for (const [group, g] of Object.entries(poetry.group)) if (isTable(g)) poetryTable(g.dependencies, group, deps);
  }
  const uv = isTable(tool.uv) ? tool.uv : {};
  pep508List(uv['dev-dependencies'], 'dev', deps);
  return { deps };
}

/** Pipfile (TOML): `[packages]` and `[dev-packages]`. */
export function parsePipfile(text: string): ParseResult {
  const doc = parseToml(text) as Table;
  const deps: ParsedDep[] = [];
  poetryTable(doc.packages, undefined, deps);
  poetryTable(doc['dev-packages'], 'dev', deps);
  return { deps };
}

/** poetry.lock: `[[package]]` with name and resolved version; direct-ness is not recorded there. */
export function parsePoetryLock(text: string): ParseResult {
  const doc = parseToml(text) as Table;
  const deps: ParsedDep[] = [];
  for (const p of Array.isArray(doc.package) ? doc.package : []) {
    if (!isTable(p) || typeof p.name !== 'string') continue;
    const dep: ParsedDep = { ecosystem: 'pypi', name: p.name };
    if (typeof p.version === 'string') dep.version = p.version;
    if (typeof p.category === 'string' && p.category !== 'main') dep.scope = p.category;
    deps.push(dep);
  }
  return { deps };
}

/**
 * uv.lock: `[[package]]` entries; the project's own entries (source `editable`/`virtual` = ".")
 * list its direct dependencies, so those are marked direct and the rest transitive.
 */
export function parseUvLock(text: string): ParseResult {
  const doc = parseToml(text) as Table;
  const packages = (Array.isArray(doc.package) ? doc.package : []).filter(isTable);
  const direct = new Set<string>();
  const local = new Set<string>();
  for (const p of packages) {
    const src = isTable(p.source) ? p.source : {};
    if (typeof src.editable === 'string' || typeof src.virtual === 'string') {
      if (typeof p.name === 'string') local.add(p.name);
      const lists = [p.dependencies, ...(isTable(p['dev-dependencies']) ? Object.values(p['dev-dependencies']) : []), ...(isTable(p['optional-dependencies']) ? Object.values(p['optional-dependencies']) : [])];
      for (const list of lists) {
        if (!Array.isArray(list)) continue;
        for (const d of list) if (isTable(d) && typeof d.name === 'string') direct.add(d.name.toLowerCase());
      }
    }
  }
  const deps: ParsedDep[] = [];
  for (const p of packages) {
    if (typeof p.name !== 'string' || local.has(p.name)) continue;
    const dep: ParsedDep = { ecosystem: 'pypi', name: p.name, direct: direct.has(p.name.toLowerCase()) };
    if (typeof p.version === 'string') dep.version = p.version;
    deps.push(dep);
  }
  return { deps };
}

/** Pipfile.lock (JSON): `default` and `develop` maps of name → `{ version: "==x" }`. */
export function parsePipfileLock(text: string): ParseResult {
  const doc = JSON.parse(text) as unknown;
  const deps: ParsedDep[] = [];
  if (!isTable(doc)) throw new Error('not a JSON object');
  for (const section of ['default', 'develop'] as const) {
    const t = doc[section];
    if (!isTable(t)) continue;
    for (const [name, v] of Object.entries(t)) {
      const dep: ParsedDep = { ecosystem: 'pypi', name };
      if (section === 'develop') dep.scope = 'dev';
      const version = isTable(v) && typeof v.version === 'string' ? exactPin(v.version) : undefined;
      if (version) dep.version = version;
      deps.push(dep);
    }
  }
  return { deps };
}
