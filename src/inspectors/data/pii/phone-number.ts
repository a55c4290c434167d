import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isDigit, isWordChar } from './candidates.js';
import { nanpGrouped, nanpValid, plainNanpDigits } from './nanp.js';
import { internationalValid } from './phone-plans.js';

/**
 * What the PHONE_NUMBER recognizer (recognizers.ts) asks of a digit group: libphonenumber's
 * verdict, kept per distinct match, and the shapes that say a valid-looking group is something
 * else — a date, a list of numbers, an SSN.
 */

/**
 * Whether digits written without `+` can be a valid number for libphonenumber with the US as the
 * default region: ten digits, eleven with the trunk prefix 1, or an international call from the
 * US (011 …). Anything else (an SSN's nine digits, a 12-digit id) is invalid there, and is
 * rejected without the library's search through every +1 country, which costs microseconds.
 */
export function nanpPossible(digits: string): boolean {
  return digits.length === 10 || (digits.length === 11 && digits.charCodeAt(0) === 49) || digits.startsWith('011');
}

/**
 * A costly verdict on match text, kept: a column repeats its values (the same customer on many
 * rows). Bounded (it starts over at 4096 entries) and keyed by a copy of the match (a slice would
 * keep its whole cell alive).
 */
function keptVerdicts(compute: (m: string) => boolean): (m: string) => boolean {
  const seen = new Map<string, boolean>();
  return (m) => {
    let valid = seen.get(m);
    if (valid === undefined) {
      valid = compute(m);
      if (seen.size >= 4096) seen.clear();
      seen.set((' ' + m).slice(1), valid);
    }
    return valid;
  };
}

/** libphonenumber's own verdict, US the default region without `+` (microseconds a number). */
const libraryValid = keptVerdicts((m) => {
  const p = parsePhoneNumberFromString(m, m.startsWith('+') ? undefined : 'US');
  return !!p && p.isValid();
});

/**
 * libphonenumber's verdict on a match (US the default region without `+`). Ten plain digits in
 * the US plan and `+` with a calling code — nearly every number in real data — get it from the
 * library's metadata compiled once (nanp.ts, phone-plans.ts), in well under a microsecond; other
 * forms go to the library itself.
 */
export function phoneValid(m: string): boolean {
  const nn = plainNanpDigits(m);
  if (nn !== undefined) return nanpValid(nn);
  return internationalValid(m) ?? libraryValid(m);
}

/**
 * Regions whose national numbers (no `+`) are tried when a number is not written as a North
 * American one: where personal data in English-speaking tooling most often comes from. Such a
 * number scores NATIONAL_SCORE, below the default threshold, so only a context word or a column
 * name makes it a finding (Presidio tries a list of regions likewise).
 */
const NATIONAL_REGIONS = ['GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'BR', 'IN', 'JP', 'AU', 'MX'] as const;
export const NATIONAL_SCORE = 0.4;
export const SSN_SHAPE = /^\d{3}-\d{2}-\d{4}$/;
/** A North American number written in spaced groups, the way a list of numbers is written too. */
export const SPACED_NANP = /^\d{3} \d{3} \d{4}$/;
/**
 * What a spaced 3-3-4 group scores inside a list of numbers: below the threshold, so only a phone
 * context word or column makes it a hit.
 */
export const LISTED_NANP = 0.3;
/** What a North American number kept as bare digits scores: a phone context word or column makes it a hit. */
export const BARE_NANP = 0.3;

/**
 * Whether another number (a whole word of digits) stands right before or after `start`..`end`, one
 * space apart, as the groups inside are: the group is part of a list of numbers. The phone pattern
 * takes a list's first numbers into one match (too many digits: no number), so a 3-3-4 group is
 * found only further along it (`… 105 106 571 612 1056`: six groups is the most one match holds)
 * or before a number too long to join it (`571 612 1056 2147483647`).
 */
export function numberBeside(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start - 1) === 32) {
    let i = start - 1;
    while (i > 0 && isDigit(text.charCodeAt(i - 1))) i--;
    if (i < start - 1 && (i === 0 || !isWordChar(text.charCodeAt(i - 1)))) return true;
  }
  if (text.charCodeAt(end) !== 32) return false;
  let j = end + 1;
  while (j < text.length && isDigit(text.charCodeAt(j))) j++;
  return j > end + 1 && (j === text.length || !isWordChar(text.charCodeAt(j)));
}
/**
 * A one-digit group after the first: no country writes its numbers so (`4 5 00014017 1 6` is a table
 * row). Nor a lone first digit before nothing but two-digit groups (`0 34 35 36 37`: a row of PSPP's
 * matrix data; France writes `03 43 53 63 7`'s kind as `0X XX XX XX XX`, its freephone `0 800 …`).
 */
export const LONE_DIGIT_GROUP = /\D\d(?:\D|$)|^\d(?: \d{2}){3,}$/;

/** Whether libphonenumber calls `m` a valid national number of one of NATIONAL_REGIONS. */
export const nationalValid = keptVerdicts((m) => NATIONAL_REGIONS.some((region) => parsePhoneNumberFromString(m, region)?.isValid() ?? false));

/** Whether a number without `+` has the digits and grouping of a North American one. */
export function northAmerican(m: string, digits: string): boolean {
  return nanpPossible(digits) && nanpGrouped(m);
}

/** A valid phone number's score by how it is written: international, with separators, or bare digits. */
export function phoneScore(m: string): number {
  return m.startsWith('+') ? 0.75 : /[ ().-]/.test(m) ? 0.55 : 0.3;
}

/**
 * A clock time's hours and minutes right before a match (`12:32:` before `58.789000-07`): the match
 * is its seconds, their fraction and the UTC offset (`2022-05-04T12:32:58.789000-07:00` in AWS
 * Transcribe's docs), whose digits and separators fit a phone number's. No one writes a phone
 * number right after a time's second colon.
 */
export const CLOCK_BEFORE = /\d:[0-5]\d:$/;

/** A calendar date written year first, inside a longer match. */
export const ISO_DATE_INSIDE = /(?:^|\D)(?:1[89]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)/;

/**
 * A point as ISO 6709 writes it, signed latitude then signed longitude in degrees and minutes
 * (`+4612-05957`) or with seconds too (`+465130-0595700`): tz's zone.tab and iso3166 tables. The
 * latitude's `+` reads as a calling code and the longitude's `-` as a separator. Degrees, minutes
 * and seconds in range and both halves to the same precision: a number written `+4930-1234567` is not one.
 */
export const ISO6709_POINT = /^[+-](?:[0-8]\d|90)[0-5]\d(?:[+-](?:0\d\d|1[0-7]\d|180)[0-5]\d|[0-5]\d[+-](?:0\d\d|1[0-7]\d|180)[0-5]\d[0-5]\d)$/;
