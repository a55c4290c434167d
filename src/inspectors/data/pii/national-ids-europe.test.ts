import { describe, expect, it } from 'vitest';
import { classifyColumns } from '../columns.js';
import { beNationalNumberValid, deTaxIdValid, hrOibValid, iso7064Mod1110Valid, jpMyNumberValid, roCnpValid, trKimlikValid } from './national-id-checks.js';
import { scanPii } from './engine.js';
import { Rng } from '../testing/random.js';
import * as v from '../testing/values.js';

/** The entity and the exact text of each hit. */
const found = (text: string, field = '', threshold?: number) => scanPii(text, field, { threshold }).map((h) => [h.entity, text.slice(h.start, h.end)]);
/** The scores of one recognizer alone (others that read the same digits may tie with it). */
const scores = (entity: string, text: string, field = '') => scanPii(text, field, { threshold: 0.05, entities: new Set([entity]) }).map((h) => h.score);

// Check digits worked out here from each issuer's description, apart from national-id-checks.ts:
// every value is built at test time from a made-up body (no real person's number is written down).
const digitsOf = (s: string) => [...s].map(Number);
const dot = (s: string, w: readonly number[]) => digitsOf(s).reduce((sum, d, i) => sum + d * w[i]!, 0);
/** ISO 7064 MOD 11,10 as the standard states it: P = 10; per digit S = (P + d) mod 10, 10 for 0, P = 2S mod 11; the check makes the last P 1. */
function mod1110(body: string): number {
  let p = 10;
  for (const d of digitsOf(body)) {
    let s = (p + d) % 10;
    if (s === 0) s = 10;
    p = (2 * s) % 11;
  }
  return p === 1 ? 0 : 11 - p;
}
const jpCheck = (eleven: string) => {
  const r = dot(eleven, [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
  return r <= 1 ? 0 : 11 - r;
};
const beCheck = (nine: string, since2000: boolean) => 97 - (Number((since2000 ? '2' : '') + nine) % 97);
const trChecks = (nine: string) => {
  const d = digitsOf(nine);
  const tenth = (((d[0]! + d[2]! + d[4]! + d[6]! + d[8]!) * 7 - (d[1]! + d[3]! + d[5]! + d[7]!)) % 10 + 10) % 10;
  return `${tenth}${(d.reduce((a, b) => a + b, 0) + tenth) % 10}`;
};
const roCheck = (twelve: string) => {
  const r = dot(twelve, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
  return r === 10 ? 1 : r;
};
const otherDigit = (d: number) => (d + 1) % 10;
const pad2 = (n: number) => String(n).padStart(2, '0');

describe('national id checks, by hand from their descriptions', () => {
  it('JP My Number: the Cabinet Office weights from the left, 0 for a remainder of 0 or 1', () => {
    for (const eleven of ['12345678901', '00000000000', '98765432109', '31415926535']) {
      expect(jpMyNumberValid(eleven + jpCheck(eleven)), eleven).toBe(true);
      expect(jpMyNumberValid(eleven + otherDigit(jpCheck(eleven))), eleven).toBe(false);
    }
    // A body whose weighted sum leaves 1 takes 0 (11 − 1 = 10 is no digit).
    let n = 0;
    while (dot(String(n).padStart(11, '0'), [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11 !== 1) n++;
    expect(jpMyNumberValid(`${String(n).padStart(11, '0')}0`)).toBe(true);
    expect(jpMyNumberValid('1234567890')).toBe(false);
  });

  it('ISO 7064 MOD 11,10 and the OIB', () => {
    for (const ten of ['1234567890', '0000000001', '9876543210', '5555555555']) {
      expect(iso7064Mod1110Valid(ten + mod1110(ten)), ten).toBe(true);
      expect(hrOibValid(ten + mod1110(ten)), ten).toBe(true);
      expect(hrOibValid(ten + otherDigit(mod1110(ten))), ten).toBe(false);
    }
    expect(hrOibValid('1234567890')).toBe(false);
  });

  it('DE tax id: first not 0, exactly one digit repeated (three times not in a row), MOD 11,10', () => {
    const ok = (ten: string) => deTaxIdValid(ten + mod1110(ten));
    // One digit twice (1), three times apart (1 at 0, 4, 7).
    expect(ok('1234567891')).toBe(true);
    expect(ok('1231561789')).toBe(true);
    expect(deTaxIdValid('1234567891' + otherDigit(mod1110('1234567891')))).toBe(false);
    // All ten digits different; two digits repeated; one four times; three in a row; a leading 0.
    for (const ten of ['1234567890', '1123456788', '1213141567', '1112345678', '0234567890']) expect(ok(ten), ten).toBe(false);
  });

  it('BE national number: 97 − the nine digits mod 97, with a 2 before them since 2000; a real date; a BIS month', () => {
    const now = new Date(Date.UTC(2026, 10, 27));
    const nine = '850314123';
    expect(beNationalNumberValid(nine + pad2(beCheck(nine, false)), now)).toBe(true);
    // The 2000s' check for the 1900s' digits is a number too — of someone born in 2085, not yet.
    expect(beNationalNumberValid(nine + pad2(beCheck(nine, true)), now)).toBe(false);
    const young = '050314123';
    expect(beNationalNumberValid(young + pad2(beCheck(young, true)), now)).toBe(true);
    expect(beNationalNumberValid(young + pad2(beCheck(young, false)), now)).toBe(true); // 1905
    // 29 February 2000 (with the 2) is a day; 31 April in any year is not; sequence 000 is never issued.
    expect(beNationalNumberValid('000229123' + pad2(beCheck('000229123', true)), now)).toBe(true);
    expect(beNationalNumberValid('850431123' + pad2(beCheck('850431123', false)), now)).toBe(false);
    expect(beNationalNumberValid('850314000' + pad2(beCheck('850314000', false)), now)).toBe(false);
    // A BIS number: the month plus 20 or 40.
    expect(beNationalNumberValid('852314123' + pad2(beCheck('852314123', false)), now)).toBe(true);
    expect(beNationalNumberValid('854314123' + pad2(beCheck('854314123', false)), now)).toBe(true);
    expect(beNationalNumberValid('851314123' + pad2(beCheck('851314123', false)), now)).toBe(false);
  });

  it('TR T.C. Kimlik: first not 0 and the two check digits', () => {
    for (const nine of ['100000001', '123456789', '987654321']) {
      const checks = trChecks(nine);
      expect(trKimlikValid(nine + checks), nine).toBe(true);
      expect(trKimlikValid(nine + checks[0] + otherDigit(Number(checks[1]))), nine).toBe(false);
      expect(trKimlikValid(nine + otherDigit(Number(checks[0])) + checks[1]), nine).toBe(false);
    }
    expect(trKimlikValid('023456789' + trChecks('023456789'))).toBe(false);
  });

  it('RO CNP: sex and century, a real date, a county, the 279146358279 key (10 as 1)', () => {
    const ok = (twelve: string) => roCnpValid(twelve + roCheck(twelve));
    expect(ok('185031422123')).toBe(true);
    expect(roCnpValid('185031422123' + otherDigit(roCheck('185031422123')))).toBe(false);
    expect(ok('500022940123')).toBe(true); // 29 February 2000
    expect(ok('100022940123')).toBe(false); // 1900: none
    // 3 and 4 (the 1800s), county 49 and 99, month 13.
    for (const twelve of ['385031422123', '185031449123', '185031499123', '185131422123']) expect(ok(twelve), twelve).toBe(false);
    // A remainder of 10 gives 1.
    let s = 0;
    while (dot(`18503142${String(s).padStart(4, '0')}`, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11 !== 10) s++;
    expect(roCnpValid(`18503142${String(s).padStart(4, '0')}1`)).toBe(true);
  });
});

const CASES = [
  { entity: 'DE_TAX_ID', gen: v.deTaxId, word: 'Steuer-ID', column: 'steuer_id' },
  { entity: 'BE_NATIONAL_NUMBER', gen: v.beNationalNumber, word: 'Rijksregisternummer', column: 'rijksregisternummer' },
  { entity: 'TR_TC_KIMLIK', gen: v.trKimlik, word: 'T.C. Kimlik No', column: 'tc_kimlik_no' },
  { entity: 'HR_OIB', gen: v.hrOib, word: 'OIB', column: 'oib' },
  { entity: 'RO_CNP', gen: v.roCnp, word: 'CNP', column: 'cnp' },
] as const;

describe('European national id recognizers', () => {
  it('find each value with its context word or column, as its own entity and whole', () => {
    const r = new Rng(81);
    for (const { entity, gen, word, column } of CASES) {
      for (let k = 0; k < 150; k++) {
        const good = gen(r);
        expect(found(`${word} ${good} on file`), `${entity} ${good}`).toEqual([[entity, good]]);
        expect(found(good, column), `${entity} ${good}`).toEqual([[entity, good]]);
      }
    }
  });

  it('drop the values whose check fails, context or not', () => {
    const r = new Rng(82);
    for (const { entity, gen, word, column } of CASES) {
      for (let k = 0; k < 150; k++) {
        const bad = gen(r, false);
        expect(found(`${word} ${bad} on file`).filter((h) => h[0] === entity), `${entity} ${bad}`).toEqual([]);
        expect(found(bad, column).filter((h) => h[0] === entity), `${entity} ${bad}`).toEqual([]);
      }
    }
  });

  it('stand alone only as a Belgian number printed with its dots and dash; the rest need context', () => {
    const r = new Rng(83);
    for (let k = 0; k < 150; k++) {
      for (const { entity, gen } of CASES) {
        const value = gen(r);
        const alone = found(`ref ${value} ok`).filter((h) => h[0] === entity).length === 1;
        expect(alone, `${entity} ${value}`).toBe(entity === 'BE_NATIONAL_NUMBER' && value.includes('.'));
      }
    }
    let be = v.beNationalNumber(r);
    while (!be.includes('.')) be = v.beNationalNumber(r);
    expect(scores('BE_NATIONAL_NUMBER', `ref ${be}`)).toEqual([0.6]);
    expect(scores('BE_NATIONAL_NUMBER', `ref ${be.replace(/\D/g, '')}`)).toEqual([0.3]);
    expect(scores('BE_NATIONAL_NUMBER', `INSZ ${be}`)).toEqual([0.95]);
    // Printed with the check of another number, or with a month no one has, it is none.
    expect(found(`ref ${be.slice(0, 13)}${be.slice(13) === '01' ? '02' : '01'} ok`)).toEqual([]);
    expect(found('ref 85.13.14-123.45 ok')).toEqual([]);
  });

  it('read the context words as the languages write them', () => {
    const r = new Rng(84);
    const tr = v.trKimlik(r);
    for (const word of ['T.C. Kimlik Numarası:', 'TC kimlik no', 'TCKN', 'Kimlik No.']) expect(found(`${word} ${tr}`), word).toEqual([['TR_TC_KIMLIK', tr]]);
    const de = v.deTaxId(r);
    for (const word of ['Steuer-ID', 'IdNr.', 'Steueridentifikationsnummer:', 'steuerliche Identifikationsnummer', 'Tax ID']) expect(found(`${word} ${de}`), word).toEqual([['DE_TAX_ID', de]]);
    let be = v.beNationalNumber(r);
    while (be.includes('.')) be = v.beNationalNumber(r);
    for (const word of ['Numéro de registre national', 'rijksregisternummer', 'NISS', 'national number']) expect(found(`${word} ${be}`), word).toEqual([['BE_NATIONAL_NUMBER', be]]);
    const oib = v.hrOib(r);
    expect(found(`Osobni identifikacijski broj: ${oib}`)).toEqual([['HR_OIB', oib]]);
    const cnp = v.roCnp(r);
    expect(found(`Codul numeric personal ${cnp}`)).toEqual([['RO_CNP', cnp]]);
  });

  it('are not read after a calling code, inside a longer grouped number or as a decimal', () => {
    const r = new Rng(85);
    const tr = v.trKimlik(r);
    for (const text of [`Kimlik +${tr}`, `Kimlik 12 ${tr}`, `Kimlik ${tr}.5`, `Kimlik 0.${tr}`]) expect(found(text).filter((h) => h[0] === 'TR_TC_KIMLIK'), text).toEqual([]);
    const cnp = v.roCnp(r);
    expect(found(`CNP ${cnp}7`)).toEqual([]);
  });

  it('share eleven digits by their words: an OIB column is no German tax id, a Kimlik none of the others', () => {
    const r = new Rng(86);
    let de = v.deTaxId(r);
    while (de.includes(' ')) de = v.deTaxId(r);
    // One check for both: the word decides.
    expect(found(de, 'oib')).toEqual([['HR_OIB', de]]);
    expect(found(de, 'steuer_id')).toEqual([['DE_TAX_ID', de]]);
    for (let k = 0; k < 50; k++) {
      const tr = v.trKimlik(r);
      expect(found(tr, 'tc_kimlik_no'), tr).toEqual([['TR_TC_KIMLIK', tr]]);
    }
  });
});

describe('European national id columns', () => {
  const classOf = (...names: string[]) => classifyColumns(names.map((name) => ({ name, nonEmpty: 3, hits: {} })), 3).map((c) => c.entity);
  it('are named by their headers', () => {
    const want: Record<string, string> = {
      steuer_id: 'DE_TAX_ID', 'Steuer-ID': 'DE_TAX_ID', idnr: 'DE_TAX_ID', steueridentifikationsnummer: 'DE_TAX_ID',
      rijksregisternummer: 'BE_NATIONAL_NUMBER', 'Numéro de registre national': 'BE_NATIONAL_NUMBER', insz: 'BE_NATIONAL_NUMBER',
      tc_kimlik_no: 'TR_TC_KIMLIK', 'T.C. Kimlik No': 'TR_TC_KIMLIK', tckn: 'TR_TC_KIMLIK', kimlik_numarasi: 'TR_TC_KIMLIK',
      oib: 'HR_OIB', cnp: 'RO_CNP', cod_numeric_personal: 'RO_CNP',
    };
    for (const [name, entity] of Object.entries(want)) expect(classOf(name), name).toEqual([entity]);
    // Any country's tax id is no German one by its name alone.
    expect(classOf('tax_id')).toEqual([]);
  });
});
