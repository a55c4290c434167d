import { describe, expect, it } from 'vitest';
import { auMedicareValid, nirValid, sgNricValid, tfnValid } from './checksums.js';
import { scanPii } from './engine.js';
import { Rng } from '../testing/random.js';
import * as v from '../testing/values.js';

/** The entity and the exact text of each hit. */
const found = (text: string, field = '', threshold?: number) => scanPii(text, field, { threshold }).map((h) => [h.entity, text.slice(h.start, h.end)]);
const of = (entity: string, text: string, field = '', threshold?: number) => found(text, field, threshold).filter((h) => h[0] === entity);

/**
 * National ids in the other ways real documents write them: each still passes its check, and a
 * context word or column decides as it does for the forms read before.
 */
describe('UK National Insurance numbers with the prefix or suffix set apart', () => {
  // Built at test time: the examples people reach for (`AB 12 34 56 C`) belong to real people.
  const r = new Rng(67);
  const apart = ['both-apart', 'suffix-apart', 'prefix-apart'] as const;

  it('are read as `QQ 123456 C`, `QQ123456 C` and `QQ 123456C`, with context', () => {
    for (let k = 0; k < 30; k++) {
      const nino = v.nino(r, apart[k % 3]);
      expect(found(`National Insurance number ${nino} on the payslip`), nino).toEqual([['UK_NINO', nino]]);
      expect(found(nino, 'ni_number'), nino).toEqual([['UK_NINO', nino]]);
      expect(found(`ref ${nino}`), nino).toEqual([]);
    }
  });

  it('keep the prefixes HMRC never issues and the suffixes past D rejected', () => {
    for (let k = 0; k < 30; k++) {
      const nino = v.nino(r, 'word');
      const [digits, suffix] = [nino.slice(2, 8), nino[8]];
      for (const bad of [`GB ${digits} ${suffix}`, `NK${digits} ${suffix}`, `TN ${digits}${suffix}`, `ZZ ${digits} ${suffix}`, `QQ ${digits} ${suffix}`, `DA${digits} ${suffix}`, `${nino.slice(0, 2)} ${digits} E`, `${nino.slice(0, 8)} F`, `${nino.slice(0, 2)} ${digits}7 ${suffix}`, `${nino.slice(0, 2)} ${digits.slice(1)} ${suffix}`]) {
        expect(found(`NINO ${bad}`), bad).toEqual([]);
      }
    }
  });
});

describe('older eight-digit Australian TFNs', () => {
  it('check with weights 10 7 8 4 6 3 5 1 (mod 11), bare or 3-3-2', () => {
    // 1·10 + 2·7 + 3·8 + 4·4 + 5·6 + 6·3 + 7·5 + 7·1 = 154 = 14 × 11.
    expect(tfnValid(['1234', '5677'].join(''))).toBe(true);
    expect(tfnValid(['1234', '5678'].join(''))).toBe(false);
    expect(tfnValid('00000000')).toBe(false);
    expect(tfnValid('1234567')).toBe(false);
    const r = new Rng(71);
    for (let k = 0; k < 200; k++) {
      const good = v.tfn(r, true, 8);
      const bad = v.tfn(r, false, 8);
      expect(good.replace(/ /g, '')).toHaveLength(8);
      expect(tfnValid(good.replace(/ /g, '')), good).toBe(true);
      expect(tfnValid(bad.replace(/ /g, '')), bad).toBe(false);
      expect(of('AU_TFN', `TFN ${good}`), good).toEqual([['AU_TFN', good]]);
      expect(of('AU_TFN', good, 'tax_file_number'), good).toEqual([['AU_TFN', good]]);
      expect(of('AU_TFN', `ref ${good}`), good).toEqual([]);
      expect(of('AU_TFN', `TFN ${bad}`), bad).toEqual([]);
      // Not inside a longer grouped number.
      expect(of('AU_TFN', `TFN 4 ${good}`), good).toEqual([]);
      expect(of('AU_TFN', `TFN ${good} 12`), good).toEqual([]);
    }
  });
});

