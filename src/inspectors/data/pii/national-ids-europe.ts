import { beMonthDayAt, monthDayAt } from './birth-date-starts.js';
import { beNationalNumberAt, beNationalNumberValid, deTaxIdAt, deTaxIdValid, hrOibAt, hrOibValid, roCnpAt, roCnpValid, trKimlikAt, trKimlikValid } from './national-id-checks.js';
import type { Recognizer } from './recognizers.js';
import { ABN_GROUPS, bePrintedAt, groupsAt } from './start-checks.js';

/**
 * European national identifiers with a check (DE, BE, TR, HR, RO), in the policy of
 * national-ids.ts: eleven and thirteen digits in a row are order numbers, timestamps, phone
 * numbers and barcodes as often, and a check that passes one time in ten or a hundred does not
 * tell them apart, so bare digits need a context word or column. Only Belgium's number in its
 * printed form (`85.03.14-123.45`: a real date and a mod-97 check) stands alone.
 *
 * None is read after `+` (a phone number's country code) or inside a longer number in groups or
 * a decimal (a digit and a space, dot or comma before or after it).
 *
 * A bare run's check runs in its start check, in place (national-id-checks.ts): it costs a few
 * dozen operations and fails nine times in ten or more, and eleven-digit runs are everywhere —
 * prose lines of eleven- and twelve-digit order numbers read 20 % slower than before these six
 * when each regex ran at each run, 11 % with the checks first. Their scores have no `bound` for
 * the same reason: the check is cheaper than a context search.
 */

const SPACE = 32;
const BE_PRINTED = 15;

export const NATIONAL_IDS_EUROPE: Recognizer[] = [
  {
    // Germany's Steuerliche Identifikationsnummer: eleven digits, the first not 0, exactly one
    // digit repeated in the first ten and an ISO 7064 MOD 11,10 check digit — about one in 300 by
    // chance, and no date: context, bare or in the groups tax letters print (`12 345 678 901`).
    entity: 'DE_TAX_ID', severity: 'high', needsDigit: true,
    regex: /(?<![+\d][ .,]?)\b[1-9]\d(?:\d{9}| \d{3} \d{3} \d{3})\b(?![ .,]\d)/g,
    score: (m) => (deTaxIdValid(m.length === 11 ? m : m.replace(/ /g, '')) ? (m.length === 11 ? 0.3 : 0.4) : null),
    maxScore: 0.4,
    starts: [
      { kind: 'digits', lead: [11, 11], next: '!', first: '123456789', test: (t, text) => deTaxIdAt(text, t.at) },
      { kind: 'digits', lead: [2, 2], next: ' ', after: '0', first: '123456789', test: (t, text) => groupsAt(text, t.at, SPACE, ABN_GROUPS) },
    ],
    context: ['steuer id', 'steuerid', 'steuer idnr', 'steueridentifikationsnummer', 'steuerliche identifikationsnummer', 'identifikationsnummer', 'idnr', 'tax id', 'tax identification number'], contextScore: 0.95,
  },
  {
    // Belgium's national register number: YYMMDD, a sequence number, 97 − (the first nine mod 97),
    // with a `2` before them for the born since 2000. Printed `YY.MM.DD-SSS.CC` (the identity
    // card's form) a real date and the check stand alone; eleven bare digits need context.
    entity: 'BE_NATIONAL_NUMBER', severity: 'high', needsDigit: true,
    regex: /(?<![+\d][ .,-]?)\b\d{2}(?:\.(?:0[1-9]|1[0-2]|[24][1-9]|[35][0-2])\.(?:0[1-9]|[12]\d|3[01])-\d{3}\.\d{2}|(?:0[1-9]|1[0-2]|[24][1-9]|[35][0-2])(?:0[1-9]|[12]\d|3[01])\d{5})\b(?![ .,-]\d)/g,
    score: (m) => (beNationalNumberValid(m.length === 11 ? m : m.replace(/[.-]/g, '')) ? (m.length === BE_PRINTED ? 0.6 : 0.3) : null),
    maxScore: 0.6,
    starts: [
      { kind: 'digits', lead: [11, 11], next: '!', test: (t, text) => beMonthDayAt(text, t.at + 2) && beNationalNumberAt(text, t.at) },
      { kind: 'digits', lead: [2, 2], next: '.', after: '0', test: (t, text) => bePrintedAt(text, t.at) && beMonthDayAt(text, t.at + 3, t.at + 6) },
    ],
    context: [
      'rijksregisternummer', 'rijksregister', 'rijksregisternr', 'registre national', 'numero national', 'nationaal nummer', 'national number', 'national register number', 'insz', 'niss', 'inss',
    ],
    contextScore: 0.95,
  },
  {
    // Turkey's T.C. Kimlik No: eleven digits, the first not 0, and two check digits (one in a
    // hundred by chance) — but no date and no form of its own: context.
    entity: 'TR_TC_KIMLIK', severity: 'high', needsDigit: true,
    regex: /(?<![+\d][ .,]?)\b[1-9]\d{10}\b(?![ .,]\d)/g,
    score: (m) => (trKimlikValid(m) ? 0.4 : null),
    maxScore: 0.4,
    starts: [{ kind: 'digits', lead: [11, 11], next: '!', first: '123456789', test: (t, text) => trKimlikAt(text, t.at) }],
    // Folded: `Kimlik Numarası` reads `kimlik numarasi`, `T.C.` `t c`.
    context: ['kimlik', 'tc kimlik', 't c kimlik', 'tckn', 'tc no', 'turkish id', 'turkish identity'], contextScore: 0.95,
  },
  {
    // Croatia's OIB: eleven digits and an ISO 7064 MOD 11,10 check digit, one in ten: context.
    entity: 'HR_OIB', severity: 'high', needsDigit: true,
    regex: /(?<![+\d][ .,]?)\b\d{11}\b(?![ .,]\d)/g,
    score: (m) => (hrOibValid(m) ? 0.3 : null),
    maxScore: 0.3,
    starts: [{ kind: 'digits', lead: [11, 11], next: '!', test: (t, text) => hrOibAt(text, t.at) }],
    context: ['oib', 'osobni identifikacijski broj', 'identifikacijski broj', 'osobni identifikacijski'], contextScore: 0.95,
  },
  {
    // Romania's Cod Numeric Personal: sex and century (1 2 5 6, 7 8 residents, 9 foreigners),
    // YYMMDD, a county code, a sequence and a mod-11 control digit: a date and one in eleven, but
    // thirteen digits are also barcodes and long ids — context.
    entity: 'RO_CNP', severity: 'high', needsDigit: true,
    regex: /(?<![+\d][ .,]?)\b[1256789]\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{6}\b(?![ .,]\d)/g,
    score: (m) => (roCnpValid(m) ? 0.4 : null),
    maxScore: 0.4,
    starts: [{ kind: 'digits', lead: [13, 13], next: '!', first: '1256789', test: (t, text) => monthDayAt(text, t.at + 3) && roCnpAt(text, t.at) }],
    context: ['cnp', 'cod numeric personal', 'codul numeric personal', 'personal numeric code'], contextScore: 0.95,
  },
];
