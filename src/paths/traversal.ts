import type { Relation, RelationKind } from '../core/index.js';
import type { AssetGraph } from '../graph/index.js';

/**
 * Which way control flows along each relation: "an attacker who holds the `from` end gains the
 * `to` end" (`forward`), the reverse (`reverse`), or both. Relations that carry no control
 * (`guarded-by`, `depends-on`) are not followed.
 */
export const FLOW: Partial<Record<RelationKind, 'forward' | 'reverse' | 'both'>> = {
  'exposed-to': 'forward', // internet → what it can reach
  'runs-as': 'forward', // workload → the identity whose rights it has
  'can-access': 'forward', // identity / key → resource
  contains: 'forward',
  'stored-in': 'reverse', // holding the bucket gives the objects in it
  reads: 'forward',
  writes: 'forward',
  'trained-on': 'reverse', // who controls the data shapes the model (poisoning)
  'produced-by': 'reverse', // who controls the job controls its output
  serves: 'forward', // reaching the endpoint reaches the model
  'uses-model': 'forward',
  'has-tool': 'forward',
  'retrieves-from': 'forward',
  indexes: 'forward',
  calls: 'forward',
};

/** Permission levels weak enough that they lead nowhere (list a bucket, read nothing). */
const DEAD_LEVELS = new Set(['list', 'none']);

/** One traversable hop: the relation and whether it is walked against its direction. */
export interface Hop {
  to: number;
  rel: Relation;
  reverse: boolean;
  /**
   * A model → its loader hop (against `uses-model` / `serves` / `reads`): loading an untrusted
   * model runs its code in the loader. Only taken as the first hop from an untrusted-model entry.
   */
  loader?: boolean;
}

/** What can load a model and so run code hidden in it. */
const LOADER_KINDS = new Set(['notebook', 'workload', 'inference-endpoint', 'agent', 'training-job', 'mcp-server']);
const MODEL_KINDS = new Set(['ai-model', 'model-file']);
const LOADING_RELATIONS = new Set(['uses-model', 'serves', 'reads']);

/**
 * The graph as integer-indexed adjacency lists of traversable hops, built once per search so the
 * bounded BFS does no allocation per edge (100k assets and 500k relations in well under a second).
 */
export class Adjacency {
  readonly ids: string[] = [];
  readonly index = new Map<string, number>();
  readonly hops: Hop[][] = [];

  constructor(graph: AssetGraph) {
    const kinds: string[] = [];
    graph.forEachNode((id, a) => {
      this.index.set(id, this.ids.length);
      this.ids.push(id);
      kinds.push(a.kind);
      this.hops.push([]);
    });
    graph.forEachRelation((rel) => {
      const s = this.index.get(rel.from)!;
      const t = this.index.get(rel.to)!;
      if (LOADING_RELATIONS.has(rel.kind) && MODEL_KINDS.has(kinds[t]!) && LOADER_KINDS.has(kinds[s]!)) this.hops[t]!.push({ to: s, rel, reverse: true, loader: true });
      const flow = FLOW[rel.kind];
      if (!flow) return;
      if (rel.kind === 'can-access' && DEAD_LEVELS.has(String(rel.properties?.level ?? ''))) return;
      if (flow === 'forward' || flow === 'both') this.hops[s]!.push({ to: t, rel, reverse: false });
      if (flow === 'reverse' || flow === 'both') this.hops[t]!.push({ to: s, rel, reverse: true });
    });
  }
}
