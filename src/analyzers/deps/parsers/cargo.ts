import { parse as parseToml } from 'smol-toml';
import type { ParseResult, ParsedDep } from '../types.js';

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

function depTable(t: unknown, scope: string | undefined, out: ParsedDep[]): void {
  if (!isTable(t)) return;
  for (const [key, v] of Object.entries(t)) {
    // `foo = { package = "real-name" }` renames a crate; the catalogue knows the real name.
    const name = isTable(v) && typeof v.package === 'string' ? v.package : key;
    const dep: ParsedDep = { ecosystem: 'cargo', name, direct: true };
    if (scope) dep.scope = scope;
    const spec = typeof v === 'string' ? v : isTable(v) && typeof v.version === 'string' ? v.version : isTable(v) && v.workspace === true ? 'workspace' : undefined;
    if (spec) dep.versionSpec = spec;
    if (spec?.startsWith('=')) dep.version = spec.slice(1).trim();
    out.push(dep);
  }
}

/** Cargo.toml: `[dependencies]`, dev/build, `[workspace.dependencies]` and per-target tables. */
export function parseCargoToml(text: string): ParseResult {
  const doc = parseToml(text) as Table;
  const deps: ParsedDep[] = [];
  const sections = (t: Table) => {
    depTable(t.dependencies, undefined, deps);
    depTable(t['dev-dependencies'], 'dev', deps);
    depTable(t['build-dependencies'], 'build', deps);
  };
  sections(doc);
  if (isTable(doc.workspace)) depTable(doc.workspace.dependencies, undefined, deps);
  if (isTable(doc.target)) for (const t of Object.values(doc.target)) if (isTable(t)) sections(t);
  return { deps };
}

/** Cargo.lock: `[[package]]` name + version (the workspace's own crates have no `source`). */
export function parseCargoLock(text: string): ParseResult {
  const doc = parseToml(text) as Table;
  const deps: ParsedDep[] = [];
  for (const p of Array.isArray(doc.package) ? doc.package : []) {
    if (!isTable(p) || typeof p.name !== 'string' || p.source === undefined) continue;
    deps.push({ ecosystem: 'cargo', name: p.name, ...(typeof p.version === 'string' ? { version: p.version } : {}) });
  }
  return { deps };
}
