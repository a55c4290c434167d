/**
 * Latin letters with diacritics folded to their base letters, so context words written in ASCII
 * (`securite sociale`, `geburtsdatum`, `telefono`) match the accented text and column names people
 * write (`Sécurité sociale`, `Geburtsdatum`, `Teléfono`, `Fødselsnummer`). Without it every
 * non-ASCII letter was a separator: `sécurité` read ` s curit `.
 *
 * The fold is derived, not typed: a letter's lower case, decomposed (NFD), its combining marks
 * (U+0300–U+036F) dropped. Letters with no decomposition get their usual ASCII spelling from
 * EXTRA (ß → ss, æ → ae, ø → o, ł → l …). Combining marks themselves are dropped, not separators:
 * text stored decomposed (`e` + U+0301, as macOS writes names) folds as the composed letter does.
 */

/**
 * The letters of Latin-1 and Latin Extended-A with no canonical decomposition to an ASCII base,
 * spelled as their languages write them in ASCII (ICU's Latin-ASCII transliteration, lower case).
 */
export const EXTRA: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i', ŀ: 'l', ŧ: 't', ſ: 's', ĳ: 'ij', ŉ: 'n', þ: 'th', ð: 'd', ĸ: 'q', ŋ: 'n',
};

/** Combining diacritical marks: what NFD splits off a Latin letter. */
export const MARKS = /[\u0300-\u036f]/g;
const EXTRA_CHARS = new RegExp(`[${Object.keys(EXTRA).join('')}]`, 'g');

/**
 * A lower-cased string folded: decomposed, marks dropped, EXTRA letters spelled out. Other
 * characters are left as they are (normalise makes them separators).
 */
export function foldLower(s: string): string {
  return s.normalize('NFD').replace(MARKS, '').replace(EXTRA_CHARS, (c) => EXTRA[c]!);
}

/**
 * The table covers the code units up to the Letterlike Symbols: Latin-1, Latin Extended-A and -B,
 * the combining marks, Latin Extended Additional (Vietnamese, Welsh ŵ ŷ, ẞ) and the Kelvin and
 * Ångström signs (their lower cases are `k` and `å`). No code unit above lower-cases or decomposes
 * to a Latin letter (the tests check every one).
 */
export const FOLD_END = 0x2150;

/** A combining mark's entry: no byte, and no separator either. */
export const MARK = 1;

/**
 * Per UTF-16 code unit below FOLD_END: 0 when it is a separator in normalised text, MARK when it
 * is dropped, else the bytes its folded lower case contributes to a word, the first in the low
 * byte and a second (`ss`, `ae`) in the high one.
 */
export const FOLDED = new Uint16Array(FOLD_END);
/**
 * Where a code unit can fold to ASCII: ASCII and the Latin blocks, the combining marks, the
 * Letterlike Symbols. Derived there only (the table costs half a millisecond to build, not five);
 * the rest of the table stays separators, as the tests check against normalise.
 */
const LATIN: [number, number][] = [[0, 0x250], [0x300, 0x370], [0x1e00, 0x1f00], [0x2100, FOLD_END]];
for (const [from, to] of LATIN) {
  for (let c = from; c < to; c++) {
    const f = foldLower(String.fromCharCode(c).toLowerCase());
    if (f === '') FOLDED[c] = MARK;
    else if (/^[a-z0-9#]{1,2}$/.test(f)) FOLDED[c] = f.charCodeAt(0) | (f.length === 2 ? f.charCodeAt(1) << 8 : 0);
  }
}

/** The table entry of a code unit (see FOLDED): 0 for any unit from FOLD_END on. */
export function foldedUnit(c: number): number {
  return c < FOLD_END ? FOLDED[c]! : 0;
}
