import { createHash } from 'node:crypto';

/** Check-digit algorithms for the identifiers the PII/PHI recognizers validate. Digits-only input. */

export function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return digits.length > 1 && sum % 10 === 0;
}

/**
 * IBAN: move the country code and check digits to the end, letters to numbers, mod 97 == 1. What
 * the recognizer matches (A–Z, 0–9, single spaces) is read in place: the string version made five
 * strings and an iterator per candidate. Anything else (lower case, dashes, other spaces) takes it.
 */
export function ibanValid(iban: string): boolean {
  const n = iban.length;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = iban.charCodeAt(i);
    if (c === 32) continue;
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return ibanValidNormalised(iban);
    // [A-Z]{2}\d{2}[A-Z0-9]{10,30}: letters first, digits next.
    if (count < 2 ? c < 65 : count < 4 && c > 57) return false;
    count++;
  }
  if (count < 14 || count > 34) return false;
  let rem = 0;
  // The characters after the first four, then those four; a letter counts as its two digits (A = 10).
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0, k = 0; i < n; i++) {
      const c = iban.charCodeAt(i);
      if (c === 32) continue;
      if ((k++ < 4) === (pass === 0)) continue;
      rem = c >= 65 ? (rem * 100 + (c - 55)) % 97 : (rem * 10 + (c - 48)) % 97;
    }
  }
  return rem === 1;
}

function ibanValidNormalised(iban: string): boolean {
  const s = iban.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const c of v) rem = (rem * 10 + (c.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** US SSN ranges the SSA never issues: area 000, 666, 900–999; group 00; serial 0000; famous fakes. */
export function ssnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  if (area === 0 || area === 666 || area >= 900 || group === 0 || serial === 0) return false;
  if (digits === '078051120' || digits === '219099999' || digits === '123456789') return false;
  return !/^(\d)\1{8}$/.test(digits);
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
/** Verhoeff (Aadhaar's check digit): catches every single-digit error and adjacent swap. */
export function verhoeff(digits: string): boolean {
  let c = 0;
  const n = digits.length;
  for (let i = 0; i < n; i++) c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![digits.charCodeAt(n - 1 - i) - 48]!]!;
  return c === 0;
}
const VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];
/** The Verhoeff digit to append (for the synthetic generator). */
export function verhoeffDigit(digits: string): number {
  let c = 0;
  const n = digits.length;
  for (let i = 0; i < n; i++) c = VERHOEFF_D[c]![VERHOEFF_P[(i + 1) % 8]![digits.charCodeAt(n - 1 - i) - 48]!]!;
  return VERHOEFF_INV[c]!;
}

/** UK NHS number: weights 10..2, check = 11 − (sum mod 11); 10 is invalid, 11 becomes 0. */
export function nhsValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === digits.charCodeAt(9) - 48;
}

/** The Spanish check letters: an 8-digit number's letter is the one at (number mod 23). */
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
export const dniLetter = (n: number): string => DNI_LETTERS[n % 23]!;

/** Spanish NIF/DNI: 8 digits and the letter of (number mod 23). */
export function nifValid(value: string): boolean {
  const m = /^(\d{8})([A-Z])$/.exec(value.toUpperCase());
  return !!m && dniLetter(Number(m[1])) === m[2];
}

/**
 * Spanish NIE (a foreigner's number): X, Y or Z, which stand for 0, 1 and 2, then 7 digits, and
 * the NIF's letter of the 8-digit number they make (Y1234567 is checked as 11234567).
 */
export function nieValid(value: string): boolean {
  const m = /^([XYZ])(\d{7})([A-Z])$/.exec(value.toUpperCase());
  return !!m && dniLetter(Number('XYZ'.indexOf(m[1]!) + m[2]!)) === m[3];
}

const CF_ODD: Record<string, number> = {};
'1 0 5 7 9 13 15 17 19 21 2 4 18 20 11 3 6 8 12 14 16 10 22 25 24 23'.split(' ').forEach((v, i) => {
  CF_ODD[String.fromCharCode(65 + i)] = Number(v);
  if (i < 10) CF_ODD[String(i)] = Number(v);
});
/** Italian codice fiscale: 16 characters, the last a check letter over odd/even position tables. */
export function codiceFiscaleValid(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = v[i]!;
    if (i % 2 === 0) sum += CF_ODD[ch]!;
    else sum += ch >= 'A' ? ch.charCodeAt(0) - 65 : ch.charCodeAt(0) - 48;
  }
  return String.fromCharCode(65 + (sum % 26)) === v[15];
}

