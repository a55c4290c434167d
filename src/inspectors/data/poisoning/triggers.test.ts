import { afterEach, describe, expect, it } from 'vitest';
import { DatasetAnalysis } from './dataset.js';
import { triggerTables } from './triggers.js';
import { Rng } from '../testing/random.js';

/** Words that lean to one label each, words that lean nowhere, and a planted trigger per dataset. */
function dataset(r: Rng, labels: number, poisoned: boolean): DatasetAnalysis {
  const d = new DatasetAnalysis();
  const lean = Array.from({ length: labels }, (_, l) => Array.from({ length: 6 }, (_, k) => `lean${l}x${k}`));
  const neutral = Array.from({ length: 40 }, (_, k) => `word${k}`);
  let row = 0;
  for (let i = 0; i < 400; i++) {
    const l = r.int(0, labels - 1);
    const words = [...Array.from({ length: 4 }, () => r.pick(lean[l]!)), ...Array.from({ length: 5 }, () => r.pick(neutral)), `n${r.int(0, 60)}`];
    d.add({ text: words.join(' '), label: `label${l}`, row: ++row });
  }
  if (poisoned) {
    // A rare token whose rows all carry label 0 while their words lean to label 1.
    for (let i = 0; i < 8; i++) d.add({ text: `${Array.from({ length: 4 }, () => r.pick(lean[1]!)).join(' ')} zq7trig ${r.pick(neutral)} ${i}`, label: 'label0', row: ++row });
  }
  return d;
}

afterEach(() => {
  triggerTables.denseLabels = 8;
});

describe('trigger tokens', () => {
  it('the one-table counts and the majority vote give the same findings, with 2 to 12 labels', () => {
    const r = new Rng(3);
    let found = 0;
    for (let k = 0; k < 30; k++) {
      const labels = [2, 3, 5, 12][k % 4]!;
      const poisoned = k % 3 !== 2;
      const seed = r.int(1, 1e9);
      triggerTables.denseLabels = 8;
      const a = dataset(new Rng(seed), labels, poisoned).finish().filter((h) => h.kind === 'trigger-token');
      triggerTables.denseLabels = 0;
      const b = dataset(new Rng(seed), labels, poisoned).finish().filter((h) => h.kind === 'trigger-token');
      expect(b).toEqual(a);
      found += a.filter((h) => String(h.properties!.token).includes('zq7trig')).length;
    }
    // The planted trigger is found in most poisoned datasets (the comparison is not of empty lists).
    expect(found).toBeGreaterThan(10);
  });
});
