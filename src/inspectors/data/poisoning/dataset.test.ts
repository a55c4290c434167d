import { describe, expect, it } from 'vitest';
import { DatasetAnalysis } from './dataset.js';
import { words } from './tokens.js';
import { Rng } from '../testing/random.js';

describe('dataset exact duplicates', () => {
  it('counts the duplicates and groups a reference grouping by token sequence counts, verbatim repeats or not, within the index limit', () => {
    const r = new Rng(17);
    const pool = ['Great film', 'great, FILM!', 'the cast was fine', 'The cast\u00a0was fine.', 'café au lait please', 'CAFÉ au lait, please', 'so so so', 'a b c d e'];
    for (let trial = 0; trial < 40; trial++) {
      const maxRecords = r.int(1, 3) === 1 ? 5 : 50_000;
      const d = new DatasetAnalysis({ maxRecords });
      // Past four times maxRecords distinct records, new ones are no longer indexed.
      const limit = 4 * maxRecords;
      const copies = new Map<string, number>();
      for (let row = 1; row <= 300; row++) {
        const text = `${r.pick(pool)} ${r.int(0, 40)}`;
        d.add({ text, label: r.pick(['x', 'y']), row });
        const seq = words(text).join(' ');
        if (copies.has(seq) || copies.size < limit) copies.set(seq, (copies.get(seq) ?? 0) + 1);
      }
      const dup = [...copies.values()].filter((c) => c > 1);
      const hit = d.finish().find((h) => h.kind === 'exact-duplicates')!;
      expect(hit.count).toBe(dup.reduce((a, c) => a + c - 1, 0));
      expect(hit.properties!.groups).toBe(dup.length);
    }
  });

  it('gives two analyses fed row by row in turn what each gives alone (their tokenisers share scratch arrays)', () => {
    const r = new Rng(23);
    const pool = ['Great film, great cast', 'the cast was fine and the film too', 'café au lait please', 'so so so bad', 'a b c d e f g'];
    const rows = (n: number) => Array.from({ length: n }, () => ({ text: `${r.pick(pool)} ${r.int(0, 30)} ${'long '.repeat(r.int(0, 1) * 7000)}`, label: r.pick(['x', 'y']) }));
    const one = rows(300);
    const two = rows(300);
    const alone = (data: { text: string; label: string }[]) => {
      const d = new DatasetAnalysis();
      data.forEach((x, i) => d.add({ ...x, row: i + 1 }));
      return d.finish();
    };
    const a = new DatasetAnalysis();
    const b = new DatasetAnalysis();
    for (let i = 0; i < 300; i++) {
      a.add({ ...one[i]!, row: i + 1 });
      b.add({ ...two[i]!, row: i + 1 });
    }
    expect(a.finish()).toEqual(alone(one));
    expect(b.finish()).toEqual(alone(two));
    expect(alone(one).length).toBeGreaterThan(0);
  });
});

describe('dataset signature blocks', () => {
  it('gives a dataset the same findings on the blocks an earlier one released as on new ones', () => {
    const r = new Rng(29);
    const words8 = ['model', 'data', 'train', 'label', 'token', 'batch', 'loss', 'review', 'query', 'answer'];
    // More distinct records than a block holds (the first block is pooled only when full), with
    // near-duplicates: each tenth record is an earlier one with its last word changed.
    const texts: string[] = [];
    for (let i = 0; i < 9000; i++) {
      if (i % 10 === 9) texts.push(texts[i - 5]!.replace(/\S+$/, 'changed'));
      else texts.push(Array.from({ length: 12 }, () => r.pick(words8)).join(' ') + ` id${i}`);
    }
    const run = () => {
      const d = new DatasetAnalysis();
      texts.forEach((text, i) => d.add({ text, label: i % 3 ? 'a' : 'b', row: i + 1 }));
      return d.finish();
    };
    const fresh = run();
    expect(fresh.find((h) => h.kind === 'near-duplicates')!.count).toBeGreaterThan(100);
    expect(run()).toEqual(fresh);
  });

  it('gives its findings again when finished twice (its blocks are back in the pool by then)', () => {
    const d = new DatasetAnalysis();
    for (let i = 0; i < 8300; i++) d.add({ text: `record number ${i} about ${i % 7} things ${i % 2 ? 'again' : ''}`, row: i + 1 });
    const first = d.finish();
    // Another analysis takes the released blocks and overwrites them.
    const other = new DatasetAnalysis();
    for (let i = 0; i < 8300; i++) other.add({ text: `quite other words ${i * 7} here`, row: i + 1 });
    expect(d.finish()).toEqual(first);
    expect(first.find((h) => h.kind === 'near-duplicates')).toBeDefined();
    other.finish();
  });
});

