import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';

/** The entity and the exact text of each hit. */
const found = (text: string, field = '', threshold?: number) => scanPii(text, field, { threshold }).map((h) => [h.entity, text.slice(h.start, h.end)]);

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
