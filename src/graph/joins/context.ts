import type { Asset, AssetKind, JsonValue, Observation, Relation, RelationKind } from '../../core/index.js';

/** What every join sees: the merged assets (by id), the relations so far and the loose observations. */
export interface JoinInput {
  assets: ReadonlyMap<string, Asset>;
  relations: readonly Relation[];
  observations: readonly Observation[];
}

/** What a join adds: new assets (stubs) and relations carrying their evidence. */
export interface JoinOutput {
  assets: Asset[];
  relations: Relation[];
}

export type Join = (input: JoinInput, index: JoinIndex) => JoinOutput;

/** A join's edge: `properties.joinedBy` names the join, `evidence` says why the two ends are one story. */
export function joinRelation(from: string, to: string, kind: RelationKind, joinedBy: string, evidence: string, extra: Record<string, JsonValue> = {}): Relation {
  return { from, to, kind, properties: { joinedBy, evidence, ...extra } };
}

/** Lookups shared by the joins, built once per graph. */
export class JoinIndex {
  /** Report path → assets located in that file. */
  readonly byPath = new Map<string, Asset[]>();
  readonly byKind = new Map<AssetKind, Asset[]>();

  constructor(readonly assets: ReadonlyMap<string, Asset>) {
    for (const a of assets.values()) {
      (this.byKind.get(a.kind) ?? this.byKind.set(a.kind, []).get(a.kind)!).push(a);
      for (const l of a.locations) {
        if (!l.path) continue;
        const list = this.byPath.get(l.path) ?? this.byPath.set(l.path, []).get(l.path)!;
        if (!list.includes(a)) list.push(a);
      }
    }
  }

  kind(k: AssetKind): readonly Asset[] {
    return this.byKind.get(k) ?? [];
  }
}

/** Kinds that "act" in a file (read data, call APIs), most specific first. */
const ACTOR_PREFERENCE: readonly AssetKind[] = ['notebook', 'training-job', 'agent', 'inference-endpoint', 'workload', 'mcp-server'];

/**
 * The asset that did what an observation saw: its own `assetId` when given and known, else the
 * most specific actor located in the same file. Undefined when the file has no actor; callers
 * then make a `workload` stub for the script so the edge still has a start.
 */
export function actorFor(o: Observation, index: JoinIndex): Asset | undefined {
  if (o.assetId) {
    const a = index.assets.get(o.assetId);
    if (a) return a;
  }
  if (!o.path) return undefined;
  const here = index.byPath.get(o.path) ?? [];
  for (const k of ACTOR_PREFERENCE) {
    const hit = here.find((a) => a.kind === k);
    if (hit) return hit;
  }
  return undefined;
}

/** Every string value under the given property keys (one level of arrays), for joins on loose fields. */
export function stringProps(a: Asset, keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const k of keys) {
    const v = a.properties[k];
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  return out;
}
