/**
 * Where a pattern recognizer's match can start, found in one pass: every recognizer the dispatcher
 * serves needs a digit inside its match, so the pass jumps from digit to digit (a regex search over
 * prose, a short character loop where digits are dense) and reports, for each word holding one,
 * the few places a match through it can begin:
 *  - the word's start (`\b` then a word character: every such recognizer begins that way);
 *  - a `+` or `(` just before it (a phone number's country code or area code);
 *  - a `-` just before it that follows a word character, and that word (`MRN-1234567`, `-1234567`
 *    after a word, `ABC-123456`);
 *  - "MRN" and one or two of `-:# ` just before it (`MRN: 1234567`);
 *  - a word of two capitals and a space just before a word that starts with a digit: the first
 *    word of a National Insurance number written spaced (`QQ 12 34 56 C`), which holds no digit.
 * Each is described by a {@link Token}: the shape of what starts there, which the dispatcher
 * compares with each recognizer's {@link StartForm}s before it runs any regex.
 */

/** Token kinds: a word starting with a digit, with A–Z, with a–z; a `+`, `(` or `-` mark. */
export const DIGITS = 0;
export const UPPER = 1;
export const LOWER = 2;
export const PLUS = 3;
export const PAREN = 4;
export const DASH = 5;
export const KINDS = 6;
const KIND_NAMES = ['digits', 'upper', 'lower', '+', '(', '-'] as const;
export type KindName = (typeof KIND_NAMES)[number];
export const kindOf = (name: KindName) => KIND_NAMES.indexOf(name);

/** A place where a match may start, and the shape of what follows it. Reused: read it, do not keep it. */
export interface Token {
  at: number;
  kind: number;
  /** The character code at `at` (a word's first character; `+`, `(` or `-` for a mark). */
  first: number;
  /** Leading digits (DIGITS), leading A–Z letters (UPPER), 0 (LOWER), digits right after the mark (marks). */
  lead: number;
  /** Code of the character right after the leading run; -1 at the end of the text. */
  next: number;
  /** Code of the character after that; -1 at the end of the text. */
  after: number;
  /** UPPER: the digits right after the leading letters. */
  digitsAfterUpper: number;
  /** Words: the length of the run of `\w` characters starting at `at`. */
  length: number;
  /** The token's shape: kind, leading run and the classes of the two characters after it (see shapeKey). */
  key: number;
}

/**
 * One way a recognizer's match can start: a necessary condition, never a sufficient one. Every
 * position where the recognizer's regex matches must be a candidate that fits one of its forms;
 * the dispatcher runs the regex (sticky) only there, so a form that is too narrow loses matches.
 * The tests check every recognizer against a whole-text scan.
 */
export interface StartForm {
  kind: KindName;
  /** Range of the leading run (see Token.lead); default any. */
  lead?: readonly [number, number];
  /**
   * Characters allowed right after the leading run: `0` any digit, `A` any A–Z, `a` any a–z, `!`
   * anything that is not a word character (or the end), or one of ` -./:#` itself. Default any.
   */
  next?: string;
  /** Characters allowed after that one (the same classes as `next`); default any. */
  after?: string;
  /** Characters allowed first; default any. */
  first?: string;
  /** Range of the word's length (the whole run of `\w`). */
  length?: readonly [number, number];
  /** A finer check, run when the rest fits. */
  test?: (t: Token, text: string) => boolean;
}

