import { isDigit, isWordChar, type StartForm } from './candidates.js';

/**
 * The finer checks of the recognizers' start forms: each reads a few characters after a candidate
 * and says whether the recognizer's regex could match there (necessary, not sufficient), so the
 * regex runs only where it might. Each mirrors a part of one pattern; the dispatch tests compare
 * every recognizer with a whole-text scan.
 */

const SPACE = 32;
export const HYPHEN = 45;
export const DOT = 46;

/** Length of the run of digits at `at`. */
function digitRun(text: string, at: number): number {
  let i = at;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i - at;
}

type Groups = readonly (readonly [number, number])[];
/**
 * Whether digit groups of the given sizes ([min, max] each), separated by `sep`, start at `at` and
 * are followed by a non-word character (or the end): each group a whole run of digits, as the
 * patterns that end in `\b` write them (`\d{3}-\d{2}-\d{4}\b` needs runs of exactly 3, 2, 4).
 */
export function groupsAt(text: string, at: number, sep: number, sizes: Groups): boolean {
  let i = at;
  for (let g = 0; g < sizes.length; g++) {
    if (g > 0) {
      if (text.charCodeAt(i) !== sep) return false;
      i++;
    }
    const run = digitRun(text, i);
    if (run < sizes[g]![0] || run > sizes[g]![1]) return false;
    i += run;
  }
  return i >= text.length || !isWordChar(text.charCodeAt(i));
}
const exactly = (...ns: number[]): Groups => ns.map((n) => [n, n] as const);
export const SSN_GROUPS = exactly(3, 2, 4);
export const NHS_GROUPS = exactly(3, 3, 4);
export const SIN_GROUPS = exactly(3, 3, 3);
/** An older, eight-digit Australian TFN: `123 456 78`. */
export const TFN8_GROUPS = exactly(3, 3, 2);
export const AADHAAR_GROUPS = exactly(4, 4, 4);
export const ABN_GROUPS = exactly(2, 3, 3, 3);
export const MEDICARE_GROUPS = exactly(4, 5, 1);
export const OCTETS: Groups = [[1, 3], [1, 3], [1, 3], [1, 3]];
export const YMD = exactly(4, 2, 2);
export const DMY: Groups = [[1, 2], [1, 2], [4, 4]];
/** Digit forms of a separated id: the first group then a space or hyphen and a digit, every group a whole run. */
export const separated = (lead: number, groups: Groups, first?: string): StartForm => ({ kind: 'digits', lead: [lead, lead], next: ' -', after: '0', first, test: (t, text) => groupsAt(text, t.at, t.next, groups) });

/** Where the French NIR written in its seven groups has a separator: `1 85 05 78 006 084 36`. */
const NIR_SPACES = [1, 4, 7, 10, 14, 18];
const NIR_SPACED_LENGTH = 21;
/**
 * Whether the French NIR's seven groups start at `at` (the département may be 2A or 2B), apart
 * by spaces, dots or dashes — one kind throughout. Read character by character: one digit and a
 * space start every row of a table of small integers (`5 33 12 -4 …`), which fails within a few
 * characters and should cost no string.
 */
export function nirSpacedAt(text: string, at: number): boolean {
  if (at + NIR_SPACED_LENGTH > text.length) return false;
  const sep = text.charCodeAt(at + 1);
  if (sep !== SPACE && sep !== DOT && sep !== HYPHEN) return false;
  for (let i = 0, s = 0; i < NIR_SPACED_LENGTH; i++) {
    const c = text.charCodeAt(at + i);
    if (i === NIR_SPACES[s]) {
      if (c !== sep) return false;
      s++;
    } else if (!isDigit(c) && !(i === 9 && (c === 65 || c === 66) && text.charCodeAt(at + 8) === 50)) return false;
  }
  return true;
}

/** A phone extension's lead-in (` x`, `x`, ` ext. `, `Ext`), as the phone pattern spells it. */
const EXTENSION = ' ?(?:[xX]|[eE]xt\\.?) ?';
const EXTENSION_AT = new RegExp(`^${EXTENSION}\\d`);
const EXTENSION_END = new RegExp(`${EXTENSION}\\d{1,6}$`);

