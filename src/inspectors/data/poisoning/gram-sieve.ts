import { isSpace } from '../white-space.js';

/**
 * Finds where any of a set of short literal anchors may sit, reading the text four characters at a
 * time: the text is copied into a byte buffer (one memcpy for a one-byte string; a wider character
 * keeps its low byte) and every aligned 4-byte block, case-folded by OR-ing 0x20 into each byte,
 * is looked up in a bitmap. Only a block whose gram was entered for some anchor goes further: the
 * anchor is then compared character by character on the real text. A JS loop that reads every
 * character runs at about a third of this speed, and a regex alternation of many words slower still.
 *
 * Why aligned blocks find every anchor: an anchor's neighbourhood (the anchor plus the characters
 * that must sit beside it inside any match, see {@link SieveAnchor}) is at least 7 characters long,
 * and any 7 consecutive positions hold a whole block [4k, 4k+4). For each of the four alignments
 * the anchor's start can have, the gram of one such block (every byte combination it can take) is
 * entered, so whatever the alignment, one block of every occurrence is looked at.
 */

/**
 * One anchor. Pattern characters: a lower-case letter matches either case, `' '` any character
 * JavaScript's `\s` matches, `'?'` any character (neighbourhoods only); anything else itself.
 */
export interface SieveAnchor {
  pattern: string;
  /** The characters that can stand just before the pattern inside a match (all the cases); default none. */
  left?: readonly string[];
  /** The same, just after. All `left` strings have one length, all `right` ones too, and with the pattern they make at least 7. */
  right?: readonly string[];
  /** A further cheap test at the pattern's start that every real match passes (the word before it, say). */
  context?: (text: string, at: number) => boolean;
  /**
   * `'ascii'`: a pattern space is the ASCII space alone. A block of a letter-spaced word holds two
   * spaces, and as any `\s` they multiply to some 250 grams per alignment, which filled the bloom
   * enough to slow the whole sieve by a tenth. `'words'`: an ASCII space, a tab or a line feed, what
   * parts two words of one sentence as typed or wrapped (`reveal your\tsystem prompt`, `zeig\nmir
   * …`): three bytes a space, not 25, and a blank line (two characters) is no space.
   */
  spaces?: 'any' | 'ascii' | 'words';
}


/**
 * Byte values (after the OR 0x20 fold) a `\s` character can take in the byte copy, which keeps a
 * character's low byte: the seven Latin-1 ones, and the low bytes of the wider ones (U+2028 reads
 * as '(' and U+3000 as NUL) so an anchor spaced with those is still seen.
 */
const SPACE_CHARS = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];
const SPACE_BYTES = [...new Set(SPACE_CHARS.map((c) => (c & 0xff) | 0x20))];
/** A `'words'` space's bytes after the fold: space, tab (0x09 reads as `)`) and line feed (`*`). */
const WORD_SPACE_BYTES = [0x20, 0x29, 0x2a];
const ANY_BYTES = [...new Set(Array.from({ length: 256 }, (_, b) => b | 0x20))];

/** Bytes copied per pass: a multiple of 4 (blocks stay aligned to text offsets), and a bounded buffer. */
const CHUNK = 1 << 16;
const MIN_NEIGHBOURHOOD = 7;
/** More grams than this for one anchor means a neighbourhood of mostly spaces or `?`: a spec mistake. */
const MAX_GRAMS = 4096;
const HASH_MUL = 0x9e3779b1;
const HIGH_BITS = 0x80808080 | 0;
/**
 * Chain slot of a gram (16 bits of its hash), and its bit in the bloom: 18 bits of the hash in a
 * 32 KiB bitmap, which stays in L1 cache (a byte table that size misses it on every row) while
 * 3 000 grams set only 1 % of the bits, so a prose gram rarely collides.
 */
