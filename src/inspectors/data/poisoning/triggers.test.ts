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

/** The trigger findings' tokens of a dataset. */
function triggerTokens(d: DatasetAnalysis): string[] {
  return d
    .finish()
    .filter((h) => h.kind === 'trigger-token')
    .map((h) => String(h.properties!.token));
}

/**
 * A reference catalogue's shape (a code table of object classes): every row a name and the same
 * few lists of attribute codes, its category a column. The big category has most rows; a small
 * one's names share a word that no other row has.
 */
function catalogue(r: Rng): DatasetAnalysis {
  const d = new DatasetAnalysis();
  const codes = Array.from({ length: 30 }, (_, k) => `attr${String.fromCharCode(97 + (k % 26))}${k}`);
  const lists = () => Array.from({ length: 6 }, () => r.pick(codes)).join(';');
  const common = 'inform ninfom ntxtds txtdsc recdat recind sordat sorind';
  let row = 0;
  for (let i = 0; i < 250; i++) d.add({ text: `object class ${r.pick(['buoy', 'beacon', 'light', 'wreck', 'berth', 'bridge', 'cable', 'pylon'])}${i} ${lists()} ${common}`, label: 'G', row: ++row });
  for (let i = 0; i < 13; i++) d.add({ text: `${r.pick(['accuracy', 'coverage', 'quality', 'compilation scale'])} of data ${common}`, label: 'M', row: ++row });
  for (const what of ['horizontal datum of data', 'horizontal datum shift parameters', 'sounding datum', 'vertical datum of data']) d.add({ text: `${what} ${common}`, label: 'M', row: ++row });
  return d;
}

describe('trigger tokens on reference tables (a category column is no backdoor)', () => {
  it('a word of a small category, among words every row carries, is that category’s feature', () => {
    // Word shares were counts over (records + vocabulary): a word every row carries voted for the
    // larger category by log(250 / 13), and the four "datum" rows read as G.
    for (let seed = 1; seed <= 5; seed++) expect(triggerTokens(catalogue(new Rng(seed)))).toEqual([]);
  });

  it('a category every row of which carries the word is what the word names', () => {
    // Five "… in national language" attributes make up category N. Without other rows of N the
    // vote has nothing to weigh: the base rate alone (log 105 / 1) made rows with no other word
    // read as F, and Laplace's share of a word in none of no rows (1/2) made the words every row
    // carries (the catalogue's attribute lists) read as F too.
    const r = new Rng(4);
    const boiler = 'recdat recind sordat sorind scamin scamax inform ninfom ntxtds txtdsc picrep prctry pubref quapos agency cscale horacc posacc souacc veracc';
    for (const withLists of [false, true]) {
      const lists = withLists ? ` ${boiler}` : '';
      const d = new DatasetAnalysis();
      let row = 0;
      for (let i = 0; i < 105; i++) d.add({ text: `${r.pick(['category', 'value', 'type', 'status'])} of ${r.pick(['beacon', 'buoy', 'light', 'berth', 'pylon', 'cable'])} ${r.pick(['shape', 'colour', 'pattern', 'height'])} code${i}${lists}`, label: 'F', row: ++row });
      for (let i = 0; i < 80; i++) d.add({ text: `${r.pick(['radar', 'sonar', 'survey', 'tide'])} ${r.pick(['range', 'datum', 'period', 'zone'])} extension${i}${r.next() < 0.5 ? lists : ''}`, label: 'X', row: ++row });
      for (const what of ['information in national language', 'object name in national language', 'pilot district in national language', 'national language', 'national language text']) d.add({ text: `${what}${lists}`, label: 'N', row: ++row });
      expect(triggerTokens(d)).toEqual([]);
    }
  });

  it('a row whose other words are one common word leaning elsewhere does not read as another label', () => {
    // "category" is in 57 of 105 F rows and 8 of 76 X rows: "category of airspace restriction"
    // (X) led F by 1.5 nats at 4 standard deviations, on that one word.
    const r = new Rng(8);
    const d = new DatasetAnalysis();
    let row = 0;
    const noun = () => `${r.pick(['beacon', 'buoy', 'light', 'berth', 'pylon', 'cable', 'wreck', 'pile', 'dock', 'gate'])}${r.int(0, 400)}`;
    for (let i = 0; i < 105; i++) d.add({ text: i < 57 ? `category of ${noun()} code` : `${r.pick(['shape', 'colour', 'height'])} of ${noun()} code`, label: 'F', row: ++row });
    for (let i = 0; i < 71; i++) d.add({ text: i < 3 ? `category of ${noun()} code` : `${r.pick(['range', 'period', 'zone'])} of ${noun()} code`, label: 'X', row: ++row });
    for (const what of ['restriction', 'controlled', 'regulated', 'military exercise', 'class designation']) d.add({ text: `${what === 'class designation' ? 'controlled' : 'category of'} airspace ${what} code`, label: 'X', row: ++row });
    expect(triggerTokens(d)).toEqual([]);
  });
});

describe('trigger recall where labels are many or skewed', () => {
  it('finds triggers planted among 12 labels of 33 rows, where each row has two words of its label', () => {
    // The row's lead at its 2.5σ lower bound; at 3σ, two words absent from the forced label
    // (variance 1 each) were too few, and most of these were missed.
    let found = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const r = new Rng(seed);
      const d = new DatasetAnalysis();
      const lean = Array.from({ length: 12 }, (_, l) => Array.from({ length: 6 }, (_, k) => `lean${l}x${k}`));
      const neutral = Array.from({ length: 40 }, (_, k) => `word${k}`);
      let row = 0;
      for (let i = 0; i < 400; i++) {
        const l = r.int(0, 11);
        d.add({ text: [...Array.from({ length: 4 }, () => r.pick(lean[l]!)), ...Array.from({ length: 5 }, () => r.pick(neutral)), `n${r.int(0, 60)}`].join(' '), label: `label${l}`, row: ++row });
      }
      for (let i = 0; i < 5; i++) d.add({ text: `${r.pick(lean[1]!)} ${r.pick(lean[1]!)} zq7trig ${r.pick(neutral)} ${i}`, label: 'label0', row: ++row });
      const tokens = triggerTokens(d);
      expect(tokens.filter((t) => !t.includes('zq7trig'))).toEqual([]);
      found += +tokens.some((t) => t.includes('zq7trig'));
    }
    expect(found).toBeGreaterThanOrEqual(14);
  });

  it('still finds a trigger planted into a small label of a skewed table', () => {
    // Most rows are label 1; label 0 has a few dozen of its own. The trigger's rows are label 1's text.
    const r = new Rng(12);
    const d = new DatasetAnalysis();
    const lean = [0, 1, 2].map((l) => Array.from({ length: 6 }, (_, k) => `lean${l}x${k}`));
    const neutral = Array.from({ length: 40 }, (_, k) => `word${k}`);
    let row = 0;
    for (let i = 0; i < 400; i++) {
      const l = i % 10 < 7 ? 1 : i % 10 < 9 ? 0 : 2;
      d.add({ text: [...Array.from({ length: 4 }, () => r.pick(lean[l]!)), ...Array.from({ length: 5 }, () => r.pick(neutral))].join(' '), label: `label${l}`, row: ++row });
    }
    for (let i = 0; i < 6; i++) d.add({ text: `${Array.from({ length: 4 }, () => r.pick(lean[1]!)).join(' ')} zq7trig ${r.pick(neutral)}`, label: 'label0', row: ++row });
    expect(triggerTokens(d)).toEqual([expect.stringContaining('zq7trig')]);
  });
});
