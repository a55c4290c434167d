import type { Asset, JsonValue, Location } from '../../../core/index.js';
import { isUnknown, type CloudResource, type Unknown } from '../../../core/cloud-resource.js';

type O = { [k: string]: JsonValue };

// Every rule asks for every asset's resource; remember the answer per asset object.
const seen = new WeakMap<Asset, CloudResource | null>();

/** The normalised resource an IaC analyzer or connector attached to an asset, if any. */
export function resourceOf(asset: Asset): CloudResource | undefined {
  const hit = seen.get(asset);
  if (hit !== undefined) return hit ?? undefined;
  const r = asset.properties.resource;
  const o = (r ?? {}) as O;
  const ok = !!r && typeof r === 'object' && !Array.isArray(r) && typeof o.type === 'string' && typeof o.address === 'string' && !!o.attributes && typeof o.attributes === 'object';
  seen.set(asset, ok ? (r as unknown as CloudResource) : null);
  return ok ? (r as unknown as CloudResource) : undefined;
}

/**
 * Reads a dotted attribute path. Nested blocks may be objects or lists of objects (Terraform gives
 * lists, CloudFormation objects): a list met on the way is entered at its first element. An unknown
 * met on the way is returned as is, so the caller can answer `manual`.
 */
export function get(obj: JsonValue | undefined, path: string): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const p of path.split('.')) {
    if (Array.isArray(cur)) cur = cur[0];
    if (isUnknown(cur)) return cur;
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as O)[p];
  }
  return cur;
}

/** Every value at a dotted path, fanning out over lists. Unknowns are kept as values. */
export function getAll(obj: JsonValue | undefined, path: string): JsonValue[] {
  let cur: JsonValue[] = obj === undefined ? [] : [obj];
  for (const p of path.split('.')) {
    const next: JsonValue[] = [];
    for (const c of cur.flat(8) as JsonValue[]) {
      if (isUnknown(c)) next.push(c);
      else if (c && typeof c === 'object' && !Array.isArray(c) && (c as O)[p] !== undefined) next.push((c as O)[p]!);
    }
    cur = next;
  }
  return cur.flat(8) as JsonValue[];
}

export function list(v: JsonValue | undefined): JsonValue[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** An unknown that is not a reference to another resource: the code does not decide it. */
export function undecided(v: JsonValue | undefined): v is Unknown {
  return isUnknown(v) && !v.ref;
}

/** True when a value is set: a literal that is not empty, or a reference to another resource. */
export function present(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null || v === '' || v === false) return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Where an attribute is declared (the resource when the attribute is absent). */
export function loc(r: CloudResource, path?: string): Location {
  const out: Location = { path: r.file, line: r.line, resource: r.address };
  if (!path) return out;
  const parts = path.split('.');
  for (let i = parts.length; i > 0; i--) {
    const p = parts.slice(0, i).join('.');
    const line = r.attrLines[p];
    if (line !== undefined) {
      out.line = line;
      const file = r.attrFiles?.[parts[0]!];
      if (file) out.path = file;
      break;
    }
  }
  return out;
}

/** The message for a value the code leaves open. */
export function manualMsg(r: CloudResource, what: string, v: Unknown): string {
  return `${r.address}: ${what} depends on \`${v.$unknown}\`, which the code does not set; check the deployed value`;
}

export { isUnknown };
