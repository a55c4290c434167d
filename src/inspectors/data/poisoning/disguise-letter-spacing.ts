import { DROPPED_SHIFT, KIND, LATIN_TO_CYRILLIC, OWN_TRICKS, isRussianLetter, trickBit } from './disguise-chars.js';
import type { FoldBuffer } from './disguise-fold.js';
import { isSpace } from '../white-space.js';

const SPACING_BIT = trickBit('letter spacing');
const LATIN_BIT = trickBit('Latin look-alikes');
const DOT = 0x2e;

const isAsciiLetter = (c: number) => ((c | 0x20) >= 97 && (c | 0x20) <= 122);
/** A kana or an ideograph (CJK writes no spaces: one spaced out is `忽 略 之 前`). */
const isCjkUnit = (c: number): boolean => (c >= 0x3040 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff);
/** What can be spaced out: an ASCII or Russian letter, a kana, an ideograph. */
const isSpaceable = (c: number) => isAsciiLetter(c) || isRussianLetter(c) || isCjkUnit(c);
/** A letter or digit of any alphabet the fold knows (KIND is 0 for separators). */
const isWordUnit = (c: number) => c < 0x10000 && KIND[c] !== 0;

/**
 * Letter-spaced words rejoined in place: `i g n o r e` and `i.g.n.o.r.e` read `ignore` to a model.
 * A run is two or more single letters (ASCII or Russian ones, or kana and ideographs, which CJK
 * writes unspaced: `忽 略 之 前`), each standing alone (no letter or digit either side of
 * it), one separator apart, the same separator throughout: a white-space character or a dot.
 * Words of a letter-spaced sentence stand further apart (`i g n o r e   a l l`), so the gaps
 * between them stay. Single letters in ordinary text (`e.g.`, `x y z`) rejoin too, harmlessly:
 * the skeleton is only read for instructions.
 */
export function rejoinLetterSpacing(buf: FoldBuffer): void {
  const { codes, from, to, tricks } = buf;
  const n = buf.length;
  let w = 0;
  // The unit before `r` as it was (the write index trails the read one and overwrites it).
  let prev = 0;
  const keep = (r: number, extra: number) => {
    codes[w] = codes[r]!;
    from[w] = from[r]!;
    to[w] = to[r]!;
    tricks[w] = tricks[r]! | extra;
    w++;
  };
  const alone = (r: number) => isSpaceable(codes[r]!) && (r + 1 >= n || !isWordUnit(codes[r + 1]!));
  for (let r = 0; r < n; ) {
    const sep = codes[r + 1]!;
    if (r + 2 < n && !isWordUnit(prev) && alone(r) && (sep === DOT || isSpace(sep)) && alone(r + 2)) {
      const first = w;
      keep(r, 0);
      let q = r + 1;
      // Dropped separators' tricks (a zero-width character beside one) move on to the next letter.
      while (q + 1 < n && codes[q] === sep && alone(q + 1)) {
        keep(q + 1, SPACING_BIT | ((((tricks[q]! >>> DROPPED_SHIFT) | tricks[q]!) & OWN_TRICKS) << DROPPED_SHIFT));
        q += 2;
      }
      latinInRussian(buf, first, w);
      prev = codes[q - 1]!;
      r = q;
      continue;
    }
    prev = codes[r]!;
    keep(r, 0);
    r++;
  }
  buf.length = w;
}

/**
 * A rejoined word that holds Russian letters and Latin ones that all look like Russian letters
 * (`И г н o р и р у й` with a Latin `o`), [from, to) of the buffer, with those written as the Russian
 * letters: each spaced letter was a word of its own, which the fold left as it was.
 */
function latinInRussian(buf: FoldBuffer, from: number, to: number): void {
  let russian = false;
  for (let k = from; k < to; k++) {
    const c = buf.codes[k]!;
    if (isRussianLetter(c)) russian = true;
    else if (c >= 0x100 || LATIN_TO_CYRILLIC[c] === 0) return;
  }
  if (!russian) return;
  for (let k = from; k < to; k++) {
    const c = buf.codes[k]!;
    if (c < 0x100) {
      buf.codes[k] = LATIN_TO_CYRILLIC[c]!;
      buf.tricks[k] = buf.tricks[k]! | LATIN_BIT;
    }
  }
}
