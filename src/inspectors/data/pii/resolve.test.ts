import { describe, expect, it } from 'vitest';
import type { PiiHit } from './engine.js';
import { scanPii } from './engine.js';
import { resolve } from './resolve.js';
import { Rng } from '../testing/random.js';

/** The definition: rank every hit, keep each that overlaps none kept before it, order by start. */
function reference(hits: PiiHit[], owners: number[]): PiiHit[] {
  const ranked = hits.map((h, i) => ({ h, i, owner: owners[i]! }));
  ranked.sort((a, b) => b.h.score - a.h.score || b.h.end - b.h.start - (a.h.end - a.h.start) || a.owner - b.owner || a.h.start - b.h.start || a.i - b.i);
  const kept: PiiHit[] = [];
  for (const { h } of ranked) if (kept.every((k) => !(h.start < k.end && k.start < h.end))) kept.push(h);
  return kept.sort((a, b) => a.start - b.start);
}

function randomHits(r: Rng, n: number, span: number): { hits: PiiHit[]; owners: number[] } {
  const hits: PiiHit[] = [];
  const owners: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = r.int(0, span);
    const end = start + r.int(1, 40);
    hits.push({ entity: `E${i % 5}`, phi: false, severity: 'medium', start, end, score: r.pick([0.3, 0.5, 0.9, 1]), value: 'x'.repeat(end - start) });
    owners.push(r.int(0, 6));
  }
  return { hits, owners };
}

describe('resolving overlapping PII hits', () => {
  it('keeps the same hits, in the same order, for few and for many hits', () => {
    const r = new Rng(5);
    for (let round = 0; round < 300; round++) {
      const n = r.int(2, round < 150 ? 24 : 400);
      const { hits, owners } = randomHits(r, n, r.int(10, 4000));
      expect(resolve([...hits], [...owners])).toEqual(reference(hits, owners));
    }
  });

  it('a 200 KB block full of e-mail addresses gives one hit per address, in order', () => {
    const text = Array.from({ length: 16_000 }, (_, i) => `user${i}@mail.example.org`).join(' ');
    const hits = scanPii(text);
    expect(hits).toHaveLength(16_000);
    expect(hits[123]!.value).toBe('user123@mail.example.org');
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.start).toBeGreaterThan(hits[i - 1]!.end);
  });
});
