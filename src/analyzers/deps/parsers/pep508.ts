import type { ParsedDep } from '../types.js';

const REQ = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/;

/** The version an exact `==X` / `===X` spec pins (no wildcards), else undefined. */
export function exactPin(spec: string | undefined): string | undefined {
  if (!spec) return undefined;
  const m = /^\s*===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\s*$/.exec(spec);
  return m && !m[1]!.includes('*') ? m[1] : undefined;
}

/**
 * Parses one PEP 508 requirement (`torch[cuda]>=2.3,<3 ; python_version >= "3.10"`,
 * `pkg @ https://…`). Returns undefined for lines that are not requirements.
 */
export function parsePep508(raw: string): Omit<ParsedDep, 'ecosystem'> | undefined {
  let s = raw.trim();
  if (!s) return undefined;
  let marker: string | undefined;
  const semi = s.indexOf(';');
  if (semi >= 0) {
    marker = s.slice(semi + 1).trim() || undefined;
    s = s.slice(0, semi).trim();
  }
  const m = REQ.exec(s);
  if (!m) return undefined;
  const name = m[1]!;
  let spec = (m[3] ?? '').trim();
  if (spec.startsWith('@')) spec = spec.slice(1).trim(); // direct URL reference
  spec = spec.replace(/^\((.*)\)$/, '$1').trim();
  const dep: Omit<ParsedDep, 'ecosystem'> = { name };
  if (spec) dep.versionSpec = spec;
  const pin = exactPin(spec);
  if (pin) dep.version = pin;
  if (marker) dep.marker = marker;
  const extras = (m[2] ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (extras.length) dep.extras = extras;
  return dep;
}
