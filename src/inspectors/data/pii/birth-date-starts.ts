/**
 * Start checks for the national ids that begin with a birth date (KR, SE, NO, DK, CN, ZA): each
 * reads the month and day digits where the id's pattern has them and says whether they are in the
 * pattern's ranges — the part of the pattern that keeps dates, timestamps and order numbers (runs
 * of 10–18 digits everywhere in tables) from ever reaching the regex. Necessary, not sufficient:
 * the checksums test the real date. Character codes, no strings: these run on every such run.
 */

/** The number the two characters at `i` make, or -1 when either is no digit. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const isMonth = (m: number) => m >= 1 && m <= 12;
/** 01–31, or with `offset` (a Swedish samordningsnummer's +60, a Norwegian D-number's +40) 01–31 past it too. */
const isDay = (d: number, offset = 0) => (d >= 1 && d <= 31) || (offset > 0 && d > offset && d <= offset + 31);

/** MMDD at `i` (month 01–12, day 01–31, or the day plus `dayOffset`). */
export function monthDayAt(text: string, i: number, dayOffset = 0): boolean {
  return isMonth(twoDigits(text, i)) && isDay(twoDigits(text, i + 2), dayOffset);
}

/** DDMM at `i` (day 01–31, or the day plus `dayOffset`; month 01–12, or the month plus `monthOffset`: a Norwegian H-number's +40). */
export function dayMonthAt(text: string, i: number, dayOffset = 0, monthOffset = 0): boolean {
  const m = twoDigits(text, i + 2);
  return isDay(twoDigits(text, i), dayOffset) && (isMonth(m) || (monthOffset > 0 && isMonth(m - monthOffset)));
}

/** A four-digit year of the 1800s, 1900s or 2000s at `i` (`18`, `19` or `20`). */
export function centuryAt(text: string, i: number): boolean {
  const c = twoDigits(text, i);
  return c >= 18 && c <= 20;
}

/**
 * A month at `i` and a day at `dayAt` (right after it unless apart) as a Belgian national number
 * writes them: month 01–12, or plus 20 or 40 (a BIS number's), day 01–31.
 */
export function beMonthDayAt(text: string, i: number, dayAt = i + 2): boolean {
  const m = twoDigits(text, i);
  return (isMonth(m) || isMonth(m - 20) || isMonth(m - 40)) && isDay(twoDigits(text, dayAt));
}
