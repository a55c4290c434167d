import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_ENTITIES, generateCorpus } from './corpus.js';
import { evaluate } from './evaluate.js';
import { inspect } from './scan-file.js';

describe('synthetic labelled corpus', () => {
  const corpus = generateCorpus({ perEntity: 40, seed: 7 });

  it('has exact gold offsets for every entity type and hard negatives', () => {
    for (const l of corpus.lines) for (const s of l.spans) expect(s.end).toBeGreaterThan(s.start);
    const seen = new Set(corpus.lines.flatMap((l) => l.spans.map((s) => s.entity)));
    for (const e of CORPUS_ENTITIES) expect(seen.has(e), e).toBe(true);
    expect(corpus.lines.filter((l) => !l.spans.length).length).toBeGreaterThan(100);
  });

  it('scores F2 >= 0.9 on every entity', () => {
    const { scores, falsePositives } = evaluate(corpus);
    const weak = scores.filter((s) => s.f2 < 0.9);
    expect(weak, JSON.stringify({ weak, falsePositives: falsePositives.slice(0, 10) }, null, 1)).toEqual([]);
    expect(scores.map((s) => s.entity).sort()).toEqual([...CORPUS_ENTITIES].sort());
  });

  it('lists the lines whose gold span was missed, one per false negative up to 50', () => {
    const { scores, misses } = evaluate(corpus);
    const fn = scores.reduce((a, s) => a + s.fn, 0);
    expect(misses).toHaveLength(Math.min(fn, 50));
    // A corpus of a line whose span nothing can find: its one miss, by entity and text.
    const lone = { ...corpus, lines: [{ text: 'plain words only', spans: [{ entity: 'US_SSN', start: 0, end: 5 }] }] };
    expect(evaluate(lone).misses).toEqual([{ entity: 'US_SSN', text: 'plain words only' }]);
  });

  it('raises no finding at all on the clean files', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'aispm-clean-'));
    try {
      for (const f of corpus.clean) {
        await mkdir(path.dirname(path.join(root, f.path)), { recursive: true });
        await writeFile(path.join(root, f.path), f.content);
      }
      for (const f of corpus.clean) {
        const out = await inspect(root, f.path);
        expect(out.wanted, f.path).toBe(true);
        expect(out.findings, f.path).toEqual([]);
        expect(out.assets!.find((a) => a.kind === 'dataset')!.properties.sensitivity).toBe('public');
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
