import { COMPAT, COMPAT_CLASS, DROPPED, KIND, TO } from './disguise-chars.js';
import { isSpace } from '../white-space.js';
import { LANGUAGES } from './instruction-languages.js';

/**
 * Where a disguised Russian, Chinese or Japanese override can be, for the disguise fold
 * (instruction-disguise.ts). Russian words are spelled out and looked up as the other languages'
 * are; Chinese and Japanese write no words to look up, so a disguise there (a zero-width
 * character between ideographs, a halfwidth or compatibility form, a space between ideographs) is
 * looked for only near the verb every one of their overrides holds (忽略, 无视, 無視, 忘记, 忘れ,
 * イグノア): Japanese breaks lines with zero-width spaces, receipts are written in halfwidth
 * katakana and Japanese text writes `ＡＩ` beside kanji, and a window around each of those cost
 * such text a third of its speed.
 */

/** The Russian words of an override (verbs, qualifiers, objects, the phrases' words), lower case. */
export const RUSSIAN_WORDS: readonly string[] = LANGUAGES.filter((l) => l.name === 'Russian').flatMap((l) => [
  ...[...l.verbs, ...l.before, ...l.objects, ...l.after].map((w) => w.toLowerCase()),
  ...l.phrases.flatMap((p) => p.toLowerCase().match(/[а-яё]{2,}/g) ?? []),
]);
export const RUSSIAN_LONGEST = Math.max(...RUSSIAN_WORDS.map((w) => w.length));

/** Whether [from, to) holds a Cyrillic unit (its letters are then spelled out up to RUSSIAN_LONGEST). */
export function holdsCyrillic(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x400 && c <= 0x4ff) return true;
  }
  return false;
}

/**
 * The verbs of the Chinese and Japanese overrides by a character each (忽略 无视 無視 忘记 忘記 忘れ,
 * the radical ⽆ for 无), and イグノア by its end, halfwidth too (ﾉｱ).
 */
const VERB_HINT = /[忽无無忘\u2f46]|ノア|ﾉｱ/g;
/** How far from a verb a disguise of its override can stand, in characters. */
const HINT_REACH = 64;
const CJK_CHARS = '\\u3040-\\u30ff\\u4e00-\\u9fff';
/**
 * What disguises Chinese or Japanese: a character the fold drops (zero-width, soft hyphen,
 * joiner, bidi control, variation selector, tag, combining mark), a compatibility form, or a
 * space (an ASCII or an ideographic one) between kana or ideographs: `忽 略 之 前`.
 */
const CJK_DISGUISE = new RegExp(`[\\u00ad\\u034f\\u0300-\\u036f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufe00-\\ufe0f\\udb40${COMPAT_CLASS}]|[ \\u3000](?=[${CJK_CHARS}])(?<=[${CJK_CHARS}].)`);

/** Four Russian letters in a row, each alone between two separators of the letter-spacing fold: `И г н о р и р у й`. */
const SPACED_CYRILLIC = /[ .][\u0400-\u04ff][ .][\u0400-\u04ff][ .][\u0400-\u04ff][ .][\u0400-\u04ff][ .]/g;

/**
 * Letter-spaced Russian words, as flattened [from, to) spots, in text that holds Cyrillic: the
 * instruction sieve reads a Cyrillic letter by its low byte (see instruction-letter-spaced.ts).
 */
export function spacedRussianSpots(text: string): number[] {
  const spots: number[] = [];
  SPACED_CYRILLIC.lastIndex = 0;
  while (SPACED_CYRILLIC.test(text)) spots.push(SPACED_CYRILLIC.lastIndex - 9, SPACED_CYRILLIC.lastIndex);
  return spots;
}

/**
 * Where a disguised Chinese or Japanese override may stand that the fold's word search does not
 * see, as flattened [from, to) spots: the verbs of their overrides with a disguise near them.
 */
export function cjkSpots(text: string): number[] {
  const spots: number[] = [];
  VERB_HINT.lastIndex = 0;
  // test, not matchAll: no match object per verb (a Japanese text holds 無 and 忘 often).
  while (VERB_HINT.test(text)) {
    const end = VERB_HINT.lastIndex;
    const last = text.charCodeAt(end - 1);
    const at = last === 0x30a2 || last === 0xff71 ? end - 2 : end - 1;
    if (standsAsVerb(text, at) && CJK_DISGUISE.test(text.slice(Math.max(0, at - HINT_REACH), end + HINT_REACH))) spots.push(at, end);
  }
  return spots;
}
/** Second characters of the verbs, by their first: 忽略 无视 無視 忘记 忘記 忘れ. */
const SECOND = new Map<number, number[]>(Object.entries({ 忽: '略', 无: '视', 無: '視', 忘: '记記れ' }).map(([k, v]) => [k.charCodeAt(0), [...v].map((c) => c.charCodeAt(0))]));
/**
 * Per unit: 1 when it follows a Chinese override's verb (你 之前 以上 先前 上面 前面 上述 此前 的 所有
 * 全部 一切), 2 when it stands before a Japanese one's (を は すべて). A table: a verb character stands
 * every few dozen characters of a Japanese text, and strings made to look these up kept the
 * collector busy.
 */
const ROLE = new Uint8Array(0x10000);
for (const c of '你您之以先上前此的所全一') ROLE[c.charCodeAt(0)] = 1;
for (const c of 'をはて') ROLE[c.charCodeAt(0)] = 2;

/**
 * Whether the verb character at `at` opens a verb of an override where it stands, read through
 * any disguise: its second character follows, and then the opening of a Chinese override's
 * qualifier, or the particle of a Japanese one stands before it (`…を無視`). 無 and 忘 are common in
 * Japanese (無効, 忘れ物) and a receipt holds halfwidth katakana on every line. イグノア passes.
 */
function standsAsVerb(text: string, at: number): boolean {
  const second = SECOND.get(unitAt(text, at));
  if (second === undefined) return true;
  const i1 = undisguised(text, at + 1, 1);
  if (i1 < 0 || !second.includes(unitAt(text, i1))) return false;
  const i2 = undisguised(text, i1 + 1, 1);
  if (i2 >= 0 && ROLE[unitAt(text, i2)] === 1) return true;
  const i0 = undisguised(text, at - 1, -1);
  return i0 >= 0 && ROLE[unitAt(text, i0)] === 2;
}

/** The unit at `i` as the fold writes it (a compatibility form as its ideograph or kana). */
const unitAt = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return KIND[c] === COMPAT ? TO[c]! : c;
};

/** Where the first unit from `i` on (step 1) or back (step -1) stands that is no disguise (dropped or a space), within a few; -1 if none. */
function undisguised(text: string, i: number, step: 1 | -1): number {
  for (let k = 0; k < 8 && i >= 0 && i < text.length; k++, i += step) {
    const c = text.charCodeAt(i);
    if (KIND[c] !== DROPPED && !isSpace(c)) return i;
  }
  return -1;
}
