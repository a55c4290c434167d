/**
 * Latin letters with diacritics folded to their base letters, so context words written in ASCII
 * (`securite sociale`, `geburtsdatum`, `telefono`) match the accented text and column names people
 * write (`Sécurité sociale`, `Geburtsdatum`, `Teléfono`, `Fødselsnummer`). Without it every
 * non-ASCII letter was a separator: `sécurité` read ` s curit `.
 *
 * The fold is derived, not typed: a letter's lower case, decomposed (NFD), its combining marks
 * (U+0300–U+036F) and soft hyphens dropped, a fullwidth form (`ｅｍａｉｌ`) made ASCII. Letters with no decomposition get their usual ASCII spelling from
 * EXTRA (ß → ss, æ → ae, ø → o, ł → l …). Combining marks themselves are dropped, not separators:
 * text stored decomposed (`e` + U+0301, as macOS writes names) folds as the composed letter does.
 */

/**
 * The letters of Latin-1 and Latin Extended-A with no canonical decomposition to an ASCII base,
 * spelled as their languages write them in ASCII (ICU's Latin-ASCII transliteration, lower case).
 */
export const EXTRA: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i', ŀ: 'l', ŧ: 't', ſ: 's', ĳ: 'ij', ŉ: 'n', þ: 'th', ð: 'd', ĸ: 'q', ŋ: 'n',
  // Greek's final sigma is its sigma: the lower case of `Σ` alone is `σ`, at a word's end `ς`.
  ς: 'σ',
};

/**
 * The Cyrillic (Russian, Ukrainian) and Greek letters context words are written in, as they fold
 * (lower case, accents dropped: `й` → `и`, `ї` → `і`, `έ` → `ε`). Normalised text keeps them as
 * letters; the context window's bytes hold each as 0x80 + its index here (see byteOf), so a
 * window is still one byte a letter and ASCII text's path does not change.
 */
export const SCRIPT_LETTERS = 'абвгдежзийклмнопрстуфхцчшщъыьэюяієґαβγδεζηθικλμνξοπρστυφχψω';
const SCRIPT_BYTE = 0x80;

const EXTRA_CHARS = new RegExp(`[${Object.keys(EXTRA).join('')}]`, 'g');
/**
 * What is dropped, and joins what is around it — the combining diacritical marks (what NFD splits
 * off a Latin letter) and the soft hyphen, an invisible break hint that word processors and
 * hyphenating exports leave inside words (`Tele\u00ADfon`) — and the fullwidth forms of ASCII
 * (U+FF01–U+FF5E, as East Asian input methods type `ｅｍａｉｌ`). NFD leaves those; only the
 * compatibility forms (NFKD) would fold them, and they change more than letters (`²` → `2`,
 * `ﬁ` → `fi`). Each is its ASCII character 0xFEE0 below.
 */
const DROPPED_OR_FULLWIDTH = /[\u0300-\u036f\u00ad\uff01-\uff5e]/g;
const FULLWIDTH_OFFSET = 0xfee0;

/**
 * A lower-cased string folded: decomposed, marks and soft hyphens dropped, EXTRA letters spelled
 * out, fullwidth forms made ASCII. Other characters are left as they are (normalise makes them
 * separators).
 */
export function foldLower(s: string): string {
  // One pass for what is dropped and what is fullwidth: a third replace made a header's fold 40 % slower, this 15 %.
  return s
    .normalize('NFD')
    .replace(DROPPED_OR_FULLWIDTH, (c) => (c.charCodeAt(0) >= 0xff01 ? String.fromCharCode(c.charCodeAt(0) - FULLWIDTH_OFFSET) : ''))
    .replace(EXTRA_CHARS, (c) => EXTRA[c]!);
}

/**
 * The table covers the code units up to the fullwidth forms of ASCII: Latin-1, Latin Extended-A
 * and -B, the combining marks, Latin Extended Additional (Vietnamese, Welsh ŵ ŷ, ẞ), the Kelvin
 * and Ångström signs (their lower cases are `k` and `å`) and the fullwidth forms. No code unit
 * above lower-cases or decomposes to a Latin letter (the tests check every one). Between the
 * Letterlike Symbols and the fullwidth forms the table is all separators: a read there is what the
 * `c < FOLD_END` test would have given, and the ASCII text's path does not change.
 */
export const FOLD_END = 0xff60;

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
 * Letterlike Symbols, the fullwidth forms. Derived there only (the table costs half a millisecond to build, not five);
 * the rest of the table stays separators, as the tests check against normalise.
 */
const LATIN: [number, number][] = [[0, 0x250], [0x300, 0x370], [0x1e00, 0x1f00], [0x2100, 0x2150], [0xff00, FOLD_END]];
/** Where a code unit can fold to one of SCRIPT_LETTERS: the Greek and Coptic, Cyrillic, Greek Extended blocks. */
const SCRIPTS: [number, number][] = [[0x370, 0x530], [0x1f00, 0x2000]];
for (const [from, to] of [...LATIN, ...SCRIPTS]) {
  for (let c = from; c < to; c++) {
    const f = foldLower(String.fromCharCode(c).toLowerCase());
    if (f === '') FOLDED[c] = MARK;
    else if (/^[a-z0-9#]{1,2}$/.test(f)) FOLDED[c] = f.charCodeAt(0) | (f.length === 2 ? f.charCodeAt(1) << 8 : 0);
    else if (f.length === 1 && SCRIPT_LETTERS.includes(f)) FOLDED[c] = SCRIPT_BYTE + SCRIPT_LETTERS.indexOf(f);
  }
}

/** The letter of normalised text a window's byte stands for: byteOf's inverse. */
export function letterOfByte(b: number): string {
  return b >= SCRIPT_BYTE ? SCRIPT_LETTERS[b - SCRIPT_BYTE]! : String.fromCharCode(b);
}

/** The byte a character of normalised text is in a context window: itself for ASCII, 0x80 + its index for SCRIPT_LETTERS. */
export function byteOf(ch: string): number {
  const c = ch.charCodeAt(0);
  return c < 128 ? c : FOLDED[c]! & 255;
}

/** The table entry of a code unit (see FOLDED): 0 for any unit from FOLD_END on. */
export function foldedUnit(c: number): number {
  return c < FOLD_END ? FOLDED[c]! : 0;
}
