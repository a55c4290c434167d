/**
 * The characters that disguise an instruction from a plain-text match while a model still reads
 * it: invisible ones put inside a word, look-alike letters of other alphabets, fullwidth and
 * mathematical forms of ASCII. Each UTF-16 code unit gets a kind (what the fold does with it) and,
 * where it stands for an ASCII character, that character.
 */

/** The ways an instruction was disguised, one bit each, in the order a detail names them. */
export const TRICKS = [
  'soft hyphen', 'zero-width characters', 'bidi controls', 'Unicode tags', 'variation selectors', 'combining marks', 'fullwidth forms', 'Cyrillic look-alikes', 'Greek look-alikes',
  'mathematical letters', 'circled letters', 'superscript letters', 'small capitals', 'letter spacing',
  'Latin look-alikes', 'halfwidth forms', 'compatibility ideographs', 'radicals',
] as const;
export type Trick = (typeof TRICKS)[number];
export const trickBit = (t: Trick): number => 1 << TRICKS.indexOf(t);

/**
 * Where the tricks of characters dropped before a skeleton unit sit in its trick word (see
 * DisguiseFold.tricks): above the unit's own. The dropped characters' tricks are the first of TRICKS.
 */
export const DROPPED_SHIFT = 24;
export const OWN_TRICKS = (1 << DROPPED_SHIFT) - 1;

/** The tricks a mask holds, by name. */
export function trickNames(mask: number): Trick[] {
  return TRICKS.filter((_, i) => mask & (1 << i));
}

/** Kinds of code unit. */
export const OTHER = 0;
/** An ASCII letter or digit, or a letter of the Latin blocks: a word's own letters. */
export const LATIN = 1;
/** A Cyrillic or Greek letter that is no look-alike: the word is written in that alphabet. */
export const FOREIGN = 2;
/** A Cyrillic or Greek letter drawn like a Latin one: folded only in a word that holds Latin letters. */
export const LOOKALIKE = 3;
/** Dropped wherever it stands (it shows nothing, or nothing a reader would miss). */
export const DROPPED = 4;
/** Fullwidth ASCII: folded wherever it stands. */
export const FULLWIDTH = 5;
/** A high surrogate that opens a mathematical letter (U+1D400–1D7FF) or a tag / variation selector (U+E0000–E01EF). */
export const ASTRAL = 6;
/** A letter drawn in another style (circled, superscript, small capital): folded wherever it stands, its trick in STYLE_TRICK. */
export const STYLED = 7;
/**
 * A CJK compatibility form (halfwidth katakana, compatibility ideographs, Kangxi radicals, circled
 * ideographs): folded wherever it stands to the character NFKC makes of it, its trick in STYLE_TRICK.
 */
export const COMPAT = 8;

export const KIND = new Uint8Array(0x10000);
/** For LOOKALIKE, FULLWIDTH and STYLED units, the ASCII character; for DROPPED ones, the trick's bit. */
export const TO = new Uint16Array(0x10000);
/** For STYLED and COMPAT units, the trick's bit. */
export const STYLE_TRICK = new Uint32Array(0x10000);

const range = (from: number, to: number, kind: number, to2: (c: number) => number) => {
  for (let c = from; c <= to; c++) {
    KIND[c] = kind;
    TO[c] = to2(c);
  }
};

for (let c = 0; c < 0x250; c++) if (/\p{L}|\p{Nd}/u.test(String.fromCharCode(c))) KIND[c] = LATIN;
for (let c = 0x1e00; c < 0x1f00; c++) KIND[c] = LATIN;
for (let c = 0x370; c < 0x530; c++) if (/\p{L}/u.test(String.fromCharCode(c))) KIND[c] = FOREIGN;

/**
 * The look-alikes (Unicode's confusables, the ones drawn the same in common fonts), lower and upper
 * case. Not в (v-like only in some fonts), п, и, ε: a Russian or Greek word that happens to hold
 * Latin letters keeps them.
 */
const CYRILLIC = 'аaеeоoрpсcхxуyіiјjѕsԁdԛqԝwһhӏlүyАAВBЕEКKМMНHОOРPСCТTХXУYІIЈJЅSԚQԜWҮYҺHӀIԀD';
const GREEK = 'αaοoνvρpιiκkυuχxγyϲcϳjΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧXϹC';
/** The look-alikes, for a regex class. */
export const LOOKALIKE_CHARS = [...CYRILLIC, ...GREEK].filter((_, k) => k % 2 === 0).join('');
for (const table of [CYRILLIC, GREEK]) {
  for (let k = 0; k < table.length; k += 2) {
    KIND[table.charCodeAt(k)] = LOOKALIKE;
    TO[table.charCodeAt(k)] = table.charCodeAt(k + 1);
  }
}
/** Cyrillic (U+0400–052F) or Greek, for the detail. */
export const isCyrillic = (c: number): boolean => c >= 0x400;

