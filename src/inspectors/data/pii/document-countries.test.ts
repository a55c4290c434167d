import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';

/** A country named in English before a passport or a driving licence names that country's document (document-countries.ts). */

const found = (text: string, field = '') => scanPii(text, field).map((h) => `${h.entity} ${h.value}`);

describe('a country before a passport or a driving licence', () => {
  it('names that country’s passport, in its shape where it is known', () => {
    expect(found('UK passport 123456789')).toEqual(['PASSPORT 123456789']);
    expect(found('British passport no. 123456789')).toEqual(['PASSPORT 123456789']);
    expect(found('German passport C01X00T47')).toEqual(['PASSPORT C01X00T47']);
    expect(found('French passport: 12AB34567')).toEqual(['PASSPORT 12AB34567']);
    expect(found('Spanish passport ABC123456')).toEqual(['PASSPORT ABC123456']);
    expect(found('Italian passport YA1234567')).toEqual(['IT_PASSPORT YA1234567']);
    expect(found('Indian passport J8369854')).toEqual(['IN_PASSPORT J8369854']);
    expect(found('Canadian passport AB123456')).toEqual(['PASSPORT AB123456']);
    expect(found('his Australian passport N1234567')).toEqual(['PASSPORT N1234567']);
  });

  it('reads no number of another shape, and no US passport either', () => {
    // A German passport has no A, B, D, Q or S; a British one is nine digits; an Indian one has no leading zero.
    expect(found('German passport AB1234567')).toEqual([]);
    expect(found('UK passport A12345678')).toEqual([]);
    expect(found('Indian passport J0369854')).toEqual([]);
  });

  it('names that country’s driving licence', () => {
    expect(found('French driving licence 123456789012')).toEqual(['DRIVER_LICENSE 123456789012']);
    expect(found("Canadian driver's license A1234567")).toEqual(['DRIVER_LICENSE A1234567']);
    expect(found('German driving licence B072RRE2I55')).toEqual(['DRIVER_LICENSE B072RRE2I55']);
    expect(found('Italian driving licence AB1234567C')).toEqual(['IT_DRIVER_LICENSE AB1234567C']);
    expect(found('UK driving licence MORGA753116SM9IJ')).toEqual(['DRIVER_LICENSE MORGA753116SM9IJ']);
    expect(found('UK driving licence A1234567')).toEqual([]);
  });

  it('leaves a US or an unnamed one the US document', () => {
    expect(found('US passport 123456789')).toEqual(['US_PASSPORT 123456789']);
    expect(found('American passport 123456789')).toEqual(['US_PASSPORT 123456789']);
    expect(found('passport 123456789')).toEqual(['US_PASSPORT 123456789']);
    expect(found("driver's license A1234567")).toEqual(['US_DRIVER_LICENSE A1234567']);
    expect(found('US driving licence A1234567')).toEqual(['US_DRIVER_LICENSE A1234567']);
  });

  it('counts in a column name too', () => {
    expect(found('123456789', 'uk_passport_number')).toEqual(['PASSPORT 123456789']);
    expect(found('123456789', 'passport_number')).toEqual(['US_PASSPORT 123456789']);
    expect(found('C01X00T47', 'German passport')).toEqual(['PASSPORT C01X00T47']);
  });
});
