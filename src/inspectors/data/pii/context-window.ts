import { CONTEXT_AFTER as AFTER, CONTEXT_BEFORE as BEFORE, contextBounds, INFLECTIONS, needles, vetoNeedles } from './context.js';
import { byteOf, FOLD_END, FOLDED, MARK } from './fold.js';
import type { Recognizer } from './recognizers.js';

/**
 * The context test of a match (`hasContext(r, contextAround(text, start, end))`) without building
 * strings: the window around the match is normalised into a reused byte buffer, once per match
 * span (the recognizers that match the same span share it), and the context words are compared
 * as bytes. Normalised text holds only `a-z 0-9 #`, spaces and a few dozen Cyrillic and Greek
 * letters (one byte each from 0x80, see fold.ts), so bytes hold it exactly.
 *
 * Each code unit is one lookup in fold.ts's table, which gives what normalise gives the whole
 * window: lower case, folded (one byte, or two for `ß` `æ` `œ`), a dropped combining mark, or a
 * separator. Per unit is as good as per string: the only lower case that depends on its
 * neighbours is the final sigma, a separator either way; the tests check every code point.
 */

const SPACE = 32;

/** The inflections a long context word may take in running text (see context.ts), as bytes. */
const INFLECTION_BYTES = INFLECTIONS.map((x) => Uint8Array.from(x, (ch) => ch.charCodeAt(0)));

/** Whether the word continuing at `p` in `buf` (up to the next space) is empty or an inflection. */
function inflectedAt(buf: Uint8Array, p: number): boolean {
  if (buf[p] === SPACE) return true;
  for (const f of INFLECTION_BYTES) {
    let j = 0;
    while (j < f.length && buf[p + j] === f[j]) j++;
    if (j === f.length && buf[p + j] === SPACE) return true;
  }
  return false;
}

/**
 * Each context word of a recognizer as searched for in the normalised window (see context.ts), as
 * bytes, by the kinds (code & 31) of its first two bytes, and its first bytes' kinds as a bit set.
 * A word of the window is compared only with the needles that start as it does: the phone's forty
 * words in ten languages, a dozen of them from `te`, are no dozen comparisons for every `the`.
 */
interface NeedleSet {
  kinds: number;
  /** By first kind × 32 + second kind. */
  byPair: (Uint8Array[] | undefined)[];
}
const needleSets = new WeakMap<Recognizer, NeedleSet>();
const vetoSets = new WeakMap<Recognizer, NeedleSet>();
function needlesOf(r: Recognizer): NeedleSet {
  let ns = needleSets.get(r);
  if (!ns) needleSets.set(r, (ns = needleSet(needles(r))));
  return ns;
}
function vetoesOf(r: Recognizer): NeedleSet {
  let ns = vetoSets.get(r);
  if (!ns) vetoSets.set(r, (ns = needleSet(vetoNeedles(r))));
  return ns;
}

function needleSet(list: readonly string[]): NeedleSet {
  const ns: NeedleSet = { kinds: 0, byPair: new Array<Uint8Array[] | undefined>(32 * 32).fill(undefined) };
  for (const n of list) {
    // As the window holds them: a Cyrillic or Greek letter is one byte from 0x80 (fold.ts).
    const bytes = Uint8Array.from(n, byteOf);
    const kind = bytes[1]! & 31;
    ns.kinds |= 1 << kind;
    (ns.byPair[(kind << 5) | (bytes[2]! & 31)] ??= []).push(bytes);
  }
  return ns;
}

/** The table's ASCII entries, as bytes (one each, none a mark): most text is ASCII, and a byte table is read faster. */
const ASCII = Uint8Array.from(FOLDED.subarray(0, 128));

export class ContextWindow {
  /** ' ' + the normalised window + ' ': at most two bytes per code unit (`ß`), the joint and the edges. */
  private readonly buf = new Uint8Array(2 * (BEFORE + AFTER) + 8);
  private len = 0;
  /** Offsets of the spaces in the buffer that a word follows: every needle starts at one. */
  private readonly words = new Int32Array(BEFORE + AFTER + 8);
  /**
   * The words by first byte (its code & 31): the first word of each kind (-1: none) and, per word,
   * the next of its kind. A needle is compared with the words that start as it does, not with all
   * of them: a window holds a dozen words or more, and most of their initials.
   */
  private readonly firstOf = new Int32Array(32);
  /** The kinds of first byte the window's words have, as a bit set. */
  private kinds = 0;
  private readonly nextOf = new Int32Array(BEFORE + AFTER + 8);
  private start = -1;
  private end = -1;