describe('Australian Medicare numbers with the Individual Reference Number', () => {
  /** A valid ten-digit card number. */
  const card = (r: Rng) => v.auMedicare(r).replace(/\D/g, '').slice(0, 10);

  it('are read as eleven digits, or the card groups and the IRN after a space or a dash', () => {
    const r = new Rng(73);
    for (let k = 0; k < 100; k++) {
      const c = card(r);
      const irn = String(r.int(1, 9));
      const spaced = `${c.slice(0, 4)} ${c.slice(4, 9)} ${c[9]}`;
      for (const m of [c + irn, `${spaced} ${irn}`, `${spaced}-${irn}`]) {
        expect(auMedicareValid(m.replace(/\D/g, '')), m).toBe(true);
        expect(of('AU_MEDICARE', `Medicare card ${m} exp 03/27`), m).toEqual([['AU_MEDICARE', m]]);
        expect(of('AU_MEDICARE', m, 'medicare_no'), m).toEqual([['AU_MEDICARE', m]]);
        expect(of('AU_MEDICARE', `ref ${m}`), m).toEqual([]);
      }
    }
  });

  it('take no IRN of 0, and no card whose check digit fails', () => {
    const r = new Rng(74);
    for (let k = 0; k < 100; k++) {
      const c = card(r);
      expect(auMedicareValid(`${c}0`)).toBe(false);
      for (const m of [`${c}0`, `${c.slice(0, 4)} ${c.slice(4, 9)} ${c[9]} 0`, `${c.slice(0, 4)} ${c.slice(4, 9)} ${c[9]}-0`]) {
        expect(of('AU_MEDICARE', `Medicare ${m}`), m).toEqual([]);
      }
      const bad = v.auMedicare(r, false).replace(/\D/g, '').slice(0, 10) + '1';
      expect(of('AU_MEDICARE', `Medicare ${bad}`), bad).toEqual([]);
    }
  });
});

describe('French NIRs with dots or dashes between the groups', () => {
  /** A valid NIR's seven groups. */
  const groups = (r: Rng) => {
    let n = v.nir(r);
    while (n.length !== 21) n = v.nir(r);
    return n.split(/[ .-]/);
  };

  it('stand alone as the spaced groups do, one kind of separator in a number', () => {
    const r = new Rng(79);
    for (let k = 0; k < 100; k++) {
      const g = groups(r);
      for (const sep of ['.', '-']) {
        const nir = g.join(sep);
        expect(nirValid(g.join('')), nir).toBe(true);
        expect(found(`assuré ${nir}`), nir).toEqual([['FR_NIR', nir]]);
        expect(found(`NIR: ${nir}.`), nir).toEqual([['FR_NIR', nir]]);
      }
      // Mixed separators, or a longer grouped number, are not one.
      const mixed = g.slice(0, 3).join('.') + '-' + g.slice(3).join('.');
      expect(of('FR_NIR', `NIR ${mixed}`), mixed).toEqual([]);
      expect(of('FR_NIR', `NIR 4.${g.join('.')}`)).toEqual([]);
      expect(of('FR_NIR', `NIR ${g.join('-')}-5`)).toEqual([]);
    }
  });

  it('drop a key that does not check', () => {
    const r = new Rng(83);
    for (let k = 0; k < 100; k++) {
      const g = groups(r);
      g[6] = String(((Number(g[6]) + r.int(1, 95)) % 97) + 1).padStart(2, '0');
      expect(of('FR_NIR', `NIR ${g.join('.')}`), g.join('.')).toEqual([]);
    }
  });
});

describe('Singapore NRIC / FIN in lower case', () => {
  it('is read with a context word or column only, scoring below upper case without them', () => {
    const r = new Rng(89);
    for (let k = 0; k < 100; k++) {
      const upper = v.sgNric(r, true, false);
      const lower = upper.toLowerCase();
      expect(sgNricValid(upper)).toBe(true);
      expect(found(`NRIC ${lower}`), lower).toEqual([['SG_NRIC_FIN', lower]]);
      expect(found(lower, 'nric_fin'), lower).toEqual([['SG_NRIC_FIN', lower]]);
      expect(found(`ticket ${lower} closed`), lower).toEqual([]);
      // Lower case is weaker evidence: at a threshold the upper-case form passes alone, it does not.
      expect(of('SG_NRIC_FIN', `ticket ${upper} closed`, '', 0.3), upper).toEqual([['SG_NRIC_FIN', upper]]);
      expect(of('SG_NRIC_FIN', `ticket ${lower} closed`, '', 0.3), lower).toEqual([]);
      // Mixed case is neither form.
      const mixed = upper[0] + lower.slice(1);
      expect(of('SG_NRIC_FIN', `NRIC ${mixed}`), mixed).toEqual([]);
      expect(of('SG_NRIC_FIN', `NRIC ${v.sgNric(r, false, true)}`)).toEqual([]);
    }
  });
});
