import { ASTRAL, COMPAT, DROPPED_SHIFT, OWN_TRICKS, DROPPED, FOREIGN, FULLWIDTH, KIND, LATIN, LATIN_TO_CYRILLIC, LOOKALIKE, LOOKALIKE_CHARS, MATH, OTHER, STYLE_TRICK, STYLED, STYLED_CLASS, TO, astralTagTrick, isCyrillic, isHalfwidthMark, isRussianLetter, trickBit } from './disguise-chars.js';
import { rejoinLetterSpacing } from './disguise-letter-spacing.js';

/**
 * Obfuscated text folded to the plain skeleton a model reads in it, with where each skeleton
 * unit came from: invisible characters dropped, fullwidth and mathematical forms and (inside words
 * that hold Latin letters) Cyrillic and Greek look-alikes written as the ASCII letters they
 * imitate, circled, superscript and small-capital letters as theirs, letter-spaced words rejoined. The instruction regex then runs on the skeleton and each
 * match is reported at the original characters it covers.
 */
export interface DisguiseFold {
  skeleton: string;
  /** Per skeleton unit: the original offsets it came from, [from, to). */
  from: Int32Array;
  to: Int32Array;
  /**
   * Per skeleton unit: the tricks that made it (low 24 bits) and those of the characters dropped
   * just before it (high 8 bits: the dropped characters' tricks are the first of TRICKS), which
   * belong to a match only when the unit is not its first.
   */
  tricks: Uint32Array;
}

/** The skeleton under construction; `length` units are filled. */
export class FoldBuffer {
  codes: Uint16Array;
  from: Int32Array;
  to: Int32Array;
  tricks: Uint32Array;
  length = 0;
  /** Tricks of dropped characters waiting for the next unit. */
  pending = 0;

  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.tricks = new Uint32Array(capacity);
  }

  push(code: number, from: number, to: number, trick: number): void {
    const k = this.length++;
    this.codes[k] = code;
    this.from[k] = from;
    this.to[k] = to;
    this.tricks[k] = trick | (this.pending << DROPPED_SHIFT);
    this.pending = 0;
  }

  /** Units [from, to) of the text as they are. */
  copy(text: string, from: number, to: number): void {
    for (let i = from; i < to; i++) this.push(text.charCodeAt(i), i, i + 1, 0);
  }

  finish(): DisguiseFold {
    const n = this.length;
    const skeleton = UTF16.decode(this.codes.subarray(0, n));
    return { skeleton, from: this.from.subarray(0, n), to: this.to.subarray(0, n), tricks: this.tricks.subarray(0, n) };
  }
}

/**
 * Decodes the units as they are (a lone surrogate stays one, no byte-order mark is eaten): far
 * faster than String.fromCharCode over slices. Typed arrays are little-endian on every platform
 * Node runs on.
 */
const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });

const FULLWIDTH_BIT = trickBit('fullwidth forms');
const CYRILLIC_BIT = trickBit('Cyrillic look-alikes');
const GREEK_BIT = trickBit('Greek look-alikes');
const MATH_BIT = trickBit('mathematical letters');
const LATIN_BIT = trickBit('Latin look-alikes');

/**
 * Where the end of the word starting at `i` is: a word is a run of letters, digits and the
 * characters the fold drops or maps (a surrogate pair of those counts as two units).
 */
function wordEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    const kind = KIND[c]!;
    if (kind === ASTRAL && foldsAstral(c, text.charCodeAt(i + 1))) i += 2;
    else if (kind !== OTHER && kind !== ASTRAL) i++;
    else break;
  }
  return i;
}

function foldsAstral(hi: number, lo: number): boolean {
  return hi === 0xd835 ? lo >= 0xdc00 && lo <= 0xdfff && MATH[lo - 0xdc00]! !== 0 : astralTagTrick(lo) !== 0;
}

const CHANGES = 1;
const LOOKALIKES = 2;
/** Latin look-alikes in a Cyrillic word, folded to the Cyrillic letters they imitate. */
const LATIN_LOOKALIKES = 4;

