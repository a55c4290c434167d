import { realDate, weighted } from './checksums.js';

/**
 * The checks of the national ids in national-ids-europe.ts and of Japan's My Number: each takes
 * the bare digits and says whether they are a number the issuer could have given, from the
 * issuer's own description of the check (cited beside each).
 */

const ALL_DIGITS = /^\d+$/;
const digitAt = (d: string, i: number) => d.charCodeAt(i) - 48;
/** The number the two digits at `i` make. */
const two = (d: string, i: number) => digitAt(d, i) * 10 + digitAt(d, i + 1);

/**
 * Japan's Individual Number (マイナンバー, 個人番号): eleven digits and a check digit, per the
 * Cabinet Office ordinance on the check digit (行政手続における特定の個人を識別するための番号の利用等に関する
 * 法律施行令 §8): weights 6 5 4 3 2 7 6 5 4 3 2 from the left, r = Σ mod 11, check 0 when r ≤ 1,
 * else 11 − r.
 */
export function jpMyNumberValid(digits: string): boolean {
  if (digits.length !== 12 || !ALL_DIGITS.test(digits)) return false;
  const r = weighted(digits, [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
  return (r <= 1 ? 0 : 11 - r) === digitAt(digits, 11);
}

/**
 * The ISO 7064 MOD 11,10 check digit (a hybrid system: one digit from 0–9) of the digits before
 * the last: what Croatia's OIB and Germany's tax id end with.
 */
export function iso7064Mod1110Valid(digits: string): boolean {
  let product = 10;
  for (let i = 0; i < digits.length - 1; i++) {
    const sum = (digitAt(digits, i) + product) % 10 || 10;
    product = (sum * 2) % 11;
  }
  return (11 - product) % 10 === digitAt(digits, digits.length - 1);
}

/** Croatia's Osobni identifikacijski broj: eleven digits, the last an ISO 7064 MOD 11,10 check digit. */
export function hrOibValid(digits: string): boolean {
  return digits.length === 11 && ALL_DIGITS.test(digits) && iso7064Mod1110Valid(digits);
}

/**
 * Germany's Steuerliche Identifikationsnummer (§139b AO; the Bundeszentralamt für Steuern's
 * description): eleven digits, the first not 0, an ISO 7064 MOD 11,10 check digit, and in the
 * first ten exactly one digit more than once — twice, or (since 2016) three times but not all three
 * in a row — so one or two digits are missing. Random digits keep that rule about one time in 26.
 */
export function deTaxIdValid(digits: string): boolean {
  if (digits.length !== 11 || !ALL_DIGITS.test(digits) || digits.charCodeAt(0) === 48) return false;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[digitAt(digits, i)]!++;
  const repeated = counts.filter((c) => c > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  if (repeated[0] === 3) {
    for (let i = 0; i + 2 < 10; i++) if (digits[i] === digits[i + 1] && digits[i] === digits[i + 2]) return false;
  }
  return iso7064Mod1110Valid(digits);
}

/**
 * Belgium's national register number (Rijksregisternummer, numéro de registre national; the
 * register's own description): YYMMDD, a sequence number 001–998, and a check of two digits,
 * 97 − (the first nine digits mod 97) — for the born since 2000 with a `2` put before them. The
 * check says the century; the date must be real in it and, in the 2000s, not in the future. A
 * BIS number (for those not in the register) adds 20 or 40 to the month.
 */
export function beNationalNumberValid(digits: string, now = new Date()): boolean {
  if (digits.length !== 11 || !ALL_DIGITS.test(digits)) return false;
  const sequence = Number(digits.slice(6, 9));
  if (sequence < 1 || sequence > 998) return false;
  const nine = Number(digits.slice(0, 9));
  const check = two(digits, 9);
  const yy = two(digits, 0);
  const mm = two(digits, 2);
  const month = mm > 40 ? mm - 40 : mm > 20 ? mm - 20 : mm;
  const day = two(digits, 4);
  if (97 - (nine % 97) === check && realDate(1900 + yy, month, day)) return true;
  return 97 - ((2_000_000_000 + nine) % 97) === check && realDate(2000 + yy, month, day) && 2000 + yy <= now.getUTCFullYear();
}

/**
 * Turkey's T.C. Kimlik No (the population directorate's algorithm): eleven digits, the first not
 * 0; the tenth is (7 × the sum of the odd-placed first nine − the sum of the even-placed) mod 10,
 * the eleventh the sum of the first ten mod 10. One in a hundred passes by chance.
 */
export function trKimlikValid(digits: string): boolean {
  if (digits.length !== 11 || !ALL_DIGITS.test(digits) || digits.charCodeAt(0) === 48) return false;
  const odd = digitAt(digits, 0) + digitAt(digits, 2) + digitAt(digits, 4) + digitAt(digits, 6) + digitAt(digits, 8);
  const even = digitAt(digits, 1) + digitAt(digits, 3) + digitAt(digits, 5) + digitAt(digits, 7);
  if ((((odd * 7 - even) % 10) + 10) % 10 !== digitAt(digits, 9)) return false;
  return (odd + even + digitAt(digits, 9)) % 10 === digitAt(digits, 10);
}

/** A Romanian CNP's first digit → the century of the birth date (0: either, for residents and foreigners). 3 and 4, the 1800s, are no one alive. */
const RO_CENTURY: Record<number, number> = { 1: 1900, 2: 1900, 5: 2000, 6: 2000, 7: 0, 8: 0, 9: 0 };
/**
 * The county codes: 01–40 the counties in alphabetical order, 41–46 Bucharest's sectors (47 and 48
 * for the two that no longer exist), 51 Călărași and 52 Giurgiu (created later), 70 for any county
 * (numbers given since 2024 where the county does not matter).
 */
const roCounty = (c: number) => (c >= 1 && c <= 48) || c === 51 || c === 52 || c === 70;

/**
 * Romania's Cod Numeric Personal: S (sex and century), YYMMDD, a county code JJ, a sequence NNN
 * and a control digit: Σ dᵢ·kᵢ over the first twelve with the key 279146358279, mod 11 (10 gives
 * 1). The date must be real in the century S names (either for residents and foreigners).
 */
export function roCnpValid(digits: string): boolean {
  if (digits.length !== 13 || !ALL_DIGITS.test(digits)) return false;
  const century = RO_CENTURY[digitAt(digits, 0)];
  if (century === undefined || !roCounty(two(digits, 7))) return false;
  const [yy, month, day] = [two(digits, 1), two(digits, 3), two(digits, 5)];
  if (!(century ? realDate(century + yy, month, day) : realDate(1900 + yy, month, day) || realDate(2000 + yy, month, day))) return false;
  const r = weighted(digits, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
  return (r === 10 ? 1 : r) === digitAt(digits, 12);
}
