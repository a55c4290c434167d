import { KIND, trickBit } from './disguise-chars.js';
import type { FoldBuffer } from './disguise-fold.js';
import { isSpace } from '../white-space.js';

const SPACING_BIT = trickBit('letter spacing');
const DOT = 0x2e;

const isAsciiLetter = (c: number) => ((c | 0x20) >= 97 && (c | 0x20) <= 122);
/** A letter or digit of any alphabet the fold knows (KIND is 0 for separators). */
const isWordUnit = (c: number) => c < 0x10000 && KIND[c] !== 0;

/**
 * Letter-spaced words rejoined in place: `i g n o r e` and `i.g.n.o.r.e` read `ignore` to a model.
 * A run is two or more single letters, each standing alone (no letter or digit either side of
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
  const alone = (r: number) => isAsciiLetter(codes[r]!) && (r + 1 >= n || !isWordUnit(codes[r + 1]!));
  for (let r = 0; r < n; ) {
    const sep = codes[r + 1]!;
    if (r + 2 < n && !isWordUnit(prev) && alone(r) && (sep === DOT || isSpace(sep)) && alone(r + 2)) {
      keep(r, 0);
      let q = r + 1;
      // Dropped separators' tricks (a zero-width character beside one) move on to the next letter.
      while (q + 1 < n && codes[q] === sep && alone(q + 1)) {
        keep(q + 1, SPACING_BIT | ((((tricks[q]! >>> 16) | tricks[q]!) & 0xffff) << 16));
        q += 2;
      }
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
