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

  it('lift passport and driving licence numbers, named by the language', () => {
    const all = (text: string, field = '') => entities(text, field).filter((e) => /PASSPORT|DRIVER_LICENSE/.test(e));
    expect(all('ref 123456789')).toEqual([]);
    expect(all('ref C01X00T47')).toEqual([]);
    // English keeps Presidio's US names; Italian gives Presidio's IT names; the others ours.
    expect(all('passport no. 340721856')).toEqual(['US_PASSPORT']);
    expect(all('Passaporto YA4072185')).toEqual(['IT_PASSPORT']);
    for (const text of ['Reisepass C01X00T47', 'N° de passeport : 09AB72185', 'Pasaporte nº PAA407218', 'Paszport: AB4072185', 'Paspoort: XN01BC921']) expect(all(text), text).toEqual(['PASSPORT']);
    expect(all('C01X00T47', 'Reisepassnummer')).toEqual(['PASSPORT']);
    expect(all('09AB72185', 'numéro de passeport')).toEqual(['PASSPORT']);
    expect(all('YA4072185', 'numero_passaporto')).toEqual(['IT_PASSPORT']);
    expect(all("driver's license D4072185")).toEqual(['US_DRIVER_LICENSE']);
    expect(all('Patente di guida AB4072185C')).toEqual(['IT_DRIVER_LICENSE']);
    expect(all('AB4072185C', 'patente')).toEqual(['IT_DRIVER_LICENSE']);
    for (const text of ['Führerschein B072RRE2I55', 'Permis de conduire : 340721856093', 'Prawo jazdy D4072185', 'Körkort D4072185']) expect(all(text), text).toEqual(['DRIVER_LICENSE']);
    expect(all('B072RRE2I55', 'Führerscheinnummer')).toEqual(['DRIVER_LICENSE']);
  });

  it("read a country's passport shape only where the language names that country", () => {
    const all = (text: string) => entities(text).filter((e) => /PASSPORT/.test(e));
    // Germany has no vowels and no B D Q S in its numbers; France writes two digits, two letters, five digits; Spain three letters, six digits.
    for (const text of ['Reisepass A01X00T47', 'Reisepass 09AB72185', 'N° de passeport : 340721856', 'Pasaporte nº 340721856', 'Passaporto 340721856']) expect(all(text), text).toEqual([]);
    // A German number in an English line is Presidio's US passport only in Presidio's shapes.
    expect(all('passport C01X00T47')).toEqual([]);
  });

  it('do not match an unrelated accented word', () => {
    // `Gebäude` (a building) is not `geb.`; `Téléphérique` (a cable car) is not a telephone.
    expect(only('DATE_OF_BIRTH')('Gebäude 12.03.1985')).toEqual([]);
    expect(phone(`Téléphérique ${number}`)).toEqual([]);
    expect(phone(`Résumé ${number}`)).toEqual([]);
  });
});
