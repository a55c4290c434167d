import YAML from 'yaml';
import type { ParseResult, ParsedDep } from '../types.js';
import { parsePep508 } from './pep508.js';

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
