import type { Hop } from './traversal.js';
import { Adjacency } from './traversal.js';

/** Bounds on the search: every limit is a guarantee on time and memory, not a tuning knob. */
export interface SearchLimits {
  /** Most hops in one path. */
  maxDepth: number;
  /** Most nodes one entry point's search may visit. */
  maxVisitedPerEntry: number;
  /** Most candidate paths kept before scoring (highest impact first). */
  maxCandidates: number;
  /** Most targets reported from one entry point (most valuable, then nearest, first). */
  maxJewelsPerEntry: number;
}

export const DEFAULT_LIMITS: SearchLimits = { maxDepth: 6, maxVisitedPerEntry: 50_000, maxCandidates: 20_000, maxJewelsPerEntry: 12 };

/** A raw path: node indexes from the entry to a jewel and the hop taken into each node after the first. */
export interface RawPath {
  entry: number;
  nodes: number[];
  hops: Hop[];
}

/**
 * Breadth-first search from each entry point (shortest path to each jewel), bounded by depth and
 * visits. A jewel that lies on the way to another, at least as valuable, jewel from the same
 * entry is not reported separately: the notebook → admin role → bucket → PII file chain is one
 * path, not three. Scratch arrays are allocated once and reused with a generation stamp.
 */
export function searchPaths(
  adj: Adjacency,
  entries: readonly number[],
  jewelImpact: ReadonlyMap<number, number>,
  limits: SearchLimits = DEFAULT_LIMITS,
  /** Entries that are themselves a target when reached from outside (an internet-exposed bucket of PII). */
  startCounts: ReadonlySet<number> = new Set(),
  /** Untrusted-model entries: their first hop may go to whoever loads them. */
  loaderStarts: ReadonlySet<number> = new Set(),
): { paths: RawPath[]; truncated: boolean } {
  const n = adj.ids.length;
  const seen = new Int32Array(n);
  const depth = new Uint8Array(n);
  const parentEdge = new Int32Array(n);
  const parentNode = new Int32Array(n);
  const queue = new Int32Array(Math.max(1, Math.min(n, limits.maxVisitedPerEntry)));
  const out: RawPath[] = [];
  let truncated = false;
  let gen = 0;
  for (const start of entries) {
    gen++;
    seen[start] = gen;
    depth[start] = 0;
    parentEdge[start] = -1;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    const reached: number[] = [];
    const startIsJewel = startCounts.has(start) && jewelImpact.has(start);
    if (startIsJewel) reached.push(start);
    while (head < tail) {
      const u = queue[head++]!;
      if (u !== start && jewelImpact.has(u)) reached.push(u);
      if (depth[u]! >= limits.maxDepth) continue;
      const loaderOk = u === start && loaderStarts.has(start);
      for (let e = adj.offsets[u]!, end = adj.offsets[u + 1]!; e < end; e++) {
        const to = adj.target[e]!;
        if (seen[to] === gen) continue;
        if ((adj.flags[e]! & 2) !== 0 && !loaderOk) continue;
        if (tail >= queue.length) {
          truncated = true;
          break;
        }
        seen[to] = gen;
        depth[to] = depth[u]! + 1;
        parentEdge[to] = e;
        parentNode[to] = u;
        queue[tail++] = to;
      }
    }
    // Suppress jewels that only sit on the way to an at-least-as-valuable jewel.
    const suppressed = new Set<number>();
    for (const j of reached) {
      if (j === start) continue;
      const impact = jewelImpact.get(j)!;
      for (let v = parentNode[j]!; ; v = parentNode[v]!) {
        const ai = jewelImpact.get(v);
        if (ai !== undefined && impact >= ai && (v !== start || startIsJewel)) suppressed.add(v);
        if (v === start) break;
      }
    }
    let kept = reached.filter((j) => !suppressed.has(j));
    if (kept.length > limits.maxJewelsPerEntry) {
      truncated = true;
      // BFS order is nearest-first; a stable sort by impact keeps the nearest of equal value.
      kept = kept.map((j, i) => ({ j, i })).sort((a, b) => jewelImpact.get(b.j)! - jewelImpact.get(a.j)! || a.i - b.i).slice(0, limits.maxJewelsPerEntry).map((x) => x.j);
    }
    for (const j of kept) {
      const nodes: number[] = [];
      const hops: Hop[] = [];
      for (let v = j; v !== start; v = parentNode[v]!) {
        nodes.push(v);
        hops.push(adj.hop(parentEdge[v]!));
      }
      nodes.push(start);
      nodes.reverse();
      hops.reverse();
      out.push({ entry: start, nodes, hops });
    }
  }
  if (out.length > limits.maxCandidates) {
    truncated = true;
    out.sort((a, b) => (jewelImpact.get(b.nodes[b.nodes.length - 1]!) ?? 0) - (jewelImpact.get(a.nodes[a.nodes.length - 1]!) ?? 0) || a.nodes.length - b.nodes.length);
    out.length = limits.maxCandidates;
  }
  return { paths: out, truncated };
}