/**
 * What the fold does to the word [from, to): CHANGES when it changes it at all, with LOOKALIKES
 * when its look-alikes are folded (it holds a Latin letter and no letter of their alphabet that
 * is not a look-alike: `Windowsприложение` is two words run together, not a disguise). Fullwidth
 * letters change a word; fullwidth brackets and digits, which CJK text is full of, are folded
 * only beside them.
 */
function wordFold(text: string, from: number, to: number): number {
  let latin = false;
  let foreign = false;
  let lookalike = false;
  let changed = false;
  // For the reverse: Cyrillic letters that are no look-alikes, and Latin ones that all are.
  let cyrillic = false;
  let otherLatin = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const kind = KIND[c]!;
    if (kind === LATIN) {
      latin = true;
      otherLatin ||= c >= 0x100 || LATIN_TO_CYRILLIC[c] === 0;
    } else if (kind === FOREIGN) {
      foreign = true;
      cyrillic ||= isCyrillic(c);
    } else if (kind === LOOKALIKE) lookalike = true;
    else if (kind === FULLWIDTH) {
      if (isLetterUnit(TO[c]!)) latin = otherLatin = changed = true;
    } else if (kind === STYLED) latin = otherLatin = changed = true;
    else if (kind === DROPPED || kind === COMPAT) changed = true;
    else if (kind === ASTRAL) {
      if (c === 0xd835) latin = otherLatin = true;
      changed = true;
      i++;
    }
  }
  const lookalikes = lookalike && latin && !foreign;
  const latinLookalikes = latin && cyrillic && !otherLatin;
  return changed || lookalikes || latinLookalikes ? CHANGES | (lookalikes ? LOOKALIKES : 0) | (latinLookalikes ? LATIN_LOOKALIKES : 0) : 0;
}

/**
 * Where a changed word can be: a character the fold drops, a fullwidth letter, a styled letter
 * (circled, superscript, small capital), a mathematical letter or tag (their high surrogate), or a look-alike beside an ASCII letter (a word that mixes
 * alphabets has such a pair, or a dropped character between them). A regex finds them at native
 * speed (each alternative opens with a class, which irregexp tests first; a lookbehind first was
 * tried at every position); a loop over every character of a Russian or Japanese text ran at a
 * fifth of the stage's speed.
 */
const LOOKALIKE_CLASS = `[${LOOKALIKE_CHARS}]`;
const CANDIDATE = new RegExp(`[\u00ad\u0300-\u036f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f\uff21-\uff3a\uff41-\uff5a\ud835\udb40${STYLED_CLASS}]|${LOOKALIKE_CLASS}(?:(?=[A-Za-z])|(?<=[A-Za-z].))`, 'g');

/** The same without look-alikes, for text with no ASCII letter (a Russian page): those are most of its letters. */
const CANDIDATE_NOT_MIXED = new RegExp(CANDIDATE.source.slice(0, CANDIDATE.source.indexOf('|')), 'g');

/**
 * The words of `text` the fold changes, as flattened [from, to) pairs, or undefined when there are
 * none (a Russian or Greek text whose words hold no Latin letter, say). `cyrillic`: whether the
 * text holds a Cyrillic unit (the caller may know).
 */
export function disguisedWords(text: string, cyrillic = CYRILLIC.test(text)): number[] | undefined {
  let out: number[] | undefined;
  let doneTo = 0;
  const mixed = /[A-Za-z]/.test(text);
  const re = mixed ? CANDIDATE : CANDIDATE_NOT_MIXED;
  re.lastIndex = 0;
  // test, not exec: no match object per candidate; every alternative is one unit long.
  while (re.test(text)) {
    const at = re.lastIndex - 1;
    const from = wordStart(text, at, doneTo);
    const to = Math.max(at + 1, wordEnd(text, at));
    if (wordFold(text, from, to)) (out ??= []).push(from, to);
    re.lastIndex = doneTo = to;
  }
  if (mixed && cyrillic) latinInCyrillicWords(text, (out ??= []));
  return out?.length ? out : undefined;
}

/** A Cyrillic unit (`cyrillic` of disguisedWords: whether the text holds one). */
export const CYRILLIC = /[\u0400-\u04ff]/;

