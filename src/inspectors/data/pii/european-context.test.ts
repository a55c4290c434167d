import { describe, expect, it } from 'vitest';
import { scanPii } from './engine.js';

/**
 * Context words in the main European languages, written ASCII-folded, matching accented text and
 * column names (see fold.ts): a weak match dropped without them is kept with them.
 */

const entities = (text: string, field = '') => scanPii(text, field).map((h) => h.entity);
const only = (entity: string) => (text: string, field = '') => entities(text, field).filter((e) => e === entity);

describe('context words in European languages', () => {
  const phone = only('PHONE_NUMBER');
  // A French national number: without `+` it is weak (see phone-number.ts) and needs context.
  const number = '03 39 24 70 45';

  it('lift a national phone number in text and in column names', () => {
    expect(phone(`ref ${number}`)).toEqual([]);
    for (const label of ['Téléphone :', 'Teléfono:', 'Telefonnummer', 'Komórka', 'Tlf.', 'Celular', 'Puh.', 'Numéro de portable :', 'Te\u0301le\u0301phone']) {
      expect(phone(`${label} ${number}`), label).toEqual(['PHONE_NUMBER']);
    }
    for (const field of ['Téléphone portable', 'Handynummer', 'handy', 'Telefoonnummer', 'numéroTéléphone']) expect(phone(number, field), field).toEqual(['PHONE_NUMBER']);
  });

  it('are read in a cell whose only letters are accented ones', () => {
    // `geb` with no ASCII letter: the cell still has letters, and so context for a date, which
    // only context lifts.
    expect(only('DATE_OF_BIRTH')('ĜĔḂ 12.03.1985')).toEqual(['DATE_OF_BIRTH']);
  });

  it('keep column-only words out of running text', () => {
    // `handy` and `portable` are English adjectives in prose.
    expect(phone(`a handy ${number}`)).toEqual([]);
    expect(phone(`portable ${number}`)).toEqual([]);
  });

  it('lift a date to a date of birth', () => {
    const dob = only('DATE_OF_BIRTH');
    expect(dob('released 12.03.1985')).toEqual([]);
    for (const text of ['Geburtsdatum: 12.03.1985', 'Date de naissance : 12.03.1985', 'Fødselsdato 12.03.1985', 'Data urodzenia: 1985-03-12', 'geb. 12.03.1985', 'Syntymäaika 12.03.1985']) {
      expect(dob(text), text).toEqual(['DATE_OF_BIRTH']);
    }
    for (const field of ['Geburtsdatum', 'Data di nascita', 'Födelsedatum', 'fecha_de_nacimiento']) expect(dob('1985-03-12', field), field).toEqual(['DATE_OF_BIRTH']);
  });

  it('lift passport and driving licence numbers', () => {
    const passport = only('US_PASSPORT');
    expect(passport('ref 123456789')).toEqual([]);
    for (const text of ['N° de passeport : 123456789', 'Reisepass 123456789', 'Pasaporte nº 123456789', 'Paszport: 123456789']) expect(passport(text), text).toEqual(['US_PASSPORT']);
    const licence = only('US_DRIVER_LICENSE');
    expect(licence('ref D1234567')).toEqual([]);
    for (const text of ['Führerschein D1234567', 'Permis de conduire : D1234567', 'Prawo jazdy D1234567', 'Körkort D1234567']) expect(licence(text), text).toEqual(['US_DRIVER_LICENSE']);
    expect(licence('D1234567', 'Führerscheinnummer')).toEqual(['US_DRIVER_LICENSE']);
  });

  it('do not match an unrelated accented word', () => {
    // `Gebäude` (a building) is not `geb.`; `Téléphérique` (a cable car) is not a telephone.
    expect(only('DATE_OF_BIRTH')('Gebäude 12.03.1985')).toEqual([]);
    expect(phone(`Téléphérique ${number}`)).toEqual([]);
    expect(phone(`Résumé ${number}`)).toEqual([]);
  });
});
