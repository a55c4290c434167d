import type { StartForm } from './candidates.js';
import { CJK_DRIVING_LICENCE, CJK_PASSPORT } from './cjk-words.js';
import { FRANCE, GERMANY, INDIA, ITALY, licencePhrases, OTHER_COUNTRIES, passportPhrases, SPAIN, UK } from './document-countries.js';
import type { Recognizer } from './recognizers.js';

/**
 * Passports and driving licences outside the US. Presidio names them by country where it has a
 * recognizer (US_PASSPORT, US_DRIVER_LICENSE, IT_PASSPORT, IT_DRIVER_LICENSE); a number named by a
 * German, French or Spanish word was reported as a US one, which it is not. No number of these
 * has a check anyone can compute from it alone, so each needs a context word or column, and the
 * word decides the name:
 *  - English words keep Presidio's US names (English names no country; Presidio reads it so);
 *  - Italian words give Presidio's IT names, with Presidio's shapes;
 *  - other languages give PASSPORT / DRIVER_LICENSE. These names are ours: Presidio has no
 *    German, French, Spanish, Dutch, Polish or Nordic passport or licence entity, and a name per
 *    country (DE_PASSPORT …) would claim a country that a language does not fix (German is also
 *    Austria's, French Belgium's). Where the language's main country has a known number shape
 *    (Germany, France, Spain), only that shape is read: `Reisepass 123456789` is no German passport.
 *  - a country named in English before the word (`UK passport`, `German passport`, `French
 *    driving licence`, see document-countries.ts) does fix it: Presidio's name where it has one
 *    (IT_PASSPORT, IT_DRIVER_LICENSE, IN_PASSPORT), else PASSPORT / DRIVER_LICENSE, with the
 *    country's shape where it is known (Germany, France, Spain, Italy, India, the UK's nine-digit
 *    passport and sixteen-character licence).
 */

/** Not an issue reference (`Closes: #123456789`) or the last group of a hyphenated id (`CVE-2017-1000409`). */
const GUARD = '(?<![\\s(]#|\\d-)';

/**
 * A document number's recognizer: `shape` is a whole word of A–Z and digits holding a digit (the
 * candidate pass starts from digits). It runs only at words that start as one of `starts` says,
 * which a test of the whole word confirms before the regex. The forms are narrow on purpose: a
 * form open to any leading run would have the candidate pass report every digit word.
 */
function documentNumber(entity: string, shape: RegExp, starts: StartForm[], context: string[], fieldOnly?: string[]): Recognizer {
  const whole = new RegExp(`^(?:${shape.source})$`);
  const test = (t: { at: number; length: number }, text: string) => whole.test(text.slice(t.at, t.at + t.length));
  return {
    entity, severity: 'high', needsDigit: true,
    regex: new RegExp(`${GUARD}\\b(?:${shape.source})\\b`, 'g'),
    score: () => 0.05, maxScore: 0.05, starts: starts.map((f) => ({ ...f, test })), context, fieldOnly, contextScore: 0.8,
  };
}

/** A word of `length` characters opening with a run of `lead` digits (or capitals, `upper`) and then what `next` allows. */
const word = (kind: 'digits' | 'upper', lead: readonly [number, number], next: string, length: readonly [number, number]): StartForm => ({ kind, lead, next, length });
const NINE = [9, 9] as const;

