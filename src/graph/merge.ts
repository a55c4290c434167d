import { assetId, type Asset, type Location, type Relation } from '../core/index.js';
import { sensitivityRank } from './sensitivity.js';

function locationKey(l: Location): string {
  return `${l.path ?? ''}|${l.line ?? ''}|${l.cell ?? ''}|${l.resource ?? ''}|${l.uri ?? ''}|${l.commit ?? ''}`;
}

/**
 * Two IaC declarations from the same kind of source (two CloudFormation templates, two Terraform
 * roots such as envs/dev and envs/prod) that name a resource alike are two resources, not one seen
 * twice: merged, the second's settings were never judged. Returns the second's `file#address` then.
 * A plan and its HCL (different sources) and one module file read through two callers (same file
 * and address) still merge.
 */
function otherDeclaration(prev: Asset, next: Asset): string | undefined {
  const decl = (a: Asset) => {
    const r = a.properties.resource;
    if (!r || typeof r !== 'object' || Array.isArray(r)) return undefined;
    const { source, file, address } = r as Record<string, unknown>;
    return typeof source === 'string' && typeof file === 'string' && typeof address === 'string' ? { source, at: `${file}#${address}` } : undefined;
  };
  const p = decl(prev);
  const n = decl(next);
  return p && n && p.source === n.source && p.at !== n.at ? n.at : undefined;
}

/**
 * Merges assets seen by several analyzers (the same package in requirements.txt and poetry.lock,
 * the same model id in three files) into one per id: locations are unioned, properties are
 * combined with the first non-empty value winning (a `sensitivity`, the highest), so the result does
 * not depend on file order beyond the (sorted) input order.
 */
export function mergeAssets(assets: readonly Asset[]): Asset[] {
  const byId = new Map<string, Asset>();
  // Location keys per merged asset, kept as they grow: an asset seen in thousands of files (an AI
  // SDK imported everywhere) must not rebuild its set at every sighting (that was quadratic).
  const keys = new Map<string, Set<string>>();
  for (const given of assets) {
    const first = byId.get(given.id);
    const twin = first && otherDeclaration(first, given);
    const a = twin ? { ...given, id: assetId(given.kind, given.provider, `${given.id}|${twin}`) } : given;
    const prev = byId.get(a.id);
    if (!prev) {
      byId.set(a.id, { ...a, locations: [...a.locations], properties: { ...a.properties } });
      continue;
    }
    let seen = keys.get(a.id);
    if (!seen) keys.set(a.id, (seen = new Set(prev.locations.map(locationKey))));
    for (const l of a.locations) {
      const k = locationKey(l);
      if (seen.has(k)) continue;
      seen.add(k);
      prev.locations.push(l);
    }
    for (const [k, v] of Object.entries(a.properties)) {
      if (v === undefined) continue;
      const old = prev.properties[k];
      if (old === undefined || old === null || old === '') prev.properties[k] = v;
      // One store seen in several files (a LanceDB table's data files): it holds the most sensitive of them.
      else if (k === 'sensitivity' && sensitivityRank(v) > sensitivityRank(old)) prev.properties[k] = v;
    }
    if (!prev.type && a.type) prev.type = a.type;
  }
  return [...byId.values()];
}

/**
 * Drops duplicate edges (same from, to, kind), self-loops and edges whose ends are unknown. No
 * relation kind relates an asset to itself (an API does not `calls` itself, a bucket does not
 * `contains` itself), and a loop would only add zero-length hops to path search. The first edge is
 * kept as is (no copy) unless a duplicate brings properties to fold in; later properties never
 * override earlier ones.
 */
export function mergeRelations(relations: readonly Relation[], known: ReadonlySet<string>): Relation[] {
  const out = new Map<string, Relation>();
  const copied = new Set<Relation>();
  for (const r of relations) {
    if (r.from === r.to || !known.has(r.from) || !known.has(r.to)) continue;
    const key = `${r.from}\u0000${r.to}\u0000${r.kind}`;
    const prev = out.get(key);
    if (!prev) out.set(key, r);
    else if (r.properties) {
      const merged = copied.has(prev) ? prev : { ...prev };
      merged.properties = { ...r.properties, ...prev.properties };
      copied.add(merged);
      out.set(key, merged);
    }
  }
  return [...out.values()];
}
