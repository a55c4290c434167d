import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';

/** A country named in English before a passport or a driving licence names that country's document (document-countries.ts). */

const found = (text: string, field = '') => scanPii(text, field).map((h) => `${h.entity} ${h.value}`);

/** Text (and field name) → what is found in it. */
const TABLE: Record<string, [text: string, field: string, found: string[]][]> = {
  'names that country’s passport, in its shape where it is known': [
    ['UK passport 123456789', '', ['PASSPORT 123456789']],
    ['British passport no. 123456789', '', ['PASSPORT 123456789']],
    ['German passport C01X00T47', '', ['PASSPORT C01X00T47']],
    ['French passport: 12AB34567', '', ['PASSPORT 12AB34567']],
    ['Spanish passport ABC123456', '', ['PASSPORT ABC123456']],
    ['Italian passport YA1234567', '', ['IT_PASSPORT YA1234567']],
    ['Indian passport J8369854', '', ['IN_PASSPORT J8369854']],
    ['Canadian passport AB123456', '', ['PASSPORT AB123456']],
    ['his Australian passport N1234567', '', ['PASSPORT N1234567']],
  ],
  // A German passport has no A, B, D, Q or S; a British one is nine digits; an Indian one has no leading zero.
  'reads no number of another shape, and no US passport either': [
    ['German passport AB1234567', '', []],
    ['UK passport A12345678', '', []],
    ['Indian passport J0369854', '', []],
    ['UK driving licence A1234567', '', []],
  ],
  'names that country’s driving licence': [
    ['French driving licence 123456789012', '', ['DRIVER_LICENSE 123456789012']],
    ["Canadian driver's license A1234567", '', ['DRIVER_LICENSE A1234567']],
    ['German driving licence B072RRE2I55', '', ['DRIVER_LICENSE B072RRE2I55']],
    ['Italian driving licence AB1234567C', '', ['IT_DRIVER_LICENSE AB1234567C']],
    ['UK driving licence MORGA753116SM9IJ', '', ['DRIVER_LICENSE MORGA753116SM9IJ']],
  ],
  'leaves a US or an unnamed one the US document': [
    ['US passport 123456789', '', ['US_PASSPORT 123456789']],
    ['American passport 123456789', '', ['US_PASSPORT 123456789']],
    ['passport 123456789', '', ['US_PASSPORT 123456789']],
    ["driver's license A1234567", '', ['US_DRIVER_LICENSE A1234567']],
    ['US driving licence A1234567', '', ['US_DRIVER_LICENSE A1234567']],
  ],
  'counts in a column name too': [
    ['123456789', 'uk_passport_number', ['PASSPORT 123456789']],
    ['123456789', 'passport_number', ['US_PASSPORT 123456789']],
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