export const PASSPORTS: Recognizer[] = [
  // Presidio's IT_PASSPORT: two letters, seven digits. Its context list adds travel words
  // (`viaggio`, `estero`, `documento`) that name no passport; only the passport's are here.
  documentNumber('IT_PASSPORT', /[A-Z]{2}\d{7}/, [word('upper', [2, 2], '0', NINE)], ['passaporto', 'numero passaporto', ...passportPhrases(ITALY)]),
  // Germany: nine characters from 0–9 and C F G H J K L M N P R T V W X Y Z (no vowels, no B D Q S).
  documentNumber('PASSPORT', /[CFGHJKLMNPRTVWXYZ0-9]{9}/, [word('digits', [1, 9], '!A', NINE), word('upper', [1, 8], '0', NINE)], ['reisepass', 'reisepassnummer', 'reisepassnr', ...passportPhrases(GERMANY)]),
  // France: two digits, two letters, five digits.
  documentNumber('PASSPORT', /\d{2}[A-Z]{2}\d{5}/, [word('digits', [2, 2], 'A', NINE)], ['passeport', 'numero de passeport', ...passportPhrases(FRANCE)]),
  // Spain: three letters, six digits.
  documentNumber('PASSPORT', /[A-Z]{3}\d{6}/, [word('upper', [3, 3], '0', NINE)], ['pasaporte', 'numero de pasaporte', ...passportPhrases(SPAIN)]),
  // Portuguese, Dutch, Polish, the Nordic languages: the shapes in use there (a letter or two and
  // six to eight digits, nine digits, the Dutch two letters, six letters or digits and a digit).
  // `passnummer` and `pass nr` are German and Nordic alike; Polish declines `paszportu`.
  documentNumber('PASSPORT', /[A-Z]{1,2}\d{6,8}|\d{9}|[A-Z]{2}[A-Z0-9]{6}\d/, [word('digits', NINE, '!', NINE), word('upper', [1, 8], '0', [7, 10])], [
    'passaporte', 'paspoort', 'paspoortnummer', 'paszport', 'paszportu', 'passinumero', 'passnummer', 'pass nr', 'passnr', ...passportPhrases(OTHER_COUNTRIES),
  ]),
  // The UK: nine digits.
  documentNumber('PASSPORT', /\d{9}/, [word('digits', NINE, '!', NINE)], passportPhrases(UK)),
  // Presidio's IN_PASSPORT: a letter and seven digits, neither the first nor the last a zero.
  documentNumber('IN_PASSPORT', /[A-Z][1-9]\d{5}[1-9]/, [word('upper', [1, 1], '0', [8, 8])], passportPhrases(INDIA)),
  // Russian, Ukrainian, Greek: the Russian passport's ten digits (series and number) and the
  // travel passport's nine, Ukraine's nine-digit card, Greece's two letters and seven digits.
  documentNumber('PASSPORT', /\d{9,10}|[A-Z]{2}\d{7}/, [word('digits', [9, 10], '!', [9, 10]), word('upper', [2, 2], '0', NINE)], [
    'паспорт', 'паспорта', 'паспорту', 'διαβατηριο', 'διαβατηριου',
  ]),
  // Japanese, Chinese, Korean: Japan's two letters and seven digits (`TK1234567`), China's letter
  // and eight digits or two letters and seven (`E12345678`, `EA1234567`), Korea's `M12345678`.
  documentNumber('PASSPORT', /[A-Z]{1,2}\d{7,8}/, [word('upper', [1, 2], '0', [8, 10])], CJK_PASSPORT),
];

export const DRIVING_LICENCES: Recognizer[] = [
  // Presidio's IT_DRIVER_LICENSE shapes. `patente` alone is also a patent or a number plate in
  // Spanish: a column's name only.
  documentNumber('IT_DRIVER_LICENSE', /[A-Z]{2}\d{7}[A-Z]|U1[BCDEFGHJKLMNPRSTUWXYZ0-9]{7}[A-Z]/, [word('upper', [1, 2], '0', [10, 10])], ['patente di guida', 'patente guida', 'licenza di guida', ...licencePhrases(ITALY)], ['patente']),
  // Germany (the EU card since 2013): eleven characters, the issuing office's four, a five-character
  // serial, a check digit and the number.
  documentNumber('DRIVER_LICENSE', /[A-Z0-9]{9}\d{2}/, [word('digits', [1, 11], '!A', [11, 11]), word('upper', [1, 9], '0', [11, 11])], [
    'fuhrerschein', 'fuehrerschein', 'fuhrerscheinnummer', 'fuehrerscheinnummer', ...licencePhrases(GERMANY),
  ]),
  // The UK (DVLA): five letters of the surname (padded with 9), six digits of the birth date, two
  // initials (or 9s), a digit and two check letters — `MORGA753116SM9IJ`.
  documentNumber('DRIVER_LICENSE', /[A-Z][A-Z9]{4}\d{6}[A-Z9]{2}\d[A-Z]{2}/, [word('upper', [1, 5], '0', [16, 16])], licencePhrases(UK)),
  // The other languages: the shapes US-style licences have (a letter and 7–12 digits, two letters
  // and 6–8 digits, 7–9 digits) and the French twelve-digit number.
  documentNumber('DRIVER_LICENSE', /[A-Z]\d{7,12}|[A-Z]{2}\d{6,8}|\d{7,9}|\d{12}/, [word('digits', [7, 12], '!', [7, 12]), word('upper', [1, 2], '0', [7, 13])], [
    'permis de conduire', 'licencia de conducir', 'carnet de conducir', 'permiso de conducir', 'carta de conducao', 'carteira de motorista', 'rijbewijs',
    'rijbewijsnummer', 'prawo jazdy', 'korkort', 'korekort', 'forerkort', 'ajokortti',
    // Japan's and Korea's twelve digits; China's licence number is the holder's resident id (CN_RESIDENT_ID).
    ...CJK_DRIVING_LICENCE,
    ...licencePhrases([...FRANCE, ...SPAIN, ...INDIA, ...OTHER_COUNTRIES]),
  ]),
];
