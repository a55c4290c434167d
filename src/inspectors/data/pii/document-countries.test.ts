import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';

/** A country named in English before a passport or a driving licence names that country's document (document-countries.ts). */

const found = (text: string, field = '') => scanPii(text, field).map((h) => `${h.entity} ${h.value}`);

/** Text (and field name) → what is found in it. */
const TABLE: Record<string, [text: string, field: string, found: string[]][]> = {
  'names that country’s passport, in its shape where it is known': [
    ['UK passport 340721856', '', ['PASSPORT 340721856']],
    ['British passport no. 340721856', '', ['PASSPORT 340721856']],
    ['German passport C01X00T47', '', ['PASSPORT C01X00T47']],
    ['French passport: 09AB72185', '', ['PASSPORT 09AB72185']],
    ['Spanish passport ABC407218', '', ['PASSPORT ABC407218']],
    ['Italian passport YA4072185', '', ['IT_PASSPORT YA4072185']],
    ['Indian passport J8369854', '', ['IN_PASSPORT J8369854']],
    ['Canadian passport AB407218', '', ['PASSPORT AB407218']],
    ['his Australian passport N4072185', '', ['PASSPORT N4072185']],
  ],
  // A German passport has no A, B, D, Q or S; a British one is nine digits; an Indian one has no leading zero.
  'reads no number of another shape, and no US passport either': [
    ['German passport AB4072185', '', []],
    ['UK passport A40721858', '', []],
    ['Indian passport J0369854', '', []],
    ['UK driving licence A4072185', '', []],
    // Letters, then nothing but counting from 1: what a form or a doc writes as the example.
    ['Spanish passport ABC123456', '', []],
    ['Canadian passport AB123456', '', []],
  ],
  'names that country’s driving licence': [
    ['French driving licence 340721856093', '', ['DRIVER_LICENSE 340721856093']],
    ["Canadian driver's license A4072185", '', ['DRIVER_LICENSE A4072185']],
    ['German driving licence B072RRE2I55', '', ['DRIVER_LICENSE B072RRE2I55']],
    ['Italian driving licence AB4072185C', '', ['IT_DRIVER_LICENSE AB4072185C']],
    ['UK driving licence MORGA753116SM9IJ', '', ['DRIVER_LICENSE MORGA753116SM9IJ']],
  ],
  'leaves a US or an unnamed one the US document': [
    ['US passport 340721856', '', ['US_PASSPORT 340721856']],
    ['American passport 340721856', '', ['US_PASSPORT 340721856']],
    ['passport 340721856', '', ['US_PASSPORT 340721856']],
    ["driver's license A4072185", '', ['US_DRIVER_LICENSE A4072185']],
    ['US driving licence A4072185', '', ['US_DRIVER_LICENSE A4072185']],
  ],
  'counts in a column name too': [
    ['340721856', 'uk_passport_number', ['PASSPORT 340721856']],
    ['340721856', 'passport_number', ['US_PASSPORT 340721856']],
    ['C01X00T47', 'German passport', ['PASSPORT C01X00T47']],
  ],
};

describe('a country before a passport or a driving licence', () => {
  for (const [name, rows] of Object.entries(TABLE)) {
    it(name, () => {
      for (const [text, field, want] of rows) expect(found(text, field), `${text} | ${field}`).toEqual(want);
    });
  }
});
