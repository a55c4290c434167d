import type { Asset, AssetKind, Relation, RelationKind } from '../core/index.js';

const EMPTY: readonly Relation[] = Object.freeze([]);

/**
 * The estate as one directed multigraph: assets are nodes, relations are typed edges. A thin,
 * read-only structure so rules and path search ask questions in our vocabulary.
 *
 * Plain maps of adjacency arrays rather than graphology: at 100,000 assets and 500,000 relations
 * graphology's multigraph edge bookkeeping (edge keys, per-pair edge sets) cost ~20 s and most of
 * a gigabyte, and nothing here needs more than "edges out of / into this node".
 */
export class AssetGraph {
  private readonly nodes = new Map<string, Asset>();
  private readonly outEdges = new Map<string, Relation[]>();
  private readonly inEdges = new Map<string, Relation[]>();
  private readonly byKind = new Map<AssetKind, Asset[]>();
  private readonly edges: Relation[] = [];

  constructor(assets: readonly Asset[], relations: readonly Relation[]) {
    for (const a of assets) {
      if (this.nodes.has(a.id)) continue;
      this.nodes.set(a.id, a);
      const list = this.byKind.get(a.kind);
      if (list) list.push(a);
      else this.byKind.set(a.kind, [a]);
    }
    for (const r of relations) {
      if (!this.nodes.has(r.from) || !this.nodes.has(r.to)) continue;
      this.edges.push(r);
      const o = this.outEdges.get(r.from);
      if (o) o.push(r);
      else this.outEdges.set(r.from, [r]);
      const i = this.inEdges.get(r.to);
      if (i) i.push(r);
      else this.inEdges.set(r.to, [r]);
    }
  }

  get size(): number {
    return this.nodes.size;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  asset(id: string): Asset | undefined {
    return this.nodes.get(id);
  }

  assets(kind?: AssetKind): Asset[] {
    if (kind) return [...(this.byKind.get(kind) ?? [])];
    return [...this.nodes.values()];
  }

  /** Relations leaving `id`, optionally of one kind. */
  out(id: string, kind?: RelationKind): Relation[] {
    const all = this.outEdges.get(id) ?? EMPTY;
    return kind ? all.filter((r) => r.kind === kind) : [...all];
  }

  /** Relations entering `id`, optionally of one kind. */
  in(id: string, kind?: RelationKind): Relation[] {
    const all = this.inEdges.get(id) ?? EMPTY;
    return kind ? all.filter((r) => r.kind === kind) : [...all];
  }

  /** Calls `fn` for every node id in insertion (sorted-asset) order. */
  forEachNode(fn: (id: string, asset: Asset) => void): void {
    for (const [id, a] of this.nodes) fn(id, a);
  }

  /** Every relation, in insertion order. */
  relations(): Relation[] {
    return [...this.edges];
  }

  /** Iterates relations without copying (large graphs). */
  forEachRelation(fn: (r: Relation) => void): void {
    for (const r of this.edges) fn(r);
  }
}