/** ` x204`, `x204`, `ext.12`, `Ext 7` at `i`: an extension the phone pattern takes after the number. */
function extensionAt(text: string, i: number): boolean {
  return EXTENSION_AT.test(text.slice(i, i + 7));
}

/** A phone number without a trailing extension (` x204`, `ext.12`). */
export function withoutExtension(m: string): string {
  const x = m.search(EXTENSION_END);
  return x > 0 ? m.slice(0, x) : m;
}

/**
 * Whether a phone number that scores can start at `at`: its match lies in the run of phone
 * characters (digits, space . - ( ) +) from there, ends after a digit where no word character
 * follows (or an extension does), and holds at least 8 digits (fewer score null).
 */
export function phoneCanScore(text: string, at: number): boolean {
  let digits = 0;
  for (let i = at; ; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (isDigit(c)) {
      digits++;
      continue;
    }
    if (digits >= 8 && i > at && isDigit(text.charCodeAt(i - 1)) && (!isWordChar(c) || extensionAt(text, i))) return true;
    if (c !== SPACE && c !== DOT && c !== HYPHEN && c !== 40 && c !== 41 && c !== 43) return false;
  }
}

/** 4\d{3} | 5[1-5]\d{2} | 2[2-7]\d{2} | 3[47]\d{2} | 6(?:011|5\d{2}): the card prefixes, on four leading digits. */
export function cardPrefix(text: string, at: number): boolean {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  if (a === 52) return true;
  if (a === 53) return b >= 49 && b <= 53;
  if (a === 50) return b >= 50 && b <= 55;
  // 34 / 37 American Express; 30, 36, 38, 39 Diners Club; 35 JCB (3528–3589, checked by the regex).
  if (a === 51) return b === 48 || b === 52 || b === 53 || b === 54 || b === 55 || b === 56 || b === 57;
  return a === 54 && (b === 53 || text.startsWith('011', at + 1));
}


const isUpperOrDigit = (c: number) => (c >= 65 && c <= 90) || isDigit(c);
export const FISCAL_LENGTH = 16;
/**
 * Whether a word of exactly 16 characters, each A–Z or 0–9, stands in `text`: every match of the
 * Italian fiscal code's pattern is one (its characters are all word characters, `\b` on both
 * sides). Any 16 characters in a row hold one offset ≡ 15 (mod 16), so only those offsets are
 * looked at, and prose is passed in a sixteenth of the reads a regex makes.
 */
export function fiscalShapeIn(text: string): boolean {
  const n = text.length;
  for (let p = FISCAL_LENGTH - 1; p < n; p += FISCAL_LENGTH) {
    if (!isUpperOrDigit(text.charCodeAt(p))) continue;
    // The word around p, walked no further than 16 characters either way (a longer one is no match).
    let a = p;
    while (a > 0 && p - a < FISCAL_LENGTH && isWordChar(text.charCodeAt(a - 1))) a--;
    let b = p + 1;
    while (b < n && b - a <= FISCAL_LENGTH && isWordChar(text.charCodeAt(b))) b++;
    if (b - a !== FISCAL_LENGTH) continue;
    let k = a;
    while (k < b && isUpperOrDigit(text.charCodeAt(k))) k++;
    if (k === b) return true;
  }
  return false;
}

/** Where the Belgian national number in its printed form has its separators: `85.03.14-123.45`. */
const BE_SEPARATORS: Record<number, number> = { 2: DOT, 5: DOT, 8: HYPHEN, 12: DOT };
const BE_PRINTED_LENGTH = 15;
/** Whether a Belgian national number in its printed form, `YY.MM.DD-SSS.CC`, starts at `at` and ends a word there. */
export function bePrintedAt(text: string, at: number): boolean {
  if (at + BE_PRINTED_LENGTH > text.length) return false;
  for (let i = 0; i < BE_PRINTED_LENGTH; i++) {
    const c = text.charCodeAt(at + i);
    const sep = BE_SEPARATORS[i];
    if (sep !== undefined ? c !== sep : !isDigit(c)) return false;
  }
  return at + BE_PRINTED_LENGTH === text.length || !isWordChar(text.charCodeAt(at + BE_PRINTED_LENGTH));
}