/**
 * A Latin letter beside a Cyrillic one. Its own pass: as alternatives of CANDIDATE, whose class
 * irregexp can skip to, these two made every letter of a mixed Russian text a start and ran it at
 * half speed; alone they run at memory speed.
 */
const LATIN_CYRILLIC = /[A-Za-z\u00cb\u00eb][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z\u00cb\u00eb]/g;

/** Cyrillic words with Latin look-alikes in them (`Игнoрируй`), appended to `out` as [from, to) pairs. */
function latinInCyrillicWords(text: string, out: number[]): void {
  let doneTo = 0;
  LATIN_CYRILLIC.lastIndex = 0;
  while (LATIN_CYRILLIC.test(text)) {
    const at = LATIN_CYRILLIC.lastIndex - 1;
    const from = wordStart(text, at, doneTo);
    const to = Math.max(at + 1, wordEnd(text, at));
    // Words the first pass found are found there (a dropped character or a look-alike of Latin in them).
    if (wordFold(text, from, to) & LATIN_LOOKALIKES) out.push(from, to);
    LATIN_CYRILLIC.lastIndex = doneTo = to;
  }
}

/** Where the word holding `i` starts, not before `floor`. */
function wordStart(text: string, i: number, floor: number): number {
  while (i > floor) {
    const c = text.charCodeAt(i - 1);
    if (KIND[c] !== OTHER && KIND[c] !== ASTRAL) i--;
    else if (i - 2 >= floor && c >= 0xdc00 && c <= 0xdfff && KIND[text.charCodeAt(i - 2)] === ASTRAL && foldsAstral(text.charCodeAt(i - 2), c)) i -= 2;
    else break;
  }
  return i;
}

/**
 * The window [from, to) of `text` folded: each word changed as {@link wordFold} says, and with
 * `letterSpacing` letter-spaced words rejoined; offsets are the text's.
 */
export function foldWindow(text: string, from: number, to: number, letterSpacing: boolean): DisguiseFold {
  const out = new FoldBuffer(to - from);
  for (let i = from; i < to; ) {
    const end = Math.min(to, wordEnd(text, i));
    if (end === i) {
      out.push(text.charCodeAt(i), i, i + 1, 0);
      i++;
      continue;
    }
    const how = wordFold(text, i, end);
    if (how) foldWord(text, i, end, how, out);
    else out.copy(text, i, end);
    i = end;
  }
  if (letterSpacing) rejoinLetterSpacing(out);
  return out.finish();
}

/**
 * The letters of the word [from, to) as the fold writes them (`ig\u00ADnore` → `ignore`, `Игнoрируй`
 * with a Latin `o` → `игнорируй`), lower case, or '' when there are more than `max` (no buffer:
 * called once per disguised word).
 */
export function foldedLetters(text: string, from: number, to: number, max: number): string {
  // Counted before any string is built: most disguised words of real text (a soft-hyphenated
  // `Datenschutzgrundverordnung`) are longer than any word of an instruction.
  // A surrogate pair (a mathematical letter) is one letter: `𝐢𝐧𝐬𝐭𝐫𝐮𝐜𝐭𝐢𝐨𝐧𝐬` is twelve, not 24.
  let letters = 0;
  for (let i = from; i < to && letters <= max; i++) {
    const c = text.charCodeAt(i);
    if (KIND[c] !== DROPPED && !isLowSurrogate(c)) letters++;
  }
  if (letters > max) return '';
  const how = wordFold(text, from, to);
  const lookalikes = (how & LOOKALIKES) !== 0;
  const latinLookalikes = (how & LATIN_LOOKALIKES) !== 0;
  let w = '';
  for (let i = from; i < to && w.length <= max; i++) {
    let c = text.charCodeAt(i);
    const kind = KIND[c]!;
    if (kind === FULLWIDTH || kind === STYLED || (kind === LOOKALIKE && lookalikes)) c = TO[c]!;
    else if (kind === LATIN && latinLookalikes) c = LATIN_TO_CYRILLIC[c]!;
    else if (kind === ASTRAL) c = c === 0xd835 ? MATH[text.charCodeAt(++i) - 0xdc00]! : (i++, 0);
    if (isLetterUnit(c)) w += String.fromCharCode(c | 0x20);
    else if (isRussianLetter(c)) w += String.fromCharCode(cyrillicLower(c));
  }
  return w.length <= max ? w : '';
}

