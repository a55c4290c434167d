import { describe, expect, it } from 'vitest';
import { keepDisjoint, type Span } from './keep-disjoint.js';
import { Rng } from './testing/random.js';

/** The definition: each span in turn, kept unless it overlaps one kept before it. */
function pairwise<T extends Span>(ranked: readonly T[]): T[] {
  const kept: T[] = [];
  for (const h of ranked) if (kept.every((k) => !(h.start < k.end && k.start < h.end))) kept.push(h);
  return kept;
}

describe('keepDisjoint', () => {
  it('keeps what the pairwise test keeps, in the same order, call after call', () => {
    const r = new Rng(2);
    for (let round = 0; round < 400; round++) {
      const span = r.int(5, 3000);
      const spans = Array.from({ length: r.int(0, 300) }, (_, id) => {
        const start = r.int(0, span);
        // Mostly short values, now and then a long one (a private key) or an empty one.
        const len = r.next() < 0.05 ? 0 : r.next() < 0.05 ? r.int(100, 2000) : r.int(1, 30);
        return { id, start, end: start + len };
      });
      expect(keepDisjoint(spans)).toEqual(pairwise(spans));
    }
  });
});
