import YAML from 'yaml';
import type { ParseResult, ParsedDep } from '../types.js';
import { parsePep508 } from './pep508.js';
import { assertYamlSize } from '../../shared/yaml-limit.js';

/**
 * setup.cfg: `[options] install_requires` and `[options.extras_require]`, INI values continued on
 * indented lines. A tiny INI reader: setuptools' format needs nothing more.
 */
export function parseSetupCfg(text: string): ParseResult {
  const deps: ParsedDep[] = [];
  let section = '';
  let key: string | undefined;
  const lines = text.split(/\r?\n/);
  const take = (value: string, line: number) => {
    if (!key) return;
    const wanted = section === 'options' ? key === 'install_requires' : section === 'options.extras_require';
    if (!wanted) return;
    const d = parsePep508(value.replace(/\s[#;].*$/, ''));
    if (d) deps.push({ ecosystem: 'pypi', ...d, direct: true, line, ...(section === 'options.extras_require' ? { scope: `optional:${key}` } : {}) });
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (/^\s*[#;]/.test(raw) || !raw.trim()) continue;
    const sec = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (sec) {
      section = sec[1]!.trim();
      key = undefined;
      continue;
    }
    if (/^\s/.test(raw)) {
      take(raw.trim(), i + 1);
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv) continue;
    key = kv[1]!.trim();
    if (kv[2]!.trim()) take(kv[2]!.trim(), i + 1);
  }
  return { deps };
}

/** A conda match spec: `pytorch=2.3.0=py3.11_cuda12`, `numpy>=1.26`, `conda-forge::faiss-cpu`. */
function condaSpec(spec: string): ParsedDep | undefined {
  const s = spec.trim().replace(/^[\w.-]+::/, '');
  const m = /^([A-Za-z0-9_.-]+)\s*(.*)$/.exec(s);
  if (!m) return undefined;
  const dep: ParsedDep = { ecosystem: 'conda', name: m[1]!, direct: true };
  const rest = m[2]!.trim();
  if (rest) {
    dep.versionSpec = rest;
    // `=2.3.0` / `==2.3.0` (optionally `=build`) pins; `=2.3` or `2.3.*` is a prefix match.
    const pin = /^==?(\d[\w.+!]*)(?:=\S+)?$/.exec(rest) ?? /^(\d[\w.+!]*)$/.exec(rest);
    if (pin && !pin[1]!.endsWith('*') && pin[1]!.split('.').length >= 3) dep.version = pin[1]!;
  }
  return dep;
}

/** Conda environment.yml: `dependencies` (conda specs) plus a `pip:` sub-list of PEP 508 strings. */
export function parseCondaEnv(text: string): ParseResult {
  assertYamlSize(text);
  const doc = YAML.parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const deps: ParsedDep[] = [];
  if (!data || typeof data !== 'object') return { deps };
  const list = (data as Record<string, unknown>).dependencies;
  if (!Array.isArray(list)) return { deps };
  for (const item of list) {
    if (typeof item === 'string') {
      const d = condaSpec(item);
      if (d) deps.push(d);
    } else if (item && typeof item === 'object' && Array.isArray((item as Record<string, unknown>).pip)) {
      for (const p of (item as Record<string, unknown[]>).pip!) {
        if (typeof p !== 'string') continue;
        const d = parsePep508(p);
        if (d) deps.push({ ecosystem: 'pypi', ...d, direct: true, scope: 'pip' });
      }
    }
  }
  return { deps };
}

/** String literals at `wantDepth` of the bracketed Python literal starting at `open`; undefined when unbalanced. */
function listStrings(text: string, open: number, wantDepth: number): { items: { value: string; offset: number }[]; end: number } | undefined {
  const items: { value: string; offset: number }[] = [];
  let depth = 0;
  for (let i = open; i < text.length && i < open + 200_000; i++) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return undefined;
      if (depth === wantDepth) items.push({ value: text.slice(i + 1, end), offset: i });
      i = end;
    } else if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') {
      depth--;
      if (depth === 0) return { items, end: i };
    }
  }
  return undefined;
}

/**
 * setup.py, read as text, never run: the string literals of `install_requires=[…]` and of each list
 * in `extras_require={…}`. Requirements built by code (variables, comprehensions) are not seen.
 */
export function parseSetupPy(text: string): ParseResult {
  const deps: ParsedDep[] = [];
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  for (const m of text.matchAll(/\b(install_requires|extras_require|tests_require)\s*=\s*([[{])/g)) {
    // `install_requires=[…]`: strings at depth 1; `extras_require={"gpu": […]}`: strings inside the lists.
    const block = listStrings(text, m.index + m[0].length - 1, m[2] === '[' ? 1 : 2);
    if (!block) continue;
    for (const it of block.items) {
      const d = parsePep508(it.value);
      if (!d) continue;
      const scope = m[1] === 'install_requires' ? undefined : m[1] === 'tests_require' ? 'test' : 'optional';
      deps.push({ ecosystem: 'pypi', ...d, direct: true, line: lineAt(it.offset), ...(scope ? { scope } : {}) });
    }
  }
  return { deps };
}