/**
 * A test of whether the word [from, to) of a text begins with the first `n` letters of one of
 * `words` (plain lower-case ASCII), its letters read as foldedLetters writes them where look-alikes
 * are folded: a look at a long disguised word before it is spelled out. It builds no string, and
 * a word whose first letter begins none of `words` costs one read of a bit mask.
 */
export function startsLike(words: readonly string[], n: number): (text: string, from: number, to: number) => boolean {
  const firsts = words.reduce((mask, w) => mask | (1 << (w.charCodeAt(0) - 96)), 0);
  const key = (text: string, from: number, to: number): number => {
    let k = 0;
    let letters = 0;
    for (let i = from; i < to && letters < n; i++) {
      let c = text.charCodeAt(i);
      const kind = KIND[c]!;
      if (kind === FULLWIDTH || kind === STYLED || kind === LOOKALIKE) c = TO[c]!;
      else if (kind === ASTRAL) c = c === 0xd835 ? MATH[text.charCodeAt(++i) - 0xdc00]! : (i++, 0);
      if (!isLetterUnit(c)) continue;
      const letter = (c | 0x20) - 96;
      if (letters === 0 && (firsts & (1 << letter)) === 0) return -1;
      k = k * 32 + letter;
      letters++;
    }
    return k;
  };
  const keys = new Set(words.map((w) => key(w, 0, w.length)));
  return (text, from, to) => keys.has(key(text, from, to));
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** А–Я to а–я, Ё to ё; lower case as it is. */
const cyrillicLower = (c: number) => (c >= 0x410 && c <= 0x42f ? c + 0x20 : c === 0x401 ? 0x451 : c);

const isLetterUnit = (c: number) => (c | 0x20) >= 97 && (c | 0x20) <= 122;

/** One word's units, [from, to), into the buffer: dropped, folded or as they are (`how`: what wordFold said). */
function foldWord(text: string, from: number, to: number, how: number, out: FoldBuffer): void {
  const lookalikes = (how & LOOKALIKES) !== 0;
  const latinLookalikes = (how & LATIN_LOOKALIKES) !== 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const kind = KIND[c]!;
    if (kind === DROPPED) out.pending |= TO[c]!;
    else if (kind === FULLWIDTH) out.push(TO[c]!, i, i + 1, FULLWIDTH_BIT);
    else if (kind === STYLED) out.push(TO[c]!, i, i + 1, STYLE_TRICK[c]!);
    else if (kind === COMPAT) {
      // ｸﾞ is one kana, グ: NFKC composes the mark with the kana before it.
      const marked = i + 1 < to && isHalfwidthMark(text.charCodeAt(i + 1)) ? text.slice(i, i + 2).normalize('NFKC') : '';
      if (marked.length === 1) {
        out.push(marked.charCodeAt(0), i, i + 2, STYLE_TRICK[c]!);
        i++;
      } else out.push(TO[c]!, i, i + 1, STYLE_TRICK[c]!);
    } else if (kind === LATIN && latinLookalikes) out.push(LATIN_TO_CYRILLIC[c]!, i, i + 1, LATIN_BIT);
    else if (kind === LOOKALIKE && lookalikes) out.push(TO[c]!, i, i + 1, isCyrillic(c) ? CYRILLIC_BIT : GREEK_BIT);
    else if (kind === ASTRAL) {
      const lo = text.charCodeAt(i + 1);
      if (c === 0xd835) out.push(MATH[lo - 0xdc00]!, i, i + 2, MATH_BIT);
      else out.pending |= astralTagTrick(lo);
      i++;
    } else out.push(c, i, i + 1, 0);
  }
}

/** The tricks behind skeleton units [start, end): every unit's own and those dropped inside, not those dropped before it. */
export function tricksOf(fold: DisguiseFold, start: number, end: number): number {
  let mask = fold.tricks[start]! & OWN_TRICKS;
  for (let k = start + 1; k < end; k++) mask |= fold.tricks[k]! | (fold.tricks[k]! >>> DROPPED_SHIFT);
  return mask & OWN_TRICKS;
}
