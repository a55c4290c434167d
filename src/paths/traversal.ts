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
 * The graph as a compressed sparse row of traversable hops (offsets + typed arrays), built once
 * per search: the bounded BFS touches only integers, and 500,000 relations cost a few megabytes
 * instead of half a million hop objects. `hop(e)` materialises one hop when a path is written.
 */
export class Adjacency {
  readonly ids: string[] = [];
  readonly index = new Map<string, number>();
  /** Hops of node u are edges offsets[u] … offsets[u + 1] - 1. */
  readonly offsets: Int32Array;
  readonly target: Int32Array;
  /** Index into `rels`. */
  readonly relIndex: Int32Array;
  /** bit 0: walked against the relation; bit 1: loader hop. */
  readonly flags: Uint8Array;
  readonly rels: Relation[] = [];

  constructor(graph: AssetGraph) {
    const kinds: string[] = [];
    graph.forEachNode((id, a) => {
      this.index.set(id, this.ids.length);
      this.ids.push(id);
      kinds.push(a.kind);
    });
    const n = this.ids.length;
    // Two passes over the relations: count each node's hops, then fill them in place.
    const src: number[] = [];
    const dst: number[] = [];
    const rel: number[] = [];
    const flg: number[] = [];
    graph.forEachRelation((r) => {
      const s = this.index.get(r.from)!;
      const t = this.index.get(r.to)!;
      let ri = -1;
      const add = (a: number, b: number, f: number) => {
        if (ri < 0) {
          ri = this.rels.length;
          this.rels.push(r);
        }
        src.push(a);
        dst.push(b);
        rel.push(ri);
        flg.push(f);
      };
      if (LOADING_RELATIONS.has(r.kind) && MODEL_KINDS.has(kinds[t]!) && LOADER_KINDS.has(kinds[s]!)) add(t, s, 3);
      const flow = FLOW[r.kind];
      if (!flow) return;
      if (r.kind === 'can-access' && DEAD_LEVELS.has(String(r.properties?.level ?? ''))) return;
      if (flow === 'forward' || flow === 'both') add(s, t, 0);
      if (flow === 'reverse' || flow === 'both') add(t, s, 1);
    });
    const m = src.length;
    this.offsets = new Int32Array(n + 1);
    for (let i = 0; i < m; i++) this.offsets[src[i]! + 1]!++;
    for (let u = 0; u < n; u++) this.offsets[u + 1]! += this.offsets[u]!;
    this.target = new Int32Array(m);
    this.relIndex = new Int32Array(m);
    this.flags = new Uint8Array(m);
    const fill = this.offsets.slice(0, n);
    for (let i = 0; i < m; i++) {
      const at = fill[src[i]!]!++;
      this.target[at] = dst[i]!;
      this.relIndex[at] = rel[i]!;
      this.flags[at] = flg[i]!;
    }
  }

  /** The hop stored at edge slot `e`. */
  hop(e: number): Hop {
    const f = this.flags[e]!;
    return { to: this.target[e]!, rel: this.rels[this.relIndex[e]!]!, reverse: (f & 1) !== 0, ...((f & 2) !== 0 ? { loader: true } : {}) };
  }

  /** The hops leaving node `u`. */
  hopsFrom(u: number): Hop[] {
    const out: Hop[] = [];
    for (let e = this.offsets[u]!; e < this.offsets[u + 1]!; e++) out.push(this.hop(e));
    return out;
  }
}
