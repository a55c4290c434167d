import { realDate } from './checksums.js';

/**
 * The checks of the national ids in national-ids-europe.ts and of Japan's My Number, from each
 * issuer's own description (cited beside each). Each comes twice: `…Valid(digits)` for a match's
 * bare digits, and `…At(text, at)` for the digits of a run already known to be long enough, read
 * in place — the start checks run it on every run of that length before any regex (eleven and
 * twelve digits in a row are everywhere in tables and logs, and the checks fail nine times in ten
 * or more), so it makes no string.
 */

const ALL_DIGITS = /^\d+$/;
const digitAt = (d: string, i: number) => d.charCodeAt(i) - 48;
/** The number the two digits at `i` make. */
const two = (d: string, i: number) => digitAt(d, i) * 10 + digitAt(d, i + 1);
/** Σ digit × weight over the digits from `at`. */
function weightedAt(text: string, at: number, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digitAt(text, at + i) * weights[i]!;
  return sum;
}
/** Whether `digits` is `n` digits and nothing else. */
const isDigits = (digits: string, n: number) => digits.length === n && ALL_DIGITS.test(digits);

const JP_WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
/**
 * Japan's Individual Number (マイナンバー, 個人番号): eleven digits and a check digit, per the
 * Cabinet Office ordinance on the check digit (行政手続における特定の個人を識別するための番号の利用等に関する
 * 法律施行令 §8): weights 6 5 4 3 2 7 6 5 4 3 2 from the left, r = Σ mod 11, check 0 when r ≤ 1,
 * else 11 − r.
 */
export function jpMyNumberAt(text: string, at: number): boolean {
  const r = weightedAt(text, at, JP_WEIGHTS) % 11;
  return (r <= 1 ? 0 : 11 - r) === digitAt(text, at + 11);
}
export const jpMyNumberValid = (digits: string): boolean => isDigits(digits, 12) && jpMyNumberAt(digits, 0);

/**
 * Whether the `n` digits from `at` end in their ISO 7064 MOD 11,10 check digit (a hybrid system:
 * one digit from 0–9), as Croatia's OIB and Germany's tax id do.
 */
export function mod1110At(text: string, at: number, n: number): boolean {
  let product = 10;
  for (let i = 0; i < n - 1; i++) {
    const sum = (digitAt(text, at + i) + product) % 10 || 10;
    product = (sum * 2) % 11;
  }
  return (11 - product) % 10 === digitAt(text, at + n - 1);
}
export const iso7064Mod1110Valid = (digits: string): boolean => ALL_DIGITS.test(digits) && mod1110At(digits, 0, digits.length);

/** Croatia's Osobni identifikacijski broj: eleven digits, the last an ISO 7064 MOD 11,10 check digit. */
export const hrOibAt = (text: string, at: number): boolean => mod1110At(text, at, 11);
export const hrOibValid = (digits: string): boolean => isDigits(digits, 11) && hrOibAt(digits, 0);

/**
 * Germany's Steuerliche Identifikationsnummer (§139b AO; the Bundeszentralamt für Steuern's
 * description): eleven digits, the first not 0, an ISO 7064 MOD 11,10 check digit, and in the
 * first ten exactly one digit more than once — twice, or (since 2016) three times but not all three
 * in a row — so one or two digits are missing. Random digits keep that rule about one time in 26.
 */
export function deTaxIdAt(text: string, at: number): boolean {
  if (text.charCodeAt(at) === 48 || !mod1110At(text, at, 11)) return false;
  // A bit per digit seen; the repeated digit and how often, in one pass over the first ten.
  let seen = 0;
  let repeated = -1;
  let times = 0;
  for (let i = 0; i < 10; i++) {
    const d = digitAt(text, at + i);
    if ((seen & (1 << d)) === 0) seen |= 1 << d;
    else if (repeated === -1 || repeated === d) {
      repeated = d;
      times++;
    } else return false;
  }
  if (repeated === -1 || times > 2) return false;
  if (times === 1) return true;
  // Three times, but not all three in a row.
  for (let i = 0; i + 2 < 10; i++) if (digitAt(text, at + i) === repeated && digitAt(text, at + i + 1) === repeated && digitAt(text, at + i + 2) === repeated) return false;
  return true;
}
export const deTaxIdValid = (digits: string): boolean => isDigits(digits, 11) && deTaxIdAt(digits, 0);