  /** With `onLine`, the window stops at the match's own line (see Recognizer.contextOnLine). */
  constructor(private readonly onLine = false) {}

  /** Forgets the last window: call it before each new text. */
  reset(): void {
    this.start = -1;
  }

  /**
   * Whether a context word of `r` stands within 48 characters before `start` or 24 after `end` in
   * `text` (the same text since the last reset), whole or inflected, and none of its vetoes does:
   * `hasTextContext` of the window.
   */
  has(r: Recognizer, text: string, start: number, end: number): boolean {
    if (start !== this.start || end !== this.end) this.fill(text, start, end);
    return this.holds(needlesOf(r)) && !(r.contextVetoes && this.holds(vetoesOf(r)));
  }

  /** Whether one of the needles stands in the filled window, whole or inflected. */
  private holds(ns: NeedleSet): boolean {
    const buf = this.buf;
    const last = this.len;
    const words = this.words;
    const nextOf = this.nextOf;
    const byPair = ns.byPair;
    // Lowest bit first, one kind at a time: the kinds both the window's words and the needles start with.
    for (let common = this.kinds & ns.kinds; common !== 0; common &= common - 1) {
      const kind = 31 - Math.clz32(common & -common);
      for (let w = this.firstOf[kind]!; w >= 0; w = nextOf[w]!) {
        const i = words[w]!;
        // Past the word's first byte there is always another, its end's space at least.
        const needles = byPair[(kind << 5) | (buf[i + 2]! & 31)];
        if (needles === undefined) continue;
        for (let q = 0; q < needles.length; q++) {
          const n = needles[q]!;
          const k = n.length;
          if (i + k > last) continue;
          // From the first byte: kinds alike are not bytes alike (`1` and `q`).
          let j = 1;
          while (j < k && buf[i + j] === n[j]) j++;
          // A short needle ends with its space; a long one must end the word or take an inflection.
          if (j === k && (n[k - 1] === SPACE || inflectedAt(buf, i + k))) return true;
        }
      }
    }
    return false;
  }

  /**
   * normalise(text.slice(start - 48, start) + ' ' + text.slice(end, end + 24)) into the buffer,
   * noting each word's start as it is written (a second pass over the buffer cost a third of this).
   */
  private fill(text: string, start: number, end: number): void {
    this.start = start;
    this.end = end;
    const buf = this.buf;
    const words = this.words;
    const firstOf = this.firstOf;
    const nextOf = this.nextOf;
    // The table and its constants in locals: an imported binding is loaded (and checked) again at
    // every character, which cost the window a twentieth of its time.
    const folded = FOLDED;
    const foldEnd = FOLD_END;
    const mark = MARK;
    // A loop, not fill(): a builtin call costs more than 32 stores.
    for (let b = 0; b < 32; b++) firstOf[b] = -1;
    let kinds = 0;
    let n = 0;
    let count = 0;
    buf[n++] = SPACE;
    let inRun = false;
    let from = Math.max(0, start - BEFORE);
    let stop = Math.min(text.length, end + AFTER);
    if (this.onLine) {
      const bounds = contextBounds(text, start, end, true);
      from = bounds[0];
      stop = bounds[1];
    }
    // Two runs, before the match and after it, with a separator between (the match is left out).
    let i = from;
    let to = Math.min(start, stop);
    for (let half = 0; half < 2; half++) {
      for (; i < to; i++) {
        const c = text.charCodeAt(i);
        const w = c < 128 ? ASCII[c]! : c < foldEnd ? folded[c]! : 0;
        if (w > mark) {
          if (buf[n - 1] === SPACE) {
            words[count] = n - 1;
            nextOf[count] = firstOf[w & 31]!;
            firstOf[w & 31] = count++;
            kinds |= 1 << (w & 31);
          }
          buf[n++] = w & 255;
          // A second byte: `ß` is `ss`.
          if (w > 255) buf[n++] = w >> 8;
          inRun = false;
          continue;
        }
        // A combining mark is dropped, and joins the letters around it.
        if (w === mark) continue;
        if (!inRun) buf[n++] = SPACE;
        inRun = true;
      }
      if (half === 0) {
        if (!inRun) buf[n++] = SPACE;
        inRun = true;
        if (start >= stop) break;
        i = end;
        to = stop;
      }
    }
    buf[n++] = SPACE;
    this.len = n;
    this.kinds = kinds;
  }
}
