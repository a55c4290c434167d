import { describe, expect, it } from 'vitest';
import { DatasetAnalysis } from './dataset.js';
import { labelsIgnoreText } from './label-agreement.js';
import { Rng } from '../testing/random.js';

/** Attribute codes a catalogue's rows list, in a few shared sets. */
const CODES = Array.from({ length: 24 }, (_, k) => `attr${String.fromCharCode(97 + k)}x`);

/** A templated row: one of `sets` shared code lists, one code varied. */
function listed(r: Rng, sets: string[][]): string {
  const set = [...r.pick(sets)];
  set[r.int(0, set.length - 1)] = r.pick(CODES);
  return set.join(';');
}

describe('labels that follow the text, or not', () => {
  it('folds the conflicts of a category column beside templated text into the duplicate findings', () => {
    // GDAL's S-57 object classes: attribute-code lists shared across categories, the category a
    // column: near-duplicates disagree as often as random labels would.
    const r = new Rng(5);
    const sets = Array.from({ length: 4 }, () => Array.from({ length: 12 }, () => r.pick(CODES)));
    const d = new DatasetAnalysis();
    for (let i = 0; i < 250; i++) d.add({ text: listed(r, sets), label: r.next() < 0.9 ? 'G' : 'M', row: i + 1 });
    const hits = d.finish();
    expect(hits.filter((h) => h.kind === 'conflicting-labels')).toEqual([]);
    const near = hits.find((h) => h.kind === 'near-duplicates')!;
    expect(near.detail).toMatch(/labelled pairs carry different labels, about as many as labels unrelated to the text would \(\d+%\)/);
    expect(near.properties).toMatchObject({ labelsFollowText: false });
  });

  it('still reports the few near-duplicates whose labels differ among many that agree', () => {
    const r = new Rng(6);
    const d = new DatasetAnalysis();
    let row = 0;
    for (let k = 0; k < 40; k++) {
      const base = Array.from({ length: 12 }, () => r.pick(CODES)).join(' ') + ` topic${k}`;
      const label = k % 2 ? 'urgent' : 'routine';
      for (let c = 0; c < 3; c++) d.add({ text: `${base} note${c}`, label: k === 7 && c === 2 ? 'routine' : label, row: ++row });
    }
    const conflicts = d.finish().filter((h) => h.kind === 'conflicting-labels');
    expect(conflicts.map((h) => h.count)).toEqual([2]);
  });

  it('decides nothing on too few pairs, nor where conflicts are well below chance', () => {
    expect(labelsIgnoreText({ pairs: 15, conflicts: 15 }, 0.5)).toBe(false);
    expect(labelsIgnoreText({ pairs: 400, conflicts: 70 }, 0.17)).toBe(true);
    expect(labelsIgnoreText({ pairs: 1920, conflicts: 266 }, 0.18)).toBe(true);
    expect(labelsIgnoreText({ pairs: 400, conflicts: 30 }, 0.17)).toBe(false);
  });
});
