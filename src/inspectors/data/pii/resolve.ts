import { keepDisjoint } from '../keep-disjoint.js';
import type { PiiHit } from './engine.js';

/** Whether hit `a` ranks before hit `b`: higher score, then longer, then the recognizer listed first, then the earlier match. */
function ranksBefore(hits: PiiHit[], owners: number[], a: number, b: number): boolean {
  const x = hits[a]!;
  const y = hits[b]!;
  if (x.score !== y.score) return x.score > y.score;
  if (x.end - x.start !== y.end - y.start) return x.end - x.start > y.end - y.start;
  if (owners[a] !== owners[b]) return owners[a]! < owners[b]!;
  return x.start !== y.start ? x.start < y.start : a < b;
}

/**
 * Above this many hits the insertion sorts below go quadratic: a 256 KB block of free text full of
 * e-mail addresses holds ~16,000 hits and took over a second (0.2 MB/s).
 */
const FEW = 24;

/**
 * Keeps the best of overlapping hits (see ranksBefore), as when every recognizer scanned the text
 * in list order and two stable sorts ranked the hits; returns them in order of start. Cells hold a
 * handful of hits: insertion sorts over reused buffers, no sort callbacks, one array made for the
 * result. Many hits (a large block of free text) take `resolveMany`, which gives the same result.
 */
const order: number[] = [];
const kept: PiiHit[] = [];
export function resolve(hits: PiiHit[], owners: number[]): PiiHit[] {
  const n = hits.length;
  if (n < 2) return hits;
  if (n > FEW) return resolveMany(hits, owners);
  for (let i = 0; i < n; i++) {
    let j = i;
    while (j > 0 && ranksBefore(hits, owners, i, order[j - 1]!)) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    const h = hits[order[i]!]!;
    let free = true;
    for (let k = 0; k < count && free; k++) free = !(h.start < kept[k]!.end && kept[k]!.start < h.end);
    if (!free) continue;
    // Kept hits do not overlap, so their starts differ: insert in order of start.
    let j = count++;
    while (j > 0 && kept[j - 1]!.start > h.start) {
      kept[j] = kept[j - 1]!;
      j--;
    }
    kept[j] = h;
  }
  // (The buffer keeps the last few hits until the next cell with several, as the scan keeps its last text.)
  return kept.slice(0, count);
}

/**
 * The same choice in n·log n: hits ranked with a sort (ranksBefore is a strict total order, so the
 * result does not depend on the sort's stability), then kept where they overlap nothing kept.
 */
function resolveMany(hits: PiiHit[], owners: number[]): PiiHit[] {
  const ranked = hits.map((_, i) => i).sort((a, b) => (ranksBefore(hits, owners, a, b) ? -1 : 1));
  // Stable: hits with one start (only an empty one can share it) stay in rank order, as above.
  return keepDisjoint(ranked.map((i) => hits[i]!)).sort((a, b) => a.start - b.start);
}
