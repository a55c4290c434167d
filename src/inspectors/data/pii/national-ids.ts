import { centuryAt, dayMonthAt, monthDayAt } from './birth-date-starts.js';
import { ahvValid, cnResidentIdValid, dkCprValid, itinValid, krRrnUnchecked, krRrnValid, noFodselsnummerValid, sePersonnummerValid, zaIdValid } from './checksums.js';
import { isUpper } from './candidates.js';
import { CJK_CN_ID, CJK_JP_MY_NUMBER, CJK_KR_RRN } from './cjk-words.js';
import { jpMyNumberAt, jpMyNumberValid } from './national-id-checks.js';
import type { Recognizer } from './recognizers.js';
import { AADHAAR_GROUPS, DOT, groupsAt, HYPHEN, separated, SSN_GROUPS } from './start-checks.js';

/**
 * National identifiers with a checksum or a birth date inside (US ITIN, KR RRN, JP My Number, IN
 * PAN, SE, NO, DK, CH, CN, ZA; DE, BE, TR, HR and RO are national-ids-europe.ts), in Presidio's
 * scoring policy (see Recognizer): a check that passes one time in ten behind a digit run needs a
 * context word or column; a stronger check, a fixed prefix or a
 * shape ordinary data does not have stands alone. Every one that starts with a birth date reads
 * the month and day in its start check, so runs of digits that are not dates never reach a regex.
 *
 * Context words are ASCII, Cyrillic or Greek: running text and field names are normalised to
 * those letters and 0–9 (context.ts), so `주민등록번호` or `身份证` cannot be one; their column
 * headers are read by columns.ts.
 */

const SPACE = 32;
const exactly = (...ns: number[]) => ns.map((n) => [n, n] as const);
const KR_GROUPS = exactly(6, 7);
const SE_SHORT_GROUPS = exactly(6, 4);
const SE_LONG_GROUPS = exactly(8, 4);
const NO_GROUPS = exactly(6, 5);
const DK_GROUPS = exactly(6, 4);
const AHV_GROUPS = exactly(3, 4, 4, 2);
const ZA_GROUPS = exactly(6, 4, 3);
/** The holder types a PAN's fourth letter names: person, company, HUF, firm, AOP, trust, BOI, local authority, juridical person, government. */
const PAN_HOLDERS = 'PCHFATBLJG';
const PAN_LOWER = /^[a-z]{3}[abcfghjlpt][a-z]\d{4}[a-z]$/;

