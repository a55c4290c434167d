import { describe, expect, it } from 'vitest';
import { ExactDuplicates } from './exact-duplicates.js';
import { LabelCounts, TableCounts } from './label-counts.js';
import { Vocab } from './vocab.js';
import { Rng } from '../testing/random.js';

describe('typed-array tables of the poisoning analysis', () => {
  it('vocabulary: finds every token by both hashes across growth, and tells apart tokens sharing one hash', () => {
    const v = new Vocab();
    const r = new Rng(1);
    const keys: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) {
      const k: [number, number] = [r.int(-(2 ** 31), 2 ** 31 - 1), r.int(-(2 ** 31), 2 ** 31 - 1)];
      if (v.find(k[0], k[1]) >= 0) continue;
      keys.push(k);
      expect(v.add(k[0], k[1], `w${i}`)).toBe(keys.length - 1);
    }
    expect(keys.filter(([a, b], id) => v.find(a, b) !== id)).toEqual([]);
    const [a, b] = keys[0]!;
    expect(v.find(a, b ^ 1)).toBe(-1);
    const twin = v.add(a, b ^ 1, 'twin');
    expect(v.find(a, b ^ 1)).toBe(twin);
    expect(v.find(a, b)).toBe(0);
    expect(v.words[twin]).toBe('twin');
  });

  it('exact duplicates: finds every 64-bit key across growth, counts copies and disagreeing labels', () => {
    const x = new ExactDuplicates(1_000_000);
    const r = new Rng(2);
    const keys: [number, number][] = [];
    for (let i = 0; i < 50_000; i++) keys.push([r.int(-(2 ** 31), 2 ** 31 - 1), r.int(-(2 ** 31), 2 ** 31 - 1)]);
    expect(keys.filter(([a, b], i) => x.add(a, b, i + 1, i + 1, 0) !== i)).toEqual([]);
    expect(x.count).toBe(keys.length);
    // Copies: group 7 twice more (one with another label), group 3 once more; a key differing in one half is new.
    expect(x.add(keys[7]![0], keys[7]![1], 90_001, 90_001, 0)).toBe(7);
    expect(x.add(keys[3]![0], keys[3]![1], 90_002, 90_002, -1)).toBe(3);
    expect(x.add(keys[7]![0], keys[7]![1], 90_003, 90_003, 1)).toBe(7);
    expect(x.add(keys[7]![0], keys[7]![1] ^ 1, 90_004, 90_004, 0)).toBe(keys.length);
    const [conflict, dup] = x.findings();
    expect(dup).toMatchObject({ kind: 'exact-duplicates', count: 3, rows: [8, 90_001, 4, 90_002], properties: { groups: 2 } });
    // The conflict's example is the first copy and the first labelled otherwise (90_001 agrees with row 8).
    expect(conflict).toMatchObject({ kind: 'conflicting-labels', count: 1, rows: [8, 90_003] });
  });

  it('exact duplicates: past the limit a new record is not indexed, a known one still counts', () => {
    const x = new ExactDuplicates(2);
    expect([x.add(1, 1, 1, 1, -1), x.add(2, 2, 2, 2, -1), x.add(3, 3, 3, 3, -1), x.add(1, 1, 4, 4, -1)]).toEqual([0, 1, -1, 0]);
  });

  it('label counts: the sparse form (past the dense limit) counts as the dense one does', () => {
    const tokens = [3, 7, 11, 40];
    const dense = new LabelCounts(50, tokens, 5);
    const sparse = new LabelCounts(50, tokens, 5, 0);
    const r = new Rng(3);
    for (let i = 0; i < 500; i++) {
      const t = r.pick([3, 7, 11, 40, 1, 2]);
      const l = r.int(0, 4);
      const w = r.int(1, 3);
      if (!dense.has(t)) continue;
      dense.add(t, l, w);
      sparse.add(t, l, w);
    }
    for (let t = 0; t < 50; t++) for (let l = 0; l < 5; l++) expect(sparse.get(t, l)).toBe(dense.get(t, l));
    expect(dense.get(1, 0)).toBe(0);
    expect(dense.has(1)).toBe(false);
    // The one-table form reads a token-major table as it stands.
    const table = new Int32Array(50 * 5);
    for (const t of tokens) for (let l = 0; l < 5; l++) table[t * 5 + l] = dense.get(t, l);
    const adopted = new TableCounts(table, 5);
    for (let t = 0; t < 50; t++) for (let l = 0; l < 5; l++) expect(adopted.get(t, l)).toBe(dense.get(t, l));
  });
});
