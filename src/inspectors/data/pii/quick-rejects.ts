/**
 * Cells scanPii is done with before any recognizer runs, told by character loops: tables are full
 * of short values (ids, counts, amounts, labels), where a loop over a few characters costs less
 * than calling a regex. (Over longer texts a regex is faster: V8 reads a string character by
 * character at a few nanoseconds each.) The tests compare each with the regex it replaces.
 */

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Length of the run of digits at `at`. */
function digitsAt(text: string, at: number): number {
  let i = at;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i - at;
}

/**
 * `^\d{1,5}(?:\.\d{1,2})?$`: an id, a count, an amount (≤ 5 digits, ≤ 2 decimals). None can be an
 * entity whatever the context (the shortest digits-only id, an MRN, has 6 digits; a phone number
 * 8; a date or an IP address needs more separators).
 */
export function isShortNumber(text: string): boolean {
  const whole = digitsAt(text, 0);
  if (whole < 1 || whole > 5) return false;
  if (whole === text.length) return true;
  if (text.charCodeAt(whole) !== 46) return false;
  const frac = digitsAt(text, whole + 1);
  return frac >= 1 && frac <= 2 && whole + 1 + frac === text.length;
}

/** Offset of the first character of `text` in the table, or -1. */
export function firstIn(text: string, table: Uint8Array): number {
  for (let i = 0; i < text.length; i++) if (table[text.charCodeAt(i)] === 1) return i;
  return -1;
}