export const NATIONAL_IDS: Recognizer[] = [
  {
    // US Individual Taxpayer Identification Number (Presidio's US_ITIN): 9XX-GG-XXXX, the group in
    // the IRS's ranges, no check digit. Dashed it stands alone, as Presidio's medium pattern does
    // (no phone or date has that shape with a 9XX area); spaced or bare it needs context. Area 9XX
    // is never an SSN (ssnValid drops it), so US_SSN never reports the same number.
    entity: 'US_ITIN', severity: 'high', needsDigit: true,
    regex: /(?<!\d[.,])\b9\d{2}([- ]?)(?:5\d|6[0-5]|7\d|8[0-8]|9[0-24-9])\1\d{4}\b/g,
    score: (m) => (itinValid(m.length === 9 ? m : m.replace(/[- ]/g, '')) ? (m.includes('-') ? 0.5 : 0.3) : null),
    maxScore: 0.5,
    starts: [{ kind: 'digits', lead: [9, 9], next: '!', first: '9' }, separated(3, SSN_GROUPS, '9')],
    // `ssn` too: an ITIN stands in for an SSN on forms and in tables, and a 9XX number is never one.
    context: ['itin', 'individual taxpayer', 'taxpayer identification', 'taxpayer id', 'tax id', 'taxid', 'tin', 'ssn'], contextScore: 0.85,
  },
  {
    // Korean Resident Registration Number (Presidio's KR_RRN): YYMMDD-GNNNNNC, a real date, a
    // gender / century digit 1–8 and a mod-11 check digit. Written with its dash it stands alone:
    // the six-seven split is the RRN's (a corporate registration number shares it, but rarely has a
    // date, a digit 1–8 and the check all in place); thirteen bare digits are also barcodes and long
    // ids, and need context. Numbers issued since October 2020 end in random digits instead of the
    // check: one with a birth date since then is read without it, but with nothing checked it needs
    // a context word or column, dashed or not (the few older holders given a new number since fail
    // the check and are not read).
    entity: 'KR_RRN', severity: 'high', needsDigit: true,
    regex: /(?<!\d[.,])\b\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-?[1-8]\d{6}\b/g,
    score: (m) => {
      const d = m.length === 13 ? m : m.replace('-', '');
      return krRrnValid(d) ? (m.length === 14 ? 0.5 : 0.3) : krRrnUnchecked(d) ? 0.1 : null;
    },
    maxScore: 0.5,
    starts: [
      { kind: 'digits', lead: [6, 6], next: '-', after: '0', test: (t, text) => monthDayAt(text, t.at + 2) && groupsAt(text, t.at, HYPHEN, KR_GROUPS) },
      { kind: 'digits', lead: [13, 13], next: '!', test: (t, text) => monthDayAt(text, t.at + 2) },
    ],
    context: ['rrn', 'resident registration', 'jumin', 'jumindeungnok', 'korean resident', ...CJK_KR_RRN], contextScore: 0.95,
  },
  {
    // Japan's Individual Number (マイナンバー): twelve digits, bare or in fours (`1234 5678 9012`,
    // as on the card), the last a mod-11 check digit — one in ten by chance, no date: context in
    // every form. Twelve digits in fours are also an Aadhaar number's shape; its own words decide.
    // Bare, the check runs in the start check, and no `bound`: see national-ids-europe.ts.
    entity: 'JP_MY_NUMBER', severity: 'high', needsDigit: true,
    regex: /(?<![+\d][ .,-]?)\b\d{4}([ -]?)\d{4}\1\d{4}\b(?![ .,-]\d)/g,
    score: (m) => (jpMyNumberValid(m.length === 12 ? m : m.replace(/[ -]/g, '')) ? (m.length === 12 ? 0.3 : 0.4) : null),
    maxScore: 0.4,
    starts: [{ kind: 'digits', lead: [12, 12], next: '!', test: (t, text) => jpMyNumberAt(text, t.at) }, separated(4, AADHAAR_GROUPS)],
    // `my number` is how the card and the agencies' English pages name it.
    context: ['my number', 'mynumber', 'my number card', 'individual number', 'kojin bango', 'kojin bangou', 'kojinbango', ...CJK_JP_MY_NUMBER], contextScore: 0.95,
  },
  {
    // Indian Permanent Account Number (Presidio's IN_PAN): five letters (the fourth the holder
    // type), four digits, a letter. No check character: product and part codes have the shape, so
    // it needs a context word or column. The card prints it in capitals; forms and exports keep
    // what was typed, and Presidio reads any case. Here all lower case (`abcpd1234e`) counts too,
    // weaker, as for an SG NRIC: a lower-case word of that shape is as often a code's or a log's
    // identifier. Mixed case is no one's PAN.
    entity: 'IN_PAN', severity: 'high', needsDigit: true,
    regex: /\b(?:[A-Z]{3}[ABCFGHJLPT][A-Z]\d{4}[A-Z]|[a-z]{3}[abcfghjlpt][a-z]\d{4}[a-z])\b/g,
    score: (m) => (isUpper(m.charCodeAt(0)) ? 0.4 : 0.2),
    maxScore: 0.4,
    starts: [
      { kind: 'upper', lead: [5, 5], next: '0', after: '0', length: [10, 10], test: (t, text) => t.digitsAfterUpper === 4 && PAN_HOLDERS.includes(text[t.at + 3]!) },
      // A lower-case word's token has no leading run: `next` is its first letter, `after` its second.
      { kind: 'lower', next: 'a', after: 'a', length: [10, 10], test: (t, text) => PAN_LOWER.test(text.slice(t.at, t.at + 10)) },
    ],
    context: ['pan', 'permanent account number', 'pan card', 'income tax'], contextScore: 0.9,
  },
  {
    // Swedish personnummer (ours, in Presidio's style): YYMMDD-NNNC (`+` past a hundred years),
    // YYYYMMDD-NNNC or either bare; a real date (day + 60: samordningsnummer) and Luhn. Luhn passes
    // one in ten, and YYMMDD-NNNN is also how order and batch numbers and compact timestamps are
    // written: every form needs a context word or column.
    entity: 'SE_PERSONNUMMER', severity: 'high', needsDigit: true,
    regex: /(?<![-/]|\d[.,])\b(?:(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])-?|\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+]?)\d{4}\b/g,
    score: (m) => (sePersonnummerValid(m) ? (m.length === 11 || m.length === 13 ? 0.4 : 0.3) : null),
    bound: (m) => (m.length === 11 || m.length === 13 ? 0.4 : 0.3),
    maxScore: 0.4,
    starts: [
      { kind: 'digits', lead: [6, 6], next: '!', after: '0', test: (t, text) => (t.next === 45 || t.next === 43) && monthDayAt(text, t.at + 2, 60) && groupsAt(text, t.at, t.next, SE_SHORT_GROUPS) },
      { kind: 'digits', lead: [8, 8], next: '-', after: '0', test: (t, text) => centuryAt(text, t.at) && monthDayAt(text, t.at + 4, 60) && groupsAt(text, t.at, HYPHEN, SE_LONG_GROUPS) },
      { kind: 'digits', lead: [10, 10], next: '!', test: (t, text) => monthDayAt(text, t.at + 2, 60) },
      { kind: 'digits', lead: [12, 12], next: '!', test: (t, text) => centuryAt(text, t.at) && monthDayAt(text, t.at + 4, 60) },
    ],
    context: ['personnummer', 'personnr', 'pnr', 'samordningsnummer', 'personal identity number', 'swedish personal'], contextScore: 0.95,
  },
  {
    // Norwegian fødselsnummer: DDMMYY (day + 40: D-number; month + 40: H-number, the health
    // service's), three individual digits, two mod-11 check digits — bare, or the date apart
    // (`010190 12345`). Eleven digits are also a PESEL, a CPF, an ABN: it needs context, as they
    // do. Not inside a longer grouped number.
    entity: 'NO_FODSELSNUMMER', severity: 'high', needsDigit: true,
    regex: /(?<![+\d][ .,]?)\b(?:0[1-9]|[12]\d|3[01]|4[1-9]|[56]\d|7[01])(?:0[1-9]|1[0-2]|4[1-9]|5[0-2])\d{2} ?\d{5}\b(?![ .,]\d)/g,
    score: (m) => (noFodselsnummerValid(m.length === 11 ? m : m.replace(' ', '')) ? 0.4 : null),
    bound: () => 0.4,
    maxScore: 0.4,
    starts: [
      { kind: 'digits', lead: [11, 11], next: '!', test: (t, text) => dayMonthAt(text, t.at, 40, 40) },
      { kind: 'digits', lead: [6, 6], next: ' ', after: '0', test: (t, text) => dayMonthAt(text, t.at, 40, 40) && groupsAt(text, t.at, SPACE, NO_GROUPS) },
    ],
    context: ['fodselsnummer', 'foedselsnummer', 'fnr', 'personnummer', 'd nummer', 'h nummer', 'hjelpenummer', 'birth number'], contextScore: 0.95,
  },
  {
    // Danish CPR number: DDMMYY-SSSS or bare, a real date in the century the seventh digit names.
    // The old mod-11 check is not guaranteed since 2007 (numbers ran out on some dates), so a
    // failing check proves nothing: the date and a context word or column are the evidence.
    entity: 'DK_CPR', severity: 'high', needsDigit: true,
    regex: /(?<![-/]|\d[.,])\b(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}-?\d{4}\b/g,
    score: (m) => (dkCprValid(m.length === 10 ? m : m.replace('-', '')) ? (m.length === 11 ? 0.3 : 0.1) : null),
    bound: (m) => (m.length === 11 ? 0.3 : 0.1),
    maxScore: 0.3,
    starts: [
      { kind: 'digits', lead: [6, 6], next: '-', after: '0', test: (t, text) => dayMonthAt(text, t.at) && groupsAt(text, t.at, HYPHEN, DK_GROUPS) },
      { kind: 'digits', lead: [10, 10], next: '!', test: (t, text) => dayMonthAt(text, t.at) },
    ],
    context: ['cpr', 'cprnr', 'cpr nr', 'cpr nummer', 'personregister', 'civil registration'], contextScore: 0.85,
  },
  {
    // Swiss AHV / AVS number (AHVN13): 756, nine digits and an EAN-13 check digit. Written in its
    // dotted groups (756.1234.5678.97, as on the insurance card) it stands alone; thirteen bare
    // digits from 756 are also barcodes and long ids, and need context.
    entity: 'CH_AHV', severity: 'high', needsDigit: true,
    regex: /(?<!\d[.,])\b756(?:\.\d{4}\.\d{4}\.\d{2}(?!\.\d)|\d{10})\b/g,
    score: (m) => (ahvValid(m.length === 13 ? m : m.replace(/\./g, '')) ? (m.length === 16 ? 0.8 : 0.4) : null),
    maxScore: 0.8,
    starts: [
      { kind: 'digits', lead: [3, 3], next: '.', after: '0', first: '7', test: (t, text) => text.startsWith('756', t.at) && groupsAt(text, t.at, DOT, AHV_GROUPS) },
      { kind: 'digits', lead: [13, 13], next: '!', first: '7', test: (t, text) => text.startsWith('756', t.at) },
    ],
    context: ['ahv', 'avs', 'ahvn13', 'ahv nr', 'sozialversicherungsnummer', 'versichertennummer', 'numero avs', 'social security'], contextScore: 0.95,
  },
  {
    // Chinese resident identity card number (ours): a region code whose province exists, a real
    // birth date YYYYMMDD, three sequence digits and an ISO 7064 MOD 11-2 check (`X` for 10) —
    // eighteen characters with that much structure stand alone.
    entity: 'CN_RESIDENT_ID', severity: 'high', needsDigit: true,
    regex: /(?<!\d[.,])\b[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]\b/g,
    score: (m) => (cnResidentIdValid(m) ? 0.7 : null),
    maxScore: 0.7,
    starts: [
      { kind: 'digits', lead: [18, 18], next: '!', first: '12345678', test: (t, text) => centuryAt(text, t.at + 6) && monthDayAt(text, t.at + 10) },
      { kind: 'digits', lead: [17, 17], next: 'Aa', first: '12345678', length: [18, 18], test: (t, text) => (t.next === 88 || t.next === 120) && centuryAt(text, t.at + 6) && monthDayAt(text, t.at + 10) },
    ],
    context: ['resident id', 'resident identity', 'identity card', 'id card', 'shenfenzheng', 'sfz', 'citizen id', ...CJK_CN_ID], contextScore: 1,
  },
  {
    // South African identity number: YYMMDD SSSS C A Z — a real date, citizenship 0–2, 8 or 9, and
    // Luhn — bare or in its three groups. Thirteen digits are also barcodes and long ids, and one
    // in ten passes Luhn: it needs a context word or column.
    entity: 'ZA_ID_NUMBER', severity: 'high', needsDigit: true,
    regex: /(?<!\d[.,])\b\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])( ?)\d{4}\1[012][89]\d\b/g,
    score: (m) => (zaIdValid(m.length === 13 ? m : m.replace(/ /g, '')) ? 0.4 : null),
    bound: () => 0.4,
    maxScore: 0.4,
    starts: [
      { kind: 'digits', lead: [13, 13], next: '!', test: (t, text) => monthDayAt(text, t.at + 2) },
      { kind: 'digits', lead: [6, 6], next: ' ', after: '0', test: (t, text) => monthDayAt(text, t.at + 2) && groupsAt(text, t.at, SPACE, ZA_GROUPS) },
    ],
    context: ['rsa id', 'sa id', 'south african id', 'id number', 'identity number', 'identiteitsnommer'], contextScore: 0.95,
  },
];
