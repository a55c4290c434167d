import { COMPAT, KIND } from './disguise-chars.js';
import { isCjkUnit } from './disguise-letter-spacing.js';
import { LANGUAGES } from './instruction-languages.js';

/**
 * Where a disguised Russian, Chinese or Japanese override can be, for the disguise fold
 * (instruction-disguise.ts). Russian words are spelled out and looked up as the other languages'
 * are; Chinese and Japanese write no words to look up, so a disguise there (a zero-width
 * character between ideographs, a halfwidth or compatibility form, a space between ideographs) is
 * worth folding only near the verb every one of their overrides holds (忽略, 无视, 無視, 忘记, 忘れ,
 * イグノア): Japanese breaks lines with zero-width spaces and receipts are written in halfwidth
 * katakana, and folding around each of those would read such text many times over.
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
 * Whether the disguised word [from, to) is a CJK one: it holds a compatibility form (halfwidth
 * katakana, a compatibility ideograph, a radical), or stands against a kana or an ideograph (a
 * zero-width character between two: ideographs are no word characters to the fold, so such a
 * word is the invisible run alone).
 */
export function isCjkDisguise(text: string, from: number, to: number): boolean {
  if (isCjkUnit(text.charCodeAt(from - 1)) || isCjkUnit(text.charCodeAt(to))) return true;
  for (let i = from; i < to; i++) if (KIND[text.charCodeAt(i)] === COMPAT) return true;
  return false;
}

/**
 * The verbs of the Chinese and Japanese overrides by a character each (忽略 无视 無視 忘记 忘記 忘れ,
 * the radical ⽆ for 无), and イグノア by its end, halfwidth too (ﾉｱ).
 */
const VERB_HINT = /[忽无無忘\u2f46]|ノア|ﾉｱ/g;
/** How far from a CJK disguise the verb of an override through it can stand, in characters. */
const HINT_REACH = 64;

/** Where the CJK overrides' verbs stand in one text, found once, asked in any order. */
export class CjkVerbs {
  private at: number[] | undefined;

  constructor(private readonly text: string) {}

  /** Whether a verb stands within HINT_REACH of [from, to). */
  near(from: number, to: number): boolean {
    this.at ??= [...this.text.matchAll(VERB_HINT)].map((m) => m.index);
    const at = this.at;
    let lo = 0;
    let hi = at.length;
    // The first verb at or after from - HINT_REACH.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! < from - HINT_REACH) lo = mid + 1;
      else hi = mid;
    }
    return lo < at.length && at[lo]! <= to + HINT_REACH;
  }
}

const CYRILLIC = /[\u0400-\u04ff]/;
const CJK = /[\u3040-\u30ff\u4e00-\u9fff]/;
/** Four Russian letters in a row, each alone between two separators of the letter-spacing fold: `И г н о р и р у й`. */
const SPACED_CYRILLIC = /(?:[ .][\u0400-\u04ff]){4}[ .]/g;
/** A space between two kana or ideographs (an ASCII or an ideographic one): `忽 略 之 前`. */
const SPACED_CJK = /[ \u3000](?=[\u3040-\u30ff\u4e00-\u9fff])(?<=[\u3040-\u30ff\u4e00-\u9fff].)/g;

/**
 * Letter-spaced Russian words and spaced-out CJK near a verb, as flattened [from, to) spots, in
 * text that holds either script (`wide`: holdsWideScripts said so). The instruction sieve sees
 * letter-spaced ASCII words only (it reads a character's low byte).
 */
export function spacedScriptSpots(text: string, verbs: CjkVerbs): number[] {
  const spots: number[] = [];
  if (CYRILLIC.test(text)) for (const m of text.matchAll(SPACED_CYRILLIC)) spots.push(m.index, m.index + m[0].length);
  if (CJK.test(text)) {
    SPACED_CJK.lastIndex = 0;
    while (SPACED_CJK.test(text)) {
      const at = SPACED_CJK.lastIndex - 1;
      if (verbs.near(at, at + 1)) spots.push(at, at + 1);
    }
  }
  return spots;
}