describe('dataset conflicting labels', () => {
  it('shows a conflicting group by its first copy and the first copy labelled otherwise', () => {
    // A catalogue's attribute lists: rows 1 and 2 agree, row 4 is the one labelled otherwise.
    const d = new DatasetAnalysis();
    const t = 'inform ninfom ntxtds picrep scamax scamin txtdsc recdat recind sordat sorind';
    d.add({ text: t, label: 'C', row: 1 });
    d.add({ text: t, label: 'C', row: 2 });
    d.add({ text: 'completely different words about cats', label: 'C', row: 3 });
    d.add({ text: t, label: '$', row: 4 });
    d.add({ text: t, label: 'G', row: 5 });
    const conflict = d.finish().find((h) => h.kind === 'conflicting-labels')!;
    expect(conflict.rows).toEqual([1, 4]);
    expect(conflict.count).toBe(1);
  });

  it('lists conflicting groups in the order they were first duplicated, each by the copy whose label differed first', () => {
    const d = new DatasetAnalysis();
    const a = 'the first template of words that repeats in this table';
    const b = 'another template with quite different words in it';
    d.add({ text: a, label: 'x', row: 1 });
    d.add({ text: a, label: 'x', row: 2 });
    d.add({ text: b, label: 'x', row: 3 });
    d.add({ text: b, label: 'y', row: 4 });
    d.add({ text: b, label: 'z', row: 5 });
    // Group a conflicts only now, after b: it still comes first.
    d.add({ text: a, label: 'y', row: 6 });
    const hits = d.finish();
    expect(hits.find((h) => h.kind === 'conflicting-labels')!.rows).toEqual([1, 6, 3, 4]);
    expect(hits.find((h) => h.kind === 'exact-duplicates')!.rows).toEqual([1, 2, 3, 4]);
  });

  it('takes a blank label for none, not a class that conflicts with every labelled copy', () => {
    const d = new DatasetAnalysis();
    const t = 'the quarterly report shows revenue growth across every region this year';
    d.add({ text: t, label: 'G', row: 1 });
    d.add({ text: t, label: '', row: 2 });
    d.add({ text: t + ' again', label: '', row: 3 });
    const hits = d.finish();
    expect(hits.filter((h) => h.kind === 'conflicting-labels')).toEqual([]);
    expect(hits.find((h) => h.kind === 'exact-duplicates')!.count).toBe(1);
  });
});

describe('dataset kept tokens', () => {
  it("keeps each record's distinct token ids once, in order of first appearance, however often a word repeats", () => {
    const r = new Rng(31);
    const vocab = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta', 'theta'];
    const d = new DatasetAnalysis();
    const texts: string[] = [];
    for (let row = 1; row <= 200; row++) {
      const text = Array.from({ length: r.int(3, 30) }, () => r.pick(vocab)).join(' ') + ` n${row}`;
      texts.push(text);
      d.add({ text, row });
    }
    const kept = (d as unknown as { kept: { tokStart: Int32Array; tokEnd: Int32Array; tokIds: Int32Array } }).kept;
    const names = (d as unknown as { vocab: { words: string[] } }).vocab.words;
    texts.forEach((text, i) => {
      const ids = kept.tokIds.subarray(kept.tokStart[i]!, kept.tokEnd[i]!);
      expect(Array.from(ids, (id) => names[id]), text).toEqual([...new Set(words(text))]);
    });
  });
});