range(0xff01, 0xff5e, FULLWIDTH, (c) => c - 0xfee0);
range(0x00ad, 0x00ad, DROPPED, () => trickBit('soft hyphen'));
range(0x034f, 0x034f, DROPPED, () => trickBit('zero-width characters'));
range(0x0300, 0x036f, DROPPED, () => trickBit('combining marks'));
range(0x200b, 0x200d, DROPPED, () => trickBit('zero-width characters'));
range(0x2060, 0x2064, DROPPED, () => trickBit('zero-width characters'));
range(0x200e, 0x200f, DROPPED, () => trickBit('bidi controls'));
range(0x202a, 0x202e, DROPPED, () => trickBit('bidi controls'));
range(0x2066, 0x2069, DROPPED, () => trickBit('bidi controls'));
range(0xfe00, 0xfe0f, DROPPED, () => trickBit('variation selectors'));
KIND[0xd835] = ASTRAL;
KIND[0xdb40] = ASTRAL;

/**
 * Letters in another style that a model reads as the letter: circled (`Ⓘⓖⓝⓞⓡⓔ`), superscript and
 * subscript (`ᶦᵍⁿᵒʳᵉ`; the modifier letters whose compatibility form is an ASCII letter), and the
 * small capitals (`ɪɢɴᴏʀᴇ`), which have none and are listed. The ranges are where the gate
 * (WIDE) and the candidate search (disguise-fold.ts) look for them.
 */
export const STYLED_RANGES: readonly [number, number][] = [
  [0x0262, 0x0262], [0x026a, 0x026a], [0x0274, 0x0274], [0x0280, 0x0280], [0x028f, 0x028f], [0x0299, 0x0299], [0x029c, 0x029c], [0x029f, 0x029f],
  [0x02b0, 0x02b8], [0x02e0, 0x02e4], [0x1d00, 0x1d22], [0x1d2c, 0x1d6a], [0x1d9b, 0x1dbf], [0x2071, 0x2071], [0x207f, 0x207f], [0x2090, 0x209c],
  [0x24b6, 0x24e9], [0xa730, 0xa731],
];
const SMALL_CAPITALS = 'ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢz';
const smallCapital = (ch: string) => {
  const k = SMALL_CAPITALS.indexOf(ch);
  return k >= 0 && k % 2 === 0 ? SMALL_CAPITALS[k + 1]! : '';
};
for (const [from, to] of STYLED_RANGES) {
  for (let c = from; c <= to; c++) {
    const ch = String.fromCharCode(c);
    const small = smallCapital(ch);
    // A superscript small capital (`ᶦ`, U+1DA6) is one through the small capital it stands for.
    const nfkc = small || smallCapital(ch.normalize('NFKC')) || ch.normalize('NFKC');
    if (!/^[A-Za-z]$/.test(nfkc)) continue;
    KIND[c] = STYLED;
    TO[c] = nfkc.charCodeAt(0);
    STYLE_TRICK[c] = trickBit(small ? 'small capitals' : c >= 0x24b6 && c <= 0x24e9 ? 'circled letters' : 'superscript letters');
  }
}
/**
 * The CJK compatibility forms a model reads as the ideograph or kana they stand for, by NFKC:
 * halfwidth katakana and punctuation (`ﾌﾟﾛﾝﾌﾟﾄ`, `｡`), compatibility ideographs (U+F900–FAFF: `略`
 * for 略), Kangxi radicals (`⽆` for 无, `⽰` for 示) and circled ideographs (`㊤` for 上). Only forms
 * whose NFKC is one BMP character; the ranges are COMPAT_CLASS, where the candidate search looks.
 */
const COMPAT_RANGES: readonly [number, number, Trick][] = [
  [0xff61, 0xff9f, 'halfwidth forms'], [0xf900, 0xfaff, 'compatibility ideographs'], [0x2e80, 0x2fdf, 'radicals'], [0x3280, 0x32b0, 'circled letters'],
];
for (const [from, to, trick] of COMPAT_RANGES) {
  for (let c = from; c <= to; c++) {
    const nfkc = String.fromCharCode(c).normalize('NFKC');
    if (nfkc.length !== 1 || nfkc.charCodeAt(0) === c) continue;
    KIND[c] = COMPAT;
    TO[c] = nfkc.charCodeAt(0);
    STYLE_TRICK[c] = trickBit(trick);
  }
}
export const COMPAT_CLASS = '\\uff61-\\uff9f\\uf900-\\ufaff\\u2e80-\\u2fdf\\u3280-\\u32b0';
/** Halfwidth katakana's voiced and semi-voiced marks (ﾞ ﾟ), which NFKC composes with the kana before them (ｸﾞ → グ). */
export const isHalfwidthMark = (c: number): boolean => c === 0xff9e || c === 0xff9f;