const slotOf = (gram: number) => Math.imul(gram, HASH_MUL) >>> 16;
const BLOOM_SHIFT = 14;
const bloomBit = (gram: number) => Math.imul(gram, HASH_MUL) >>> BLOOM_SHIFT;

const NONE: readonly number[] = [];

const LETTER = 0;
const SPACE = 1;
const EXACT = 2;
const WORD_SPACE = 3;

/** What one sieve pass found. */
export interface SieveResult {
  /** Anchors confirmed, as flattened pairs: start offset, anchor index, … (in block order, so nearly ascending). */
  anchors: readonly number[];
  /**
   * Offset of the first block of each stretch of at least `plainStretch` consecutive blocks whose
   * bytes all lie in '+'..0x7F (the base64 alphabet and padding do): a by-product of reading the
   * blocks, that lets a base64 finder look only there.
   */
  plainStretches: readonly number[];
}

const NO_RESULT: SieveResult = { anchors: NONE, plainStretches: NONE };

export class GramSieve {
  private readonly anchors: readonly SieveAnchor[];
  private readonly plainStretch: number;
  /** Per anchor: the pattern as kinds and codes, for the character-by-character check. */
  private readonly kinds: Uint8Array[];
  private readonly codes: Uint16Array[];
  /** A bit set where some entered gram hashes: most blocks stop at this one read. */
  private readonly bloom = new Int32Array(1 << (32 - BLOOM_SHIFT - 5));
  /** Entered grams by hash slot (a chain through `next`), each with the anchor and its offset from the block. */
  private readonly head = new Int32Array(1 << 16).fill(-1);
  private readonly next: number[] = [];
  private readonly gram: number[] = [];
  private readonly anchorOf: number[] = [];
  private readonly delta: number[] = [];
  private readonly scratch = Buffer.allocUnsafeSlow(CHUNK);
  private readonly blocks = new Uint32Array(this.scratch.buffer, this.scratch.byteOffset, CHUNK >> 2);

  constructor(anchors: readonly SieveAnchor[], opts: { plainStretch: number }) {
    this.anchors = anchors;
    this.plainStretch = opts.plainStretch;
    this.kinds = anchors.map((a) => Uint8Array.from(a.pattern, (ch) => (ch === ' ' && a.spaces !== 'ascii' ? (a.spaces === 'words' ? WORD_SPACE : SPACE) : /[a-z]/.test(ch) ? LETTER : EXACT)));
    this.codes = anchors.map((a) => Uint16Array.from(a.pattern, (ch) => ch.charCodeAt(0)));
    anchors.forEach((a, id) => {
      for (const { gram, delta } of gramsToEnter(a)) this.enter(gram, id, delta);
    });
  }

  private enter(gram: number, anchor: number, delta: number): void {
    const slot = slotOf(gram);
    const bit = bloomBit(gram);
    this.bloom[bit >>> 5] = this.bloom[bit >>> 5]! | (1 << (bit & 31));
    this.gram.push(gram);
    this.anchorOf.push(anchor);
    this.delta.push(delta);
    this.next.push(this.head[slot]!);
    this.head[slot] = this.gram.length - 1;
  }

