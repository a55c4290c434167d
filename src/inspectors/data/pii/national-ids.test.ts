import { describe, expect, it } from 'vitest';
import { ahvValid, cnResidentIdValid, dkCprValid, ean13Valid, itinValid, krRrnUnchecked, krRrnValid, luhn, noFodselsnummerValid, realDate, sePersonnummerValid, ssnValid, zaIdValid } from './checksums.js';
import { scanPii } from './engine.js';
import { Rng } from '../testing/random.js';
import * as v from '../testing/values.js';

/** The entity and the exact text of each hit. */
const found = (text: string, field = '', threshold?: number) => scanPii(text, field, { threshold }).map((h) => [h.entity, text.slice(h.start, h.end)]);

// Check digits worked out here from each algorithm's description, apart from checksums.ts: every
// value below is built at test time from a made-up body (no real person's number is written down).
const digitsOf = (s: string) => [...s].map(Number);
const dot = (s: string, w: readonly number[]) => digitsOf(s).reduce((sum, d, i) => sum + d * w[i]!, 0);
function luhnDigit(body: string): number {
  // Doubling every second digit from the right of body + check: the body's last digit is doubled.
  const sum = digitsOf(body).reverse().reduce((s, d, i) => s + (i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  return (10 - (sum % 10)) % 10;
}
const krCheck = (twelve: string) => (11 - (dot(twelve, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]) % 11)) % 10;
const noCheck = (s: string, w: readonly number[]) => {
  const k = 11 - (dot(s, w) % 11);
  return k === 11 ? 0 : k;
};
const withNoChecks = (nine: string) => {
  const k1 = noCheck(nine, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  return `${nine}${k1}${noCheck(`${nine}${k1}`, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])}`;
};
const eanCheck = (twelve: string) => (10 - (dot(twelve, [1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3]) % 10)) % 10;
const cnCheck = (seventeen: string) => '10X98765432'[dot(seventeen, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]) % 11]!;
const otherDigit = (d: number) => (d + 1) % 10;

describe('national id checks, by hand from their descriptions', () => {
  it('tell real calendar days', () => {
    expect(realDate(2000, 2, 29)).toBe(true);
    expect(realDate(1900, 2, 29)).toBe(false);
    expect(realDate(2024, 4, 31)).toBe(false);
    expect(realDate(2024, 13, 1)).toBe(false);
  });

  it('US ITIN: area 9XX and a group the IRS issues; never an SSN', () => {
    for (const g of ['50', '65', '70', '88', '90', '92', '94', '99']) expect(itinValid(`912${g}3456`), g).toBe(true);
    for (const g of ['49', '66', '69', '89', '93', '00']) expect(itinValid(`912${g}3456`), g).toBe(false);
    expect(itinValid('812703456')).toBe(false);
    expect(ssnValid('912703456')).toBe(false);
  });

  it('KR RRN: a real date in the gender digit’s century and the mod-11 digit', () => {
    const body = '8503141234567'.slice(0, 12);
    expect(krRrnValid(body + krCheck(body))).toBe(true);
    expect(krRrnValid(body + otherDigit(krCheck(body)))).toBe(false);
    // 29 February: in 2000 (gender digit 3) a day, in 1900 (digit 1) none.
    for (const [twelve, ok] of [['000229312345', true], ['000229112345', false], ['850230123456', false], ['850314923456', false]] as const) {
      expect(krRrnValid(twelve + krCheck(twelve)), twelve).toBe(ok);
    }
  });

  it('KR RRN since October 2020: a birth date from that month on, not in the future, and no check digit', () => {
    const now = new Date(Date.UTC(2026, 10, 27));
    const body = '210315312345';
    for (const last of ['0', '5', '9']) expect(krRrnUnchecked(body + last, now), last).toBe(true);
    // The day before, and a day not yet come; the 1900s (gender digit 1) for the same six digits.
    for (const twelve of ['200930312345', '261231412345', '210315112345']) expect(krRrnUnchecked(twelve + '7', now), twelve).toBe(false);
    expect(krRrnUnchecked('201001412345' + '3', now)).toBe(true);
  });

  it('NO fødselsnummer: an H-number (month + 40) is one, a D- and H-number at once is not', () => {
    // 15 May 1988 as an H-number (its check digits come out below 10: a number that is issued).
    const h = withNoChecks('154588123');
    expect(h).toHaveLength(11);
    expect(noFodselsnummerValid(h)).toBe(true);
    const both = withNoChecks('554588123');
    expect(both).toHaveLength(11);
    expect(noFodselsnummerValid(both)).toBe(false);
    expect(found(`H-nummer ${h}`)).toEqual([['NO_FODSELSNUMMER', h]]);
    expect(found(`ref ${h}`)).toEqual([]);
  });

  it('SE personnummer: Luhn over ten digits, a real date, day + 60 for a samordningsnummer, `+` a century back', () => {
    const nine = '850314123';
    const ten = nine + luhnDigit(nine);
    expect(luhn(ten)).toBe(true);
    for (const s of [ten, `${ten.slice(0, 6)}-${ten.slice(6)}`, `19${ten}`, `19${ten.slice(0, 6)}-${ten.slice(6)}`]) expect(sePersonnummerValid(s), s).toBe(true);
    expect(sePersonnummerValid(nine + otherDigit(luhnDigit(nine)))).toBe(false);
    const coordination = '850374123';
    expect(sePersonnummerValid(coordination + luhnDigit(coordination))).toBe(true);
    const leap = '000229123';
    const leapTen = leap + luhnDigit(leap);
    // Without `+` the year is 2000 (a leap year); with it 1900 (none).
    expect(sePersonnummerValid(`${leapTen.slice(0, 6)}-${leapTen.slice(6)}`, new Date(Date.UTC(2026, 0, 1)))).toBe(true);
    expect(sePersonnummerValid(`${leapTen.slice(0, 6)}+${leapTen.slice(6)}`, new Date(Date.UTC(2026, 0, 1)))).toBe(false);
  });

  it('NO fødselsnummer: two mod-11 digits, a real date (D-number + 40), the individual number’s century', () => {
    const n = withNoChecks('140385123');
    expect(noFodselsnummerValid(n)).toBe(true);
    expect(noFodselsnummerValid(n.slice(0, 10) + otherDigit(Number(n[10])))).toBe(false);
    expect(noFodselsnummerValid(withNoChecks('540385123'))).toBe(true);
    // Individual numbers 750–899 were never given to the born from 1940 on, nor 500–749 before 1854.
    for (const nine of ['140360800', '140340600']) {
      const all = withNoChecks(nine);
      if (!all.slice(9).includes('10')) expect(noFodselsnummerValid(all), nine).toBe(false);
    }
    expect(noFodselsnummerValid(withNoChecks('300285123'))).toBe(false);
  });

  it('DK CPR: a real date in the century the seventh digit names; the old mod-11 check is not required', () => {
    expect(dkCprValid('1403851234')).toBe(true);
    expect(dkCprValid('2902004123')).toBe(true); // 4: 2000, a leap year
    expect(dkCprValid('2902001123')).toBe(false); // 1: 1900, none
    expect(dkCprValid('3104851234')).toBe(false);
  });

  it('CH AHV: 756 and the EAN-13 check', () => {
    const twelve = '756123456789';
    expect(ean13Valid(twelve + eanCheck(twelve))).toBe(true);
    expect(ahvValid(twelve + eanCheck(twelve))).toBe(true);
    expect(ahvValid(twelve + otherDigit(eanCheck(twelve)))).toBe(false);
    const other = '757123456789';
    expect(ahvValid(other + eanCheck(other))).toBe(false);
  });

  it('CN resident id: a province, a real birth date and the MOD 11-2 character (X for 10)', () => {
    const body = '11010519850314123';
    expect(cnResidentIdValid(body + cnCheck(body))).toBe(true);
    expect(cnResidentIdValid(body + (cnCheck(body) === '1' ? '2' : '1'))).toBe(false);
    let x = 0;
    while (cnCheck(`1101051985031${String(x).padStart(4, '0')}`) !== 'X') x++;
    const withX = `1101051985031${String(x).padStart(4, '0')}`;
    expect(cnResidentIdValid(`${withX}X`)).toBe(true);
    expect(cnResidentIdValid(`${withX}x`)).toBe(true);
    const province = '99010519850314123';
    expect(cnResidentIdValid(province + cnCheck(province))).toBe(false);
    const date = '11010519850230123';
    expect(cnResidentIdValid(date + cnCheck(date))).toBe(false);
  });

  it('ZA id: a real date, citizenship 0–2, 8 or 9, Luhn', () => {
    const twelve = '850314512308';
    expect(zaIdValid(twelve + luhnDigit(twelve))).toBe(true);
    expect(zaIdValid(twelve + otherDigit(luhnDigit(twelve)))).toBe(false);
    for (const bad of ['850314512338', '850314512307', '850230512308']) expect(zaIdValid(bad + luhnDigit(bad)), bad).toBe(false);
  });
});

const CASES = [
  { entity: 'US_ITIN', gen: v.itin, word: 'ITIN', column: 'itin' },
  { entity: 'KR_RRN', gen: v.krRrn, word: 'RRN', column: 'resident_registration_number' },
  { entity: 'IN_PAN', gen: v.inPan, word: 'PAN', column: 'pan_number' },
  { entity: 'SE_PERSONNUMMER', gen: v.sePersonnummer, word: 'personnummer', column: 'personnummer' },
  { entity: 'NO_FODSELSNUMMER', gen: v.noFodselsnummer, word: 'fødselsnummer', column: 'fnr' },
  { entity: 'DK_CPR', gen: v.dkCpr, word: 'CPR-nr.', column: 'cpr_nr' },
  { entity: 'CH_AHV', gen: v.chAhv, word: 'AHV-Nr.', column: 'ahv_nummer' },
  { entity: 'CN_RESIDENT_ID', gen: v.cnResidentId, word: 'resident ID', column: 'resident_identity_number' },
  { entity: 'JP_MY_NUMBER', gen: v.jpMyNumber, word: 'My Number', column: 'my_number' },
  { entity: 'ZA_ID_NUMBER', gen: v.zaId, word: 'SA ID', column: 'id_number' },
] as const;

describe('national id recognizers', () => {
  it('find each value with its context word or column, as its own entity and whole', () => {
    const r = new Rng(71);
    for (const { entity, gen, word, column } of CASES) {
      for (let k = 0; k < 150; k++) {
        const good = gen(r);
        expect(found(`${word} ${good} on file`), `${entity} ${good}`).toEqual([[entity, good]]);
        expect(found(good, column), `${entity} ${good}`).toEqual([[entity, good]]);
      }
    }
  });

  it('drop the values whose check, group or date fails, context or not', () => {
    const r = new Rng(72);
    for (const { entity, gen, word, column } of CASES) {
      for (let k = 0; k < 150; k++) {
        const bad = gen(r, false);
        expect(found(`${word} ${bad} on file`).filter((h) => h[0] === entity), `${entity} ${bad}`).toEqual([]);
        expect(found(bad, column).filter((h) => h[0] === entity), `${entity} ${bad}`).toEqual([]);
      }
    }
  });

  it('stand alone only in the forms nothing else is written in; the rest need the context word', () => {
    const r = new Rng(73);
    const alone = (entity: string, value: string) => found(`ref ${value} ok`).filter((h) => h[0] === entity).length === 1;
    for (let k = 0; k < 100; k++) {
      const itin = v.itin(r);
      expect(alone('US_ITIN', itin), itin).toBe(itin.includes('-'));
      // One born since October 2020 has no check digit: context always.
      const rrn = v.krRrn(r);
      expect(alone('KR_RRN', rrn), rrn).toBe(rrn.includes('-') && krRrnValid(rrn.replace('-', '')));
      const ahv = v.chAhv(r);
      expect(alone('CH_AHV', ahv), ahv).toBe(ahv.includes('.'));
      const cn = v.cnResidentId(r);
      expect(alone('CN_RESIDENT_ID', cn), cn).toBe(true);
      for (const { entity, gen } of CASES.filter((c) => ['IN_PAN', 'SE_PERSONNUMMER', 'NO_FODSELSNUMMER', 'DK_CPR', 'ZA_ID_NUMBER', 'JP_MY_NUMBER'].includes(c.entity))) {
        const value = gen(r);
        expect(alone(entity, value), `${entity} ${value}`).toBe(false);
      }
    }
    // The context word lifts the score to the recognizer's contextScore.
    const scores = (entity: string, text: string) => scanPii(text, '', { threshold: 0.05 }).filter((h) => h.entity === entity).map((h) => h.score);
    const pan = v.inPan(r);
    expect(scores('IN_PAN', `ref ${pan}`)).toEqual([0.4]);
    expect(scores('IN_PAN', `PAN ${pan}`)).toEqual([0.9]);
    // Typed in lower case it is weaker alone, and the same with its context word; mixed case is none.
    expect(scores('IN_PAN', `ref ${pan.toLowerCase()}`)).toEqual([0.2]);
    expect(scores('IN_PAN', `pan no. ${pan.toLowerCase()}`)).toEqual([0.9]);
    expect(scanPii(pan.toLowerCase(), 'pan_number').map((h) => h.entity)).toEqual(['IN_PAN']);
    expect(scanPii(pan.toLowerCase()).map((h) => h.entity)).toEqual([]);
    expect(scores('IN_PAN', `PAN ${pan.slice(0, 5).toLowerCase()}${pan.slice(5)}`)).toEqual([]);
    // The holder letter is checked in lower case too: `d` names no holder type.
    expect(scores('IN_PAN', 'PAN abcdx1234y')).toEqual([]);
    const itin = v.itin(r).replace(/\D/g, '');
    expect(scores('US_ITIN', `ref ${itin.slice(0, 3)}-${itin.slice(3, 5)}-${itin.slice(5)}`)).toEqual([0.5]);
    expect(scores('US_ITIN', `ref ${itin}`)).toEqual([0.3]);
    expect(scores('US_ITIN', `ITIN ${itin}`)).toEqual([0.85]);
    let se = v.sePersonnummer(r);
    while (!/^\d{6}-\d{4}$/.test(se)) se = v.sePersonnummer(r);
    expect(scores('SE_PERSONNUMMER', `ref ${se}`)).toEqual([0.4]);
    expect(scores('SE_PERSONNUMMER', `personnummer ${se}`)).toEqual([0.95]);
    let cpr = v.dkCpr(r);
    while (!cpr.includes('-')) cpr = v.dkCpr(r);
    expect(scores('DK_CPR', `ref ${cpr}`)).toEqual([0.3]);
    expect(scores('DK_CPR', `CPR ${cpr}`)).toEqual([0.85]);
  });

  it('read a My Number in fours as the card prints it, and not an Aadhaar number in the same shape', () => {
    const r = new Rng(76);
    let jp = v.jpMyNumber(r);
    while (!jp.includes(' ')) jp = v.jpMyNumber(r);
    const scores = (entity: string, text: string) => scanPii(text, '', { threshold: 0.05, entities: new Set([entity]) }).map((h) => h.score);
    expect(scores('JP_MY_NUMBER', `ref ${jp}`)).toEqual([0.4]);
    expect(scores('JP_MY_NUMBER', `ref ${jp.replace(/ /g, '')}`)).toEqual([0.3]);
    for (const word of ['My Number:', 'individual number', 'Kojin Bango']) expect(found(`${word} ${jp}`), word).toEqual([['JP_MY_NUMBER', jp]]);
    // Twelve digits in fours with the Aadhaar's own word stay an Aadhaar number.
    const aadhaar = v.aadhaar(r);
    expect(found(`Aadhaar ${aadhaar}`).map((h) => h[0])).toEqual(['IN_AADHAAR']);
    // Mixed separators are no one's.
    expect(found(`My Number ${jp.slice(0, 4)}-${jp.slice(5)}`)).toEqual([]);
  });

  it('read Norwegian, Swedish and French context words with their letters', () => {
    const r = new Rng(74);
    const fnr = v.noFodselsnummer(r);
    for (const word of ['Fødselsnummer', 'fodselsnummer', 'D-nummer']) expect(found(`${word}: ${fnr}`), word).toEqual([['NO_FODSELSNUMMER', fnr]]);
    let ahv = v.chAhv(r);
    while (ahv.includes('.')) ahv = v.chAhv(r);
    expect(found(`Numéro AVS ${ahv}`)).toEqual([['CH_AHV', ahv]]);
  });

  it('never report an ITIN as an SSN, nor a 13- or 18-digit national id as a card', () => {
    const r = new Rng(75);
    for (let k = 0; k < 100; k++) {
      const itin = v.itin(r).replace(/[ ]/g, '-');
      expect(found(`SSN ${itin}`), itin).toEqual([['US_ITIN', itin]]);
      expect(found(itin.replace(/-/g, ''), 'ssn'), itin).toEqual([['US_ITIN', itin.replace(/-/g, '')]]);
    }
    // South Africans born in the 1940s: thirteen digits from 4 that pass Luhn, like an old Visa number.
    let za = v.zaId(r);
    while (!/^4\d{12}$/.test(za)) za = v.zaId(r);
    expect(found(`SA ID ${za}`)).toEqual([['ZA_ID_NUMBER', za]]);
    expect(found(`ref ${za}`)).toEqual([]);
    // A Chinese resident id from Xinjiang (65) whose digits pass Luhn: a Discover number's prefix and length.
    let cn = v.cnResidentId(r);
    while (!(cn.startsWith('65') && luhn(cn))) cn = v.cnResidentId(r);
    expect(found(`ref ${cn}`)).toEqual([['CN_RESIDENT_ID', cn]]);
  });

  it('read no Swedish organisationsnummer as a personnummer: its third digit (2 or more) is no month', () => {
    const nine = '556123456';
    const org = `${nine.slice(0, 6)}-${nine.slice(6)}${luhnDigit(nine)}`;
    expect(luhn(org.replace('-', ''))).toBe(true);
    expect(found(`organisationsnummer ${org}, personnummer saknas`)).toEqual([]);
  });

  it('stay quiet on dates, compact timestamps and date-based numbers', () => {
    for (const text of ['2024-01-15', '20240115', '20240115-1030', '240115-1030', '20240115103012', 'build 2401151030', 'lot 240115-0012345', 'epoch 1705314612', '15.01.2024 10:30', 'v2024.01.15-1030', 'file_20240115-1030.log']) {
      expect(found(text), text).toEqual([]);
    }
  });
});