/** Polish PESEL: weights 1,3,7,9 and a valid birth date encoded with a century offset in the month. */
/** Brazilian CPF: eleven digits, the last two mod-11 check digits of the nine before; not one digit repeated. */
export function cpfValid(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const check = (n: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (digits.charCodeAt(i) - 48) * (n + 1 - i);
    return ((sum * 10) % 11) % 10;
  };
  return check(9) === digits.charCodeAt(9) - 48 && check(10) === digits.charCodeAt(10) - 48;
}

/** Dutch BSN: nine digits passing the "elfproef" (weights 9..2, the last digit weighted -1); not all zeros. */
export function bsnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits.charCodeAt(i) - 48) * (9 - i);
  sum -= digits.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

export function peselValid(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (digits.charCodeAt(i) - 48) * w[i]!;
  if ((10 - (sum % 10)) % 10 !== digits.charCodeAt(10) - 48) return false;
  const month = Number(digits.slice(2, 4)) % 20;
  const day = Number(digits.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** US NPI: Luhn over the 10 digits prefixed with the card-issuer code 80840. */
export function npiValid(digits: string): boolean {
  return /^[12]\d{9}$/.test(digits) && luhn('80840' + digits);
}

/** DEA registration number: (d1+d3+d5) + 2·(d2+d4+d6), last digit equals the 7th. */
export function deaValid(value: string): boolean {
  const m = /^[ABCDEFGHJKLMPRSTUX][A-Z9](\d{7})$/i.exec(value);
  if (!m) return false;
  const d = m[1]!.split('').map(Number);
  const sum = d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!);
  return sum % 10 === d[6];
}

/** Canadian SIN: Luhn over nine digits, never starting with 0 or 8. */
export function sinValid(digits: string): boolean {
  return /^[1-79]\d{8}$/.test(digits) && luhn(digits);
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** Base58Check (legacy and P2SH Bitcoin addresses): double-SHA256 checksum of the payload. */
export function base58CheckValid(addr: string): boolean {
  let n = 0n;
  for (const ch of addr) {
    const v = B58.indexOf(ch);
    if (v < 0) return false;
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const ch of addr) {
    if (ch !== '1') break;
    bytes.unshift(0);
  }
  if (bytes.length !== 25) return false;
  const payload = Buffer.from(bytes.slice(0, 21));
  const sum = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest();
  return sum.subarray(0, 4).equals(Buffer.from(bytes.slice(21)));
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
/** Bech32 / Bech32m (segwit `bc1…` addresses) checksum. */
export function bech32Valid(addr: string): boolean {
  const a = addr.toLowerCase();
  const pos = a.lastIndexOf('1');
  if (pos < 1 || pos + 7 > a.length || a.length > 90) return false;
  const hrp = a.slice(0, pos);
  const data: number[] = [];
  for (const ch of a.slice(pos + 1)) {
    const v = BECH32.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  const values = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31), ...data];
  for (const v of values) {
    const top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >> i) & 1) chk ^= GEN[i]!;
  }
  return chk === 1 || chk === 0x2bc830a3;
}