  /**
   * One pass over `text`. Characters above U+00FF are read by their low byte: a wider letter may
   * look like an ASCII one (the character check then turns the block away), and every wider `\s`
   * character is among the bytes a pattern space stands for.
   */
  scan(text: string): SieveResult {
    const n = text.length;
    if (n < 4) return NO_RESULT;
    const { bloom, blocks, scratch, plainStretch } = this;
    let anchors: number[] | undefined;
    let stretches: number[] | undefined;
    let plain = 0;
    for (let base = 0; base < n; base += CHUNK) {
      const len = Math.min(CHUNK, n - base);
      scratch.write(len === n ? text : text.slice(base, base + len), 0, len, 'latin1');
      const count = len >> 2;
      for (let b = 0; b < count; b++) {
        const v = blocks[b]! | 0;
        // A byte below '+' (space, control, most punctuation) or above 0x7F ends a plain run: with
        // no such byte nothing borrows and no high bit is set. Branch-free, because in prose the
        // outcome flips from block to block and a mispredicted branch costs more than the test.
        const bad = ((v - 0x2b2b2b2b) | v) & HIGH_BITS;
        plain = (plain + 1) & ~((bad | -bad) >> 31);
        if (plain === plainStretch) (stretches ??= []).push(base + ((b + 1 - plainStretch) << 2));
        const g = v | 0x20202020;
        const bit = Math.imul(g, HASH_MUL) >>> BLOOM_SHIFT;
        if ((bloom[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
        anchors = this.confirm(text, g, base + (b << 2), anchors);
      }
    }
    return anchors || stretches ? { anchors: anchors ?? NONE, plainStretches: stretches ?? NONE } : NO_RESULT;
  }

  /** Whether an aligned block of these four characters passes the bloom (what a block of prose costs: for tests). */
  passesBloom(block: string): boolean {
    const [g] = gramsOf(block, [0x20]);
    const bit = bloomBit(g!);
    return (this.bloom[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /** Appends every anchor the block at `at` confirms (one occurrence spans several blocks: once). */
  private confirm(text: string, g: number, at: number, out: number[] | undefined): number[] | undefined {
    for (let e = this.head[slotOf(g)]!; e >= 0; e = this.next[e]!) {
      if (this.gram[e] !== g) continue;
      const id = this.anchorOf[e]!;
      const start = at + this.delta[e]!;
      if (out && hasPair(out, start, id)) continue;
      if (!this.patternAt(text, id, start)) continue;
      const ctx = this.anchors[id]!.context;
      if (ctx && !ctx(text, start)) continue;
      (out ??= []).push(start, id);
    }
    return out;
  }

  private patternAt(text: string, id: number, start: number): boolean {
    const kinds = this.kinds[id]!;
    const codes = this.codes[id]!;
    if (start < 0 || start + kinds.length > text.length) return false;
    for (let k = 0; k < kinds.length; k++) {
      const c = text.charCodeAt(start + k);
      const kind = kinds[k]!;
      if (kind === LETTER ? (c | 0x20) !== codes[k] : kind === SPACE ? !isSpace(c) : kind === WORD_SPACE ? c !== 32 && c !== 9 && c !== 10 : c !== codes[k]) return false;
    }
    return true;
  }
}

/** Whether one of the last few pairs is (start, id): the blocks of one anchor occurrence are adjacent. */
function hasPair(pairs: readonly number[], start: number, id: number): boolean {
  for (let k = pairs.length - 2; k >= 0 && k >= pairs.length - 8; k -= 2) if (pairs[k] === start && pairs[k + 1] === id) return true;
  return false;
}

/**
 * Common English 4-grams: where an anchor leaves a choice of block, one of these is not the one to
 * enter ("mention" cannot avoid "tion" at one alignment; "override" can avoid "over"). The second
 * row is what other languages' anchors share with an AI corpus's English (`sistema` with
 * `system` and `consistent`, `benutzer` with `user`, `[system](#` and `prompt`, `muestra` with
 * `request` and `question`): entered, they slowed the sieve by a fifth. `re t` (are the, more
 * than) is what `muestre tu` leaves at one alignment besides `uest`.
 */
const COMMON_GRAMS = new Set(['tion', 'ion ', 'ment', 'ent ', 'over', 'ther', 'that', 'with', 'the ', ' the', 'and ', ' and', 'ing ', 'for ', 'this', 'ould', 'have', 'ere ', 'here', 'ter ', 'syst', 'stem', 'sist', 'iste', 'user', 'main', 'ente', 'stri', 'rest', 'yste', 'ompt', 'romp', 'uest', 're t']);

/**
 * Grams of prose whose bloom bit some anchor's block shares (`f me`, `f mi` of Dutch `geef me`
 * share those of `es a` and `es e`, a hundred a megabyte of English and more of French): entered,
 * such a block lets every one of them past the bloom to a walk of its chain. Avoided as a common
 * gram is, where another block covers the alignment.
 */
const PROSE_BITS = new Set(['es a', 'es e', 'ts a'].flatMap((w) => gramsOf(w, [0x20])).map(bloomBit));

/**
 * The grams to enter for one anchor and where the anchor starts relative to each. Per alignment of
 * the anchor's start (mod 4) one block inside the neighbourhood suffices; of the candidates the
 * one with the fewest byte combinations (a space is seven bytes, `?` 128) and not a common English
 * gram is taken, so a prose text calls the character check as seldom as it can.
 */
function gramsToEnter(a: SieveAnchor): { gram: number; delta: number }[] {
  const lefts = a.left ?? [''];
  const rights = a.right ?? [''];
  const L = lefts[0]!.length;
  const R = rights[0]!.length;
  if (/[A-Z?]/.test(a.pattern)) throw new Error(`sieve anchor ${a.pattern}: upper case or '?' in the pattern`);
  if (lefts.some((l) => l.length !== L) || rights.some((r) => r.length !== R)) throw new Error(`sieve anchor ${a.pattern}: neighbours of unequal length`);
  if (L + a.pattern.length + R < MIN_NEIGHBOURHOOD) throw new Error(`sieve anchor ${a.pattern}: neighbourhood shorter than ${MIN_NEIGHBOURHOOD}`);
  const hoods = lefts.flatMap((l) => rights.map((r) => l + a.pattern + r));
  const windowsAt = (o: number) => [...new Set(hoods.map((h) => h.slice(o + L, o + L + 4)))];
  const spaceBytes = a.spaces === 'ascii' ? [0x20] : a.spaces === 'words' ? WORD_SPACE_BYTES : SPACE_BYTES;
  const shared = (w: string) => !w.includes('?') && gramsOf(w, spaceBytes).some((g) => PROSE_BITS.has(bloomBit(g)));
  const cost = (o: number) =>
    windowsAt(o).reduce((sum, w) => sum + [...w].reduce((n, ch) => n * (ch === ' ' ? spaceBytes.length : ch === '?' ? ANY_BYTES.length : 1), 1) + (COMMON_GRAMS.has(w) || shared(w) ? 1e4 : 0), 0);
  const out: { gram: number; delta: number }[] = [];
  for (let align = 0; align < 4; align++) {
    let best: number | undefined;
    for (let o = -L; o + 4 <= a.pattern.length + R; o++) {
      if ((((o + align) % 4) + 4) % 4 !== 0) continue;
      if (best === undefined || cost(o) < cost(best)) best = o;
    }
    for (const w of windowsAt(best!)) for (const gram of gramsOf(w, spaceBytes)) out.push({ gram, delta: -best! });
  }
  if (out.length > MAX_GRAMS) throw new Error(`sieve anchor ${a.pattern}: ${out.length} byte combinations to enter (spaces and '?' multiply them); give it longer letters`);
  return out;
}

/**
 * The 32-bit values an aligned block holding this 4-character window can read as, after the fold:
 * one per combination of the bytes a space or `?` stands for. Built through a Uint32Array view so
 * the byte order is the platform's, as in the scan.
 */
function gramsOf(window: string, spaceBytes: readonly number[]): number[] {
  const choices = [...window].map((ch) => (ch === ' ' ? spaceBytes : ch === '?' ? ANY_BYTES : [ch.charCodeAt(0) | 0x20]));
  const bytes = new Uint8Array(4);
  const view = new Uint32Array(bytes.buffer);
  const out: number[] = [];
  const walk = (i: number): void => {
    if (i === 4) {
      out.push(view[0]! | 0);
      return;
    }
    for (const b of choices[i]!) {
      bytes[i] = b;
      walk(i + 1);
    }
  };
  walk(0);
  return out;
}
