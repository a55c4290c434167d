import { isLetter } from './instruction-windows.js';

/**
 * Bare Turkish (`onceki talimatlari yok say`, typed without its letters) inside a page written
 * with them: such a page opens the script's gate and is scanned as written, which reads
 * `talimatları` but not `talimatlari` and not `onceki`. Of the bare words' spots (the sieve's
 * `talimatl`, `komutlar`, `kurallar`, `nergeler`, `kullanic`), those whose word is typed bare are
 * kept, for a window scanned in every spelling: a word of ASCII letters alone with an `i` after
 * the stem, where the page's own spelling writes `ı` (`talimatları`, `komutları`) or a letter of
 * its own (`yönergeleri`). The stem alone (`komutlar`, `talimatlar`: the same in both spellings,
 * and on every few lines of a Turkish manual) is read by the page's scan, and a window around each
 * ran such a page at two fifths of its speed.
 */
export function typedBare(text: string, spots: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < spots.length; k += 2) {
    const at = spots[k]!;
    let from = at;
    while (from > 0 && isLetter(text.charCodeAt(from - 1))) from--;
    let to = at;
    while (to < text.length && isLetter(text.charCodeAt(to))) to++;
    if (asciiOnly(text, from, to) && hasI(text, at + STEM, to)) out.push(at, at + 1);
  }
  return out;
}

/** The length of every bare anchor (`talimatl`, `kullanic` …). */
const STEM = 8;

function asciiOnly(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function hasI(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((text.charCodeAt(i) | 0x20) === 0x69) return true;
  return false;
}