/** The Finnish check characters, indexed by the nine digits mod 31 (G, I, O, Q and Z are left out). */
export const FI_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
/** The century each sign after the date stands for: `+` 1800s, `-` and (since 2023) Y X W V U 1900s, A–F 2000s. */
export const FI_CENTURY: Readonly<Record<string, number>> = { '+': 1800, '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900, A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000 };

/**
 * Finnish personal identity code (henkilötunnus) DDMMYYCZZZQ: a real calendar date in the century
 * the sign C names, an individual number from 002, and Q the check character of DDMMYYZZZ mod 31.
 */
export function fiPersonalCodeValid(value: string): boolean {
  const m = /^(\d\d)(\d\d)(\d\d)([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(value);
  if (!m) return false;
  const [day, month, year] = [Number(m[1]), Number(m[2]), FI_CENTURY[m[4]!]! + Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || date.getUTCMonth() !== month - 1 || Number(m[5]) < 2) return false;
  return FI_CHECK[Number(m[1]! + m[2]! + m[3]! + m[5]!) % 31] === m[6];
}

/** Sum of digit × weight over the first weights.length digits. */
function weighted(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!;
  return sum;
}

/**
 * The TFN weights: nine digits as issued today; eight for the older numbers still held. The
 * eight-digit weights are those independent public validators agree on (the ATO publishes neither
 * set; Microsoft Purview's TFN type also takes eight or nine digits with a check).
 */
const TFN_WEIGHTS_9 = [1, 4, 3, 7, 5, 8, 6, 9, 10];
const TFN_WEIGHTS_8 = [10, 7, 8, 4, 6, 3, 5, 1];

/** Australian Tax File Number: nine digits (weights 1 4 3 7 5 8 6 9 10) or eight (10 7 8 4 6 3 5 1), sum divisible by 11 (one in 11 by chance); not all zeros. */
export function tfnValid(digits: string): boolean {
  const weights = digits.length === 9 ? TFN_WEIGHTS_9 : digits.length === 8 ? TFN_WEIGHTS_8 : undefined;
  return !!weights && /^\d+$/.test(digits) && !/^0+$/.test(digits) && weighted(digits, weights) % 11 === 0;
}

/**
 * Australian Business Number: eleven digits; with 1 taken from the first, weights 10 1 3 5 … 19
 * sum to a multiple of 89 — but not to 0, which only 10000000000 (ten billion, in mpmath's tests) does.
 */
export function abnValid(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const sum = weighted(digits, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) - 10;
  return sum > 0 && sum % 89 === 0;
}

/**
 * Australian Medicare card number: ten digits from 2–6; the ninth is the weighted sum (1 3 7 9 1 3
 * 7 9) of the eight before, mod 10; the tenth the card's issue number. Claim forms add an eleventh,
 * the Individual Reference Number (the holder's place on the card, 1–9; never 0).
 */
export function auMedicareValid(digits: string): boolean {
  return /^[2-6]\d{9}[1-9]?$/.test(digits) && weighted(digits, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 === digits.charCodeAt(8) - 48;
}

/** The check letters by remainder: S and T numbers (citizens, residents), F and G (foreigners), M (foreigners since 2022). */
const NRIC_LETTERS: Readonly<Record<string, string>> = { S: 'JZIHGFEDCBA', T: 'JZIHGFEDCBA', F: 'XWUTRQPNMLK', G: 'XWUTRQPNMLK', M: 'XWUTRQPNJLK' };
/** What each prefix adds to the weighted sum: T and G (born or issued from 2000) 4, M 3. */
const NRIC_OFFSET: Readonly<Record<string, number>> = { S: 0, T: 4, F: 0, G: 4, M: 3 };

/** Singapore NRIC / FIN: S T F G or M, seven digits (weights 2 7 6 5 4 3 2, plus the prefix's offset, mod 11) and the prefix table's check letter. */
export function sgNricValid(value: string): boolean {
  const m = /^([STFGM])(\d{7})([A-Z])$/.exec(value);
  return !!m && NRIC_LETTERS[m[1]!]![(weighted(m[2]!, [2, 7, 6, 5, 4, 3, 2]) + NRIC_OFFSET[m[1]!]!) % 11] === m[3];
}

/**
 * French NIR (numéro de sécurité sociale): sex (1 2, 3 4 past a hundred, 7 8 provisional), year,
 * month (01–12; 20–42 and 50–99 when it is unknown), département (two digits, or 2A / 2B for
 * Corsica, counted as 19 and 18 for the key), commune and order (six digits), and a key of
 * 97 − (the thirteen digits mod 97).
 */
export function nirValid(value: string): boolean {
  const m = /^([1-478]\d\d)(\d\d)(\d\d|2[AB])(\d{6})(\d\d)$/.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  if (month < 1 || (month > 12 && month < 20) || (month > 42 && month < 50)) return false;
  const dept = m[3] === '2A' ? '19' : m[3] === '2B' ? '18' : m[3]!;
  // Thirteen digits: below 2^53, exact as a number.
  return Number(m[5]) === 97 - (Number(m[1]! + m[2]! + dept + m[4]!) % 97);
}

/** Medicare Beneficiary Identifier: 11 characters with fixed letter/digit positions, no S L O I B Z. */
export function mbiValid(value: string): boolean {
  return /^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$/.test(value.toUpperCase().replace(/-/g, ''));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Whether year-month-day is a day of the Gregorian calendar (29 February only in leap years). */
export function realDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** The number the two digits at `i` make. */
const two = (d: string, i: number) => (d.charCodeAt(i) - 48) * 10 + d.charCodeAt(i + 1) - 48;
const ALL_DIGITS = /^\d+$/;

/**
 * US ITIN (the IRS's Individual Taxpayer Identification Number): 9XX-GG-XXXX with the group GG in
 * 50–65, 70–88, 90–92 or 94–99. There is no check digit: this is the whole test. (Area 9XX is never
 * an SSN, so the two never claim one number.)
 */
export function itinValid(digits: string): boolean {
  if (digits.length !== 9 || digits.charCodeAt(0) !== 57 || !ALL_DIGITS.test(digits)) return false;
  const g = two(digits, 3);
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94;
}

/** The century of a Korean RRN's birth date by its seventh digit: 1 2 (5 6 foreigners) 1900s, 3 4 (7 8) 2000s. */
const KR_CENTURY = [0, 1900, 1900, 2000, 2000, 1900, 1900, 2000, 2000, 0];
/**
 * Korean Resident Registration Number YYMMDD-GNNNNNC: a real date in the century the gender digit
 * G (1–8) names, and C = (11 − Σ dᵢ·wᵢ mod 11) mod 10 with weights 2 3 4 5 6 7 8 9 2 3 4 5. (9 and
 * 0, for the born before 1900, are left out: no one alive holds them. Numbers issued since October
 * 2020 no longer carry a check digit: see krRrnUnchecked.)
 */
export function krRrnValid(digits: string): boolean {
  return krRrnDate(digits) !== undefined && (11 - (weighted(digits, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]) % 11)) % 10 === digits.charCodeAt(12) - 48;
}

/**
 * A Korean RRN of the form issued since October 2020, when the region digits and the check digit
 * gave way to random ones: a birth date from that month on and not in the future (anyone born
 * since holds such a number), whatever its last digit. The few older holders who were issued a new
 * number since then cannot be told from a failed check, and are not read.
 */
export function krRrnUnchecked(digits: string, now = new Date()): boolean {
  const date = krRrnDate(digits);
  return date !== undefined && date >= KR_RANDOM_SINCE && date <= now.getTime();
}

/** 1 October 2020: the first day Korean RRNs were issued without their region and check digits. */
const KR_RANDOM_SINCE = Date.UTC(2020, 9, 1);

/** The birth date (UTC ms) of thirteen RRN digits, when they have a real one in the century the seventh digit names. */
function krRrnDate(digits: string): number | undefined {
  if (digits.length !== 13 || !ALL_DIGITS.test(digits)) return undefined;
  const century = KR_CENTURY[digits.charCodeAt(6) - 48]!;
  const [y, m, d] = [century + two(digits, 0), two(digits, 2), two(digits, 4)];
  return century && realDate(y, m, d) ? Date.UTC(y, m - 1, d) : undefined;
}

/**
 * Swedish personnummer YYMMDD-NNNC, YYMMDD+NNNC (`+`: a hundred years old or more) or
 * YYYYMMDD-NNNC, the separator optional: a real date (day + 60 for a samordningsnummer, a
 * coordination number) and Luhn over the ten digits without the century. Without a century the
 * year is the latest one not in the future (a century earlier with `+`), as Skatteverket reads it.
 */
export function sePersonnummerValid(value: string, now = new Date()): boolean {
  const plus = value.includes('+');
  const d = value.replace(/[-+]/, '');
  if ((d.length !== 10 && d.length !== 12) || !ALL_DIGITS.test(d)) return false;
  const ten = d.length === 12 ? d.slice(2) : d;
  let year = d.length === 12 ? Number(d.slice(0, 4)) : 2000 + two(d, 0);
  if (d.length === 10) {
    if (year > now.getUTCFullYear()) year -= 100;
    if (plus) year -= 100;
  }
  const day = two(ten, 4);
  return realDate(year, two(ten, 2), day > 60 ? day - 60 : day) && luhn(ten);
}

/** The birth year of a Norwegian fødselsnummer from its two-digit year and three-digit individual number, or 0 for a combination never issued. */
function noBirthYear(yy: number, individual: number): number {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (yy <= 39) return 2000 + yy;
  return individual >= 900 ? 1900 + yy : 0;
}

/** A mod-11 check digit with these weights over the first weights.length digits: 11 − sum mod 11, 11 as 0, 10 (never issued) as -1. */
function mod11Check(digits: string, weights: readonly number[]): number {
  const k = 11 - (weighted(digits, weights) % 11);
  return k === 11 ? 0 : k === 10 ? -1 : k;
}

/**
 * Norwegian fødselsnummer DDMMYYIIIKK: a real date (day + 40 for a D-number, month + 40 for an
 * H-number, the health service's help number — not both) in the century the individual number III
 * and the year name, and two mod-11 check digits (weights 3 7 6 1 8 9 4 5 2, then 5 4 3 2 7 6 5 4
 * 3 2 over the ten digits before); a remainder that gives 10 is never issued.
 */
export function noFodselsnummerValid(digits: string): boolean {
  if (digits.length !== 11 || !ALL_DIGITS.test(digits)) return false;
  const year = noBirthYear(two(digits, 4), Number(digits.slice(6, 9)));
  const day = two(digits, 0);
  const month = two(digits, 2);
  if (day > 40 && month > 40) return false;
  if (!year || !realDate(year, month > 40 ? month - 40 : month, day > 40 ? day - 40 : day)) return false;
  return mod11Check(digits, [3, 7, 6, 1, 8, 9, 4, 5, 2]) === digits.charCodeAt(9) - 48 && mod11Check(digits, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) === digits.charCodeAt(10) - 48;
}

/**
 * Danish CPR number DDMMYY-SSSS: a real date in the century the seventh digit and the year name
 * (0–3 1900s; 4 and 9 2000s up to 36, else 1900s; 5–8 2000s up to 57, else 1800s). The old mod-11
 * check (weights 4 3 2 7 6 5 4 3 2 1) is not tested: since 2007 numbers are issued without it.
 */
export function dkCprValid(digits: string): boolean {
  if (digits.length !== 10 || !ALL_DIGITS.test(digits)) return false;
  const yy = two(digits, 4);
  const s = digits.charCodeAt(6) - 48;
  const century = s <= 3 ? 1900 : s === 4 || s === 9 ? (yy <= 36 ? 2000 : 1900) : yy <= 57 ? 2000 : 1800;
  return realDate(century + yy, two(digits, 2), two(digits, 0));
}

/** The EAN-13 check: weights 1 3 1 3 … over the first twelve digits, the thirteenth makes the sum a multiple of 10. */
export function ean13Valid(digits: string): boolean {
  if (digits.length !== 13 || !ALL_DIGITS.test(digits)) return false;
  return (10 - (weighted(digits, [1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3]) % 10)) % 10 === digits.charCodeAt(12) - 48;
}

/** Swiss AHV / AVS number (AHVN13) 756.XXXX.XXXX.XC: Switzerland's prefix 756 and an EAN-13 check digit. */
export function ahvValid(digits: string): boolean {
  return digits.startsWith('756') && ean13Valid(digits);
}

/** The first two digits of a Chinese resident id's region code: provinces, Taiwan (71), Hong Kong and Macau (81 82 83). */
const CN_PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83]);
/** ISO 7064 MOD 11-2 weights (2^(17−i) mod 11) and the check character for each remainder. */
const CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_CHECK = '10X98765432';

/**
 * Chinese resident identity card number (GB 11643): a six-digit region code whose province exists,
 * a real birth date YYYYMMDD from 1900 and not in the future, three sequence digits and the ISO 7064
 * MOD 11-2 check character (`X` for 10).
 */
export function cnResidentIdValid(value: string, now = new Date()): boolean {
  const v = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v) || !CN_PROVINCES.has(two(v, 0))) return false;
  const year = Number(v.slice(6, 10));
  if (year < 1900 || year > now.getUTCFullYear() || !realDate(year, two(v, 10), two(v, 12))) return false;
  return CN_CHECK[weighted(v, CN_WEIGHTS) % 11] === v[17];
}

/**
 * South African identity number YYMMDDSSSSCAZ: a real date (in either century: 29 February of a
 * year divisible by four), citizenship C (0 citizen, 1 permanent resident, 2 refugee), A 8 or 9
 * (the race digit it replaced is gone from every id reissued since the late 1980s), Luhn over all 13.
 */
export function zaIdValid(digits: string): boolean {
  if (digits.length !== 13 || !ALL_DIGITS.test(digits)) return false;
  const yy = two(digits, 0);
  const c = digits.charCodeAt(10);
  const a = digits.charCodeAt(11);
  if (c < 48 || c > 50 || a < 56) return false;
  return (realDate(1900 + yy, two(digits, 2), two(digits, 4)) || realDate(2000 + yy, two(digits, 2), two(digits, 4))) && luhn(digits);
}
