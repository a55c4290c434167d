import { describe, expect, it } from 'vitest';
import { tfnValid } from './checksums.js';
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
  it('are read as `AB 123456 C`, `AB123456 C` and `AB 123456C`, with context', () => {
    for (const nino of ['AB 123456 C', 'AB123456 C', 'AB 123456C']) {
      expect(found(`National Insurance number ${nino} on the payslip`), nino).toEqual([['UK_NINO', nino]]);
      expect(found(nino, 'ni_number'), nino).toEqual([['UK_NINO', nino]]);
      expect(found(`ref ${nino}`), nino).toEqual([]);
    }
  });

  it('keep the prefixes HMRC never issues and the suffixes past D rejected', () => {
    for (const bad of ['GB 123456 A', 'NK123456 B', 'TN 123456C', 'ZZ 123456 D', 'QQ 123456 A', 'DA123456 A', 'AB 123456 E', 'AB123456 F', 'AB 1234567 C', 'AB 12345 C']) {
      expect(found(`NINO ${bad}`), bad).toEqual([]);
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
