import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';
import { placeholderRun } from './sample-ids.js';

const entities = (text: string, field = '') => scanPii(text, field).map((h) => `${h.entity} ${h.value}`);

describe('placeholder digits in national ids, phone numbers, passports and licences', () => {
  it('drop a sample id, its context word beside it (Route 53 Domains docs, an AHV sample, a toll-free sample)', () => {
    // Y1234567X passes the NIE's mod-23 letter: the docs' writer made it so.
    expect(entities('(NIE [Número de Identidad de Extranjero])</p> </li> <li> <p>Example: Y1234567X</p>')).toEqual([]);
    expect(entities('AHV-Nr. 756.1234.5678.97')).toEqual([]);
    expect(entities('A string containing a phone number. For example, "8675309" or "+1 (800) 123-4567".')).toEqual([]);
    expect(entities('"PhoneNumber": "425-555-5555"')).toEqual([]);
    expect(entities('BSN: 123456782')).toEqual([]);
  });

  it("keep a person's number with a short run in it", () => {
    expect(entities('NIE: Y8234567Y')).toEqual(['ES_NIE Y8234567Y']);
    expect(entities('phone: +1 (800) 213-4567')).toEqual(['PHONE_NUMBER +1 (800) 213-4567']);
  });

  it("drop a passport's or a driving licence's sample number: a letter prefix and a placeholder run, its context word beside it", () => {
    for (const t of ['Passport number: E12345678', 'passport: X00000000', 'US passport 123456789', "Driver's license: D1234567", 'DL# X0000000', 'Passaporto n. AA1234567', 'Reisepass C01234567', 'UK driving licence 987654321', 'N° de passeport : 12AB34567']) {
      expect(entities(t), t).toEqual([]);
    }
  });

  it("keep a real-shaped passport or licence number, a short run or a repeated digit in it", () => {
    expect(entities('Passport number: C03005988')).toEqual(['US_PASSPORT C03005988']);
    expect(entities('passport: E12345078')).toEqual(['US_PASSPORT E12345078']);
    expect(entities("Driver's license: D8234561")).toEqual(['US_DRIVER_LICENSE D8234561']);
    expect(entities('DL# F1110005')).toEqual(['US_DRIVER_LICENSE F1110005']);
    expect(entities('Passaporto n. YA4871236')).toEqual(['IT_PASSPORT YA4871236']);
  });

  it('are seven digits in a row stepping by one either way, or one digit seven times, across separators', () => {
    for (const v of ['Y1234567X', '123-45-6789', '987654321', '0 800 123 456', '4255555555', '090-1234-5678']) expect(placeholderRun(v), v).toBe(true);
    for (const v of ['Y8234567Y', '123 46 5789', '1234560', '4155552671', '12345 6']) expect(placeholderRun(v), v).toBe(false);
    // Behind letters, digits that only count from 0 or 1, five or more: a form's document number.
    for (const v of ['AB123456', 'D12345', 'X0123456']) expect(placeholderRun(v), v).toBe(true);
    for (const v of ['AB123457', 'D1234', 'AB234567', 'AB654321']) expect(placeholderRun(v), v).toBe(false);
  });
});