/**
 * Belgium's national register number (Rijksregisternummer, numéro de registre national; the
 * register's own description): YYMMDD, a sequence number 001–998, and a check of two digits,
 * 97 − (the first nine digits mod 97) — for the born since 2000 with a `2` put before them. The
 * check says the century; the date must be real in it and, in the 2000s, not in the future. A
 * BIS number (for those not in the register) adds 20 or 40 to the month.
 */
export function beNationalNumberAt(text: string, at: number, now = new Date()): boolean {
  const sequence = digitAt(text, at + 6) * 100 + two(text, at + 7);
  if (sequence < 1 || sequence > 998) return false;
  let nine = 0;
  for (let i = 0; i < 9; i++) nine = nine * 10 + digitAt(text, at + i);
  const check = two(text, at + 9);
  const yy = two(text, at);
  const mm = two(text, at + 2);
  const month = mm > 40 ? mm - 40 : mm > 20 ? mm - 20 : mm;
  const day = two(text, at + 4);
  if (97 - (nine % 97) === check && realDate(1900 + yy, month, day)) return true;
  return 97 - ((2_000_000_000 + nine) % 97) === check && realDate(2000 + yy, month, day) && 2000 + yy <= now.getUTCFullYear();
}
export const beNationalNumberValid = (digits: string, now = new Date()): boolean => isDigits(digits, 11) && beNationalNumberAt(digits, 0, now);

/**
 * Turkey's T.C. Kimlik No (the population directorate's algorithm): eleven digits, the first not
 * 0; the tenth is (7 × the sum of the odd-placed first nine − the sum of the even-placed) mod 10,
 * the eleventh the sum of the first ten mod 10. One in a hundred passes by chance.
 */
export function trKimlikAt(text: string, at: number): boolean {
  if (text.charCodeAt(at) === 48) return false;
  const odd = digitAt(text, at) + digitAt(text, at + 2) + digitAt(text, at + 4) + digitAt(text, at + 6) + digitAt(text, at + 8);
  const even = digitAt(text, at + 1) + digitAt(text, at + 3) + digitAt(text, at + 5) + digitAt(text, at + 7);
  const tenth = digitAt(text, at + 9);
  return (((odd * 7 - even) % 10) + 10) % 10 === tenth && (odd + even + tenth) % 10 === digitAt(text, at + 10);
}
export const trKimlikValid = (digits: string): boolean => isDigits(digits, 11) && trKimlikAt(digits, 0);

/** A Romanian CNP's first digit → the century of the birth date (0: either, for residents and foreigners). 3 and 4, the 1800s, are no one alive. */
const RO_CENTURY = [-1, 1900, 1900, -1, -1, 2000, 2000, 0, 0, 0];
/**
 * The county codes: 01–40 the counties in alphabetical order, 41–46 Bucharest's sectors (47 and 48
 * for the two that no longer exist), 51 Călărași and 52 Giurgiu (created later), 70 for any county
 * (numbers given since 2024 where the county does not matter).
 */
const roCounty = (c: number) => (c >= 1 && c <= 48) || c === 51 || c === 52 || c === 70;
const RO_KEY = [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9];

/**
 * Romania's Cod Numeric Personal: S (sex and century), YYMMDD, a county code JJ, a sequence NNN
 * and a control digit: Σ dᵢ·kᵢ over the first twelve with the key 279146358279, mod 11 (10 gives
 * 1). The date must be real in the century S names (either for residents and foreigners).
 */
export function roCnpAt(text: string, at: number): boolean {
  const century = RO_CENTURY[digitAt(text, at)]!;
  if (century < 0 || !roCounty(two(text, at + 7))) return false;
  const r = weightedAt(text, at, RO_KEY) % 11;
  if ((r === 10 ? 1 : r) !== digitAt(text, at + 12)) return false;
  const [yy, month, day] = [two(text, at + 1), two(text, at + 3), two(text, at + 5)];
  return century ? realDate(century + yy, month, day) : realDate(1900 + yy, month, day) || realDate(2000 + yy, month, day);
}
export const roCnpValid = (digits: string): boolean => isDigits(digits, 13) && roCnpAt(digits, 0);