// Classes of the character after a leading run, as `StartForm.next` names them.
const OTHER = 0;
const END = 1;
const DIGIT = 2;
const UPPER_CLASS = 3;
const LOWER_CLASS = 4;
/** The literal separators a form can name: classes 5 to 10. */
const LITERALS = ' -./:#';
const UNDERSCORE = 5 + LITERALS.length;
export const NEXT_CLASSES = UNDERSCORE + 1;
const CLASS_OF = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS_OF[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASS_OF[c] = UPPER_CLASS;
for (let c = 97; c <= 122; c++) CLASS_OF[c] = LOWER_CLASS;
CLASS_OF[95] = UNDERSCORE;
for (let k = 0; k < LITERALS.length; k++) CLASS_OF[LITERALS.charCodeAt(k)] = 5 + k;

/** The class of a character code (-1: the end). */
export function nextClass(c: number): number {
  return c < 0 ? END : c < 128 ? CLASS_OF[c]! : OTHER;
}

/** The classes a `StartForm.next` string allows. */
export function nextClasses(spec: string | undefined): number[] {
  const all = Array.from({ length: NEXT_CLASSES }, (_, k) => k);
  if (spec === undefined) return all;
  const out = new Set<number>();
  for (const ch of spec) {
    if (ch === '0') out.add(DIGIT);
    else if (ch === 'A') out.add(UPPER_CLASS);
    else if (ch === 'a') out.add(LOWER_CLASS);
    else if (ch === '!') {
      for (const k of all) if (k !== DIGIT && k !== UPPER_CLASS && k !== LOWER_CLASS && k !== UNDERSCORE) out.add(k);
    } else if (LITERALS.includes(ch)) out.add(5 + LITERALS.indexOf(ch));
    else throw new Error(`start form next: unknown class '${ch}'`);
  }
  return [...out];
}

/** Leading runs longer than this share one shape. */
export const MAX_LEAD = 40;
/** Number of distinct shape keys. */
export const SHAPES = KINDS * (MAX_LEAD + 1) * NEXT_CLASSES * NEXT_CLASSES;
/**
 * The shape of a token: its kind, its leading run and the classes of the two characters after
 * that. (The second tells a number in prose, `296 answer`, from the start of a separated id,
 * `296 45 1234`: no recognizer starts with the first, and it is never reported.)
 */
export const shapeKey = (kind: number, lead: number, nextClassId: number, afterClassId: number) =>
  ((kind * (MAX_LEAD + 1) + Math.min(lead, MAX_LEAD)) * NEXT_CLASSES + nextClassId) * NEXT_CLASSES + afterClassId;

export interface CandidateSink {
  /** 1 for each shape some recognizer can start with: tokens of other shapes are not reported. */
  readonly wanted: Uint8Array;
  /** By kind × 128 + first character of a word: 1 where some recognizer can start so (words starting otherwise are not reported). */
  readonly firsts: Uint8Array;
  candidate(t: Token): void;
}

export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isUpper = (c: number) => c >= 65 && c <= 90;
/** `\w` without Unicode: A–Z a–z 0–9 _ (what `\b` looks at). */
export const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
const isMrnSeparator = (c: number) => c === 45 || c === 58 || c === 35 || c === 32;

const DIGIT_SEARCH = /\d/g;
/** Characters looked at one by one after a word before the regex search takes over (numeric cells are dense). */
const NEAR = 8;

const token: Token = { at: 0, kind: DIGITS, first: 0, lead: 0, next: -1, after: -1, digitsAfterUpper: 0, length: 0, key: 0 };

/** Offset of the first digit at or after `from`, or -1. */
function nextDigit(text: string, from: number): number {
  const n = text.length;
  const near = Math.min(n, from + NEAR);
  for (let i = from; i < near; i++) if (isDigit(text.charCodeAt(i))) return i;
  if (near >= n) return -1;
  DIGIT_SEARCH.lastIndex = near;
  return DIGIT_SEARCH.test(text) ? DIGIT_SEARCH.lastIndex - 1 : -1;
}

/** Reports the word starting at `start` (if it starts with a letter or a digit and its shape is wanted); returns where it ends. */
function emitWord(text: string, start: number, sink: CandidateSink): number {
  const n = text.length;
  const first = text.charCodeAt(start);
  let kind = -1;
  let i = start;
  let digitsAfterUpper = 0;
  if (isDigit(first)) {
    kind = DIGITS;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  } else if (isUpper(first)) {
    kind = UPPER;
    while (i < n && isUpper(text.charCodeAt(i))) i++;
    let j = i;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    digitsAfterUpper = j - i;
  } else if (first >= 97 && first <= 122) kind = LOWER;
  const lead = i - start;
  const next = i < n ? text.charCodeAt(i) : -1;
  const after = i + 1 < n ? text.charCodeAt(i + 1) : -1;
  i += digitsAfterUpper;
  while (i < n && isWordChar(text.charCodeAt(i))) i++;
  if (kind < 0 || sink.firsts[kind * 128 + first] === 0) return i;
  const key = shapeKey(kind, lead, nextClass(next), nextClass(after));
  if (sink.wanted[key] === 0) return i;
  token.key = key;
  token.at = start;
  token.kind = kind;
  token.first = first;
  token.lead = lead;
  token.next = next;
  token.after = after;
  token.digitsAfterUpper = digitsAfterUpper;
  token.length = i - start;
  sink.candidate(token);
  return i;
}

function emitMark(text: string, at: number, kind: number, sink: CandidateSink): void {
  const n = text.length;
  let i = at + 1;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  const next = i < n ? text.charCodeAt(i) : -1;
  const after = i + 1 < n ? text.charCodeAt(i + 1) : -1;
  const key = shapeKey(kind, i - at - 1, nextClass(next), nextClass(after));
  if (sink.wanted[key] === 0) return;
  token.key = key;
  token.at = at;
  token.kind = kind;
  token.first = text.charCodeAt(at);
  token.lead = i - at - 1;
  token.next = next;
  token.after = after;
  token.digitsAfterUpper = 0;
  token.length = 0;
  sink.candidate(token);
}

function wordStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && isWordChar(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Start of a word "MRN" followed by one or two of `-:# ` that end at `end`, or -1. */
function mrnBefore(text: string, end: number): number {
  let k = end;
  if (k > 0 && isMrnSeparator(text.charCodeAt(k - 1))) k--;
  if (k < end && k > 0 && isMrnSeparator(text.charCodeAt(k - 1))) k--;
  if (k === end || k < 3 || text.charCodeAt(k - 3) !== 77 || !text.startsWith('MRN', k - 3)) return -1;
  return k === 3 || !isWordChar(text.charCodeAt(k - 4)) ? k - 3 : -1;
}

/**
 * Start of a word of exactly two capitals followed by one space that ends at `end`, or -1: read
 * back from a digit word, three characters at most, so prose pays next to nothing for it.
 */
function capitalPairBefore(text: string, end: number): number {
  if (end < 3 || text.charCodeAt(end - 1) !== 32 || !isUpper(text.charCodeAt(end - 2)) || !isUpper(text.charCodeAt(end - 3))) return -1;
  return end === 3 || !isWordChar(text.charCodeAt(end - 4)) ? end - 3 : -1;
}

/**
 * Reports every candidate in `text` whose shape the sink wants, in ascending order of `at`.
 * Returns whether the text has a digit at all. `from`: the caller knows there is no digit before it.
 */
export function findCandidates(text: string, sink: CandidateSink, from = 0): boolean {
  let d = nextDigit(text, from);
  if (d < 0) return false;
  // The last word reported and where it ends: a word joined to the next by a dash is the one just
  // reported, most of the time (dates, ranges), and is not walked or reported again.
  let reported = -1;
  let reportedEnd = -1;
  while (d >= 0) {
    const ws = d > 0 && isWordChar(text.charCodeAt(d - 1)) ? wordStart(text, d - 1) : d;
    if (ws > 0) {
      // The places before the word, in ascending order.
      const before = text.charCodeAt(ws - 1);
      const digitFirst = ws === d || isDigit(text.charCodeAt(ws));
      let dashed = -1;
      if (before === 45 && ws >= 2) dashed = reportedEnd === ws - 1 ? reported : isWordChar(text.charCodeAt(ws - 2)) ? wordStart(text, ws - 2) : -1;
      const mrn = dashed < 0 && isMrnSeparator(before) ? mrnBefore(text, ws) : -1;
      if (mrn >= 0 && mrn !== reported) emitWord(text, mrn, sink);
      else if (before === 32 && digitFirst) {
        const pair = capitalPairBefore(text, ws);
        if (pair >= 0 && pair !== reported) emitWord(text, pair, sink);
      }
      if (dashed >= 0) {
        if (dashed !== reported) emitWord(text, dashed, sink);
        if (digitFirst) emitMark(text, ws - 1, DASH, sink);
      } else if (digitFirst && (before === 43 || before === 40)) {
        emitMark(text, ws - 1, before === 43 ? PLUS : PAREN, sink);
      }
    }
    const we = emitWord(text, ws, sink);
    reported = ws;
    reportedEnd = we;
    d = nextDigit(text, we);
  }
  return true;
}
