import { MultiDirectedGraph } from 'graphology';
import type { Asset, AssetKind, Relation, RelationKind } from '../core/index.js';

/**
 * The estate as one directed multigraph: assets are nodes, relations are typed edges. A thin,
 * read-mostly façade over graphology so rules and path search ask questions in our vocabulary.
 */
export class AssetGraph {
  readonly g = new MultiDirectedGraph<{ asset: Asset }, { relation: Relation }>();

  constructor(assets: readonly Asset[], relations: readonly Relation[]) {
    for (const a of assets) if (!this.g.hasNode(a.id)) this.g.addNode(a.id, { asset: a });
    for (const r of relations) {
      if (this.g.hasNode(r.from) && this.g.hasNode(r.to)) this.g.addEdge(r.from, r.to, { relation: r });
    }
  }

  asset(id: string): Asset | undefined {
    return this.g.hasNode(id) ? this.g.getNodeAttribute(id, 'asset') : undefined;
  }

  assets(kind?: AssetKind): Asset[] {
    const out: Asset[] = [];
    this.g.forEachNode((_, attr) => {
      if (!kind || attr.asset.kind === kind) out.push(attr.asset);
    });
    return out;
  }

  /** Relations leaving `id`, optionally of one kind. */
  out(id: string, kind?: RelationKind): Relation[] {
    if (!this.g.hasNode(id)) return [];
    const res: Relation[] = [];
    this.g.forEachOutEdge(id, (_e, attr) => {
      if (!kind || attr.relation.kind === kind) res.push(attr.relation);
    });
    return res;
  }

  /** Relations entering `id`, optionally of one kind. */
  in(id: string, kind?: RelationKind): Relation[] {
    if (!this.g.hasNode(id)) return [];
    const res: Relation[] = [];
    this.g.forEachInEdge(id, (_e, attr) => {
      if (!kind || attr.relation.kind === kind) res.push(attr.relation);
    });
    return res;
  }

  relations(): Relation[] {
    return this.g.mapEdges((_e, attr) => attr.relation);
  }
}