/**
 * Latin letters drawn like Russian ones, by ASCII (and Latin-1) code: folded to them only in a
 * word that holds Cyrillic letters that are no look-alikes (`Игнoрируй` with a Latin `o`), the
 * reverse of the Cyrillic look-alikes above. A word that holds any other Latin letter
 * (`Windowsприложение`, `SQLзапрос`) is two words run together and stays as it is.
 */
export const LATIN_TO_CYRILLIC = new Uint16Array(0x100);
for (const [latin, cyrillic] of ['aа', 'cс', 'eе', 'oо', 'pр', 'xх', 'yу', 'ëё', 'AА', 'BВ', 'CС', 'EЕ', 'HН', 'KК', 'MМ', 'OО', 'PР', 'TТ', 'XХ', 'YУ', 'ËЁ']) {
  LATIN_TO_CYRILLIC[latin!.charCodeAt(0)] = cyrillic!.charCodeAt(0);
}
/** A Russian letter (А–я, Ё, ё). */
export const isRussianLetter = (c: number): boolean => (c >= 0x410 && c <= 0x44f) || c === 0x401 || c === 0x451;

/**
 * A regex class's body that holds every STYLED unit, in five ranges (and more besides: the IPA
 * letters, the spacing modifiers, the phonetic extensions, sub- and superscript digits). A search
 * for a class of many ranges runs at half the speed of one for a few, and the gate (WIDE) and the
 * candidate search scan whole texts with it; what else the ranges hold is read and let go.
 */
export const STYLED_CLASS = '\\u0262-\\u02e4\\u1d00-\\u1dbf\\u2071-\\u209c\\u24b6-\\u24e9\\ua730-\\ua731';

/**
 * Mathematical alphanumerics (U+1D400–1D7FF, the high surrogate U+D835 and a low one) by low
 * surrogate: the ASCII letter or digit their compatibility form is, or 0 (the Greek ones, holes).
 */
export const MATH = new Uint16Array(0x400);
for (let lo = 0; lo < 0x400; lo++) {
  const nfkc = String.fromCharCode(0xd835, 0xdc00 + lo).normalize('NFKC');
  if (/^[A-Za-z0-9]$/.test(nfkc)) MATH[lo] = nfkc.charCodeAt(0);
}

/**
 * The trick of a supplementary character after U+DB40 (by its low surrogate): tags (U+E0000–E007F)
 * and the variation selectors supplement (U+E0100–E01EF); 0 for anything else.
 */
export function astralTagTrick(lo: number): number {
  if (lo >= 0xdc00 && lo <= 0xdc7f) return trickBit('Unicode tags');
  if (lo >= 0xdd00 && lo <= 0xddef) return trickBit('variation selectors');
  return 0;
}

/**
 * The code units beyond Latin-1 that the fold would change or another script's patterns need
 * (Cyrillic, kana, CJK ideographs), as a regex class's body: one gate for both, so a two-byte
 * text (one curly quote makes it so) pays one scan of it, ~1.4 GB/s, not one per question. V8
 * compiles a regex per string width, and against a one-byte string a class of wider characters
 * cannot match: the test returns at once there (tens of GB/s, where the injection stage runs at
 * ~450 MB/s). The styled letters are all above Latin-1 too.
 */
export const WIDE_CLASS = `\\u0300-\\u052f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\u3040-\\u30ff\\u4e00-\\u9fff\\ufe00-\\ufe0f\\uff01-\\uff5e${STYLED_CLASS}`;
// eslint-disable-next-line no-misleading-character-class -- the combining marks stand alone in the class, as code units to find
const WIDE = new RegExp(`[${WIDE_CLASS}]|\\ud835|\\udb40`, 'g');
/**
 * Whether `text` holds a unit of WIDE_CLASS (or opens a mathematical letter or a tag). `from`:
 * where the caller knows the first such unit can be, at the earliest (see firstWideOrInvisible in
 * injection.ts, which finds it in the scan the invisible characters need).
 */
export function holdsWideScripts(text: string, from = 0): boolean {
  WIDE.lastIndex = from;
  return WIDE.test(text);
}

/** Whether the fold could change `text` (`wide`: {@link holdsWideScripts}); the soft hyphen, in Latin-1, is one `indexOf` (a memchr). */
export function mayBeDisguised(text: string, wide = holdsWideScripts(text)): boolean {
  return wide || text.indexOf('\u00ad') >= 0;
}
