import { FOLD_AT, GRAM_BITS, HEXA, HEXA_AT, LOOKAHEAD, newPrefilterKernel, OCTA, OCTA_AT, OUT_AT, OUT_CAP, PAIR_AT, type PrefilterKernel, QUAD, QUAD_AT, QUICK_AT, QUICK_BITS, SHORT, SLOT_BITS, SLOT_CLS_AT, SLOT_KEY_AT, SLOTS, TEXT_AT, TRI_AT, WINDOW } from './prefilter-kernel.js';

/**
 * Case-insensitive multi-keyword search in one pass. Every character is folded to one of 64
 * classes (letters without case, digits, the punctuation keywords use, "other"), the last three
 * form an 18-bit trigram, and a 32 KB bitmap says whether any keyword starts with it. The tables
 * the hot loop touches fit in a core's first-level cache: with multi-megabyte tables the loop
 * stalled on memory once the rest of the scanner had evicted them between calls. The loop up to
 * a candidate offset runs as WebAssembly (prefilter-kernel.ts) over the tables, which live in its
 * memory; this class builds them and confirms the candidates.
 *
 * Two kinds of keyword: "presence" keywords only need to be seen once per text (their trigram is
 * switched off once all its keywords are found, so a common one costs one bit test after that),
 * and "positional" keywords are reported at every occurrence (a rule anchored on them is tried
 * there, and only there).
 */
export class KeywordPrefilter {
  /** Distinct keywords, lower case, by id. */
  readonly keywords: string[];
  private readonly positional: Uint8Array;
  /** The WebAssembly inner loop; every table below is a view into its memory. */
  private readonly kernel: PrefilterKernel = newPrefilterKernel();
  /** Trigrams that start a keyword: one bit each. */
  private readonly triBits = this.view(Int32Array, TRI_AT, 1 << (18 - 5));
  /**
   * Per trigram in use (open addressing, a few hundred of 4096 slots): which keyword lengths start
   * with it — SHORT (≤ 3 characters, or non-ASCII in the first eight: confirmed at once), QUAD (4–5:
   * the 4-gram must be in `quadBits` first), HEXA (6–7: the 6-gram), OCTA (8+: the 8-gram) — and
   * the keyword ids. Prose trigrams such as "dat", "acc", "sys" start many words and few keywords;
   * the longer gram turns most of those hits away ("system" is a word, "system_a" is not).
   */
  private readonly slotKey = this.view(Int32Array, SLOT_KEY_AT, SLOTS).fill(-1);
  private readonly slotCls = this.view(Uint8Array, SLOT_CLS_AT, SLOTS);
  private readonly slotIds: number[][] = [];
  private readonly quadBits = this.view(Int32Array, QUAD_AT, 1 << (GRAM_BITS - 5));
  private readonly hexaBits = this.view(Int32Array, HEXA_AT, 1 << (GRAM_BITS - 5));
  private readonly octaBits = this.view(Int32Array, OCTA_AT, 1 << (GRAM_BITS - 5));
  /**
   * The first four classes of every keyword (every extension of a three-character one), hashed:
   * tested inline after a trigram hit, before the slot lookup. In prose most trigram hits are
   * words such as "dat", "acc", "pat" that the fourth character already turns away.
   */
  private readonly quickBits = this.view(Int32Array, QUICK_AT, 1 << (QUICK_BITS - 5));
  /** First two classes of the two-character keywords (which have no fourth character to test). */
  private readonly pairBits = this.view(Int32Array, PAIR_AT, 1 << (12 - 5));
  /** The kernel's window of text bytes: two characters of context, then the positions it scans. */
  private readonly window = Buffer.from(this.kernel.memory.buffer, TEXT_AT, 2 + WINDOW + LOOKAHEAD);
  /** The kernel's candidates: (window offset, slot) pairs. */
  private readonly out = this.view(Int32Array, OUT_AT, OUT_CAP * 2);
  /** Two-character keywords (rare): also entered under every trigram they start, checked alone at the very end. */
  private readonly pairKeywords: number[] = [];
  /** Keywords with a non-ASCII character among their first three, or shorter than two: indexOf. */
  private readonly oddKeywords: number[] = [];
  /** Per keyword id, the scan generation it was last seen in (no per-call Set). */
  private readonly seenGen: Int32Array;
  private gen = 0;
  /** Results of the last `scan`: keyword ids seen, and (positional ones) every start offset. */
  readonly seen: number[] = [];
  private positions: number[][] = [];
  /** Per keyword id, the generation in which it passed MAX_POSITIONS (its offsets are then incomplete). */
  private readonly overflowGen: Int32Array;

  constructor(keywords: readonly string[], positional: readonly boolean[]) {
    this.keywords = keywords.map((k) => k.toLowerCase());
    // Offsets in a lower-cased copy can drift from the text's (some letters change length), so
    // keywords found that way only ever report presence.
    this.positional = Uint8Array.from(positional, (p, id) => (p && locatable(this.keywords[id]!) ? 1 : 0));
    this.view(Uint8Array, FOLD_AT, 256).set(FOLD.subarray(0, 256));
    this.seenGen = new Int32Array(keywords.length);
    this.overflowGen = new Int32Array(keywords.length);
    this.positions = keywords.map(() => []);
    for (let i = 0; i < SLOTS; i++) this.slotIds.push([]);
    this.keywords.forEach((k, id) => {
      if (!locatable(k)) {
        this.oddKeywords.push(id);
        return;
      }
      const a = FOLD[k.charCodeAt(0)]!;
      const b = FOLD[k.charCodeAt(1)]!;
      if (k.length === 2) {
        // Under every trigram it starts, so the hot loop has one table to read, not two.
        this.pairKeywords.push(id);
        setBit(this.pairBits, (a << 6) | b);
        for (let x = 0; x < 64; x++) this.enter((a << 12) | (b << 6) | x, SHORT, id);
        return;
      }
      const tri = (a << 12) | (b << 6) | FOLD[k.charCodeAt(2)]!;
      // A fourth character that is not ASCII may meet any byte in the text (its low byte, or a
      // case variant's): every extension, as for a three-character keyword.
      if (k.length === 3 || k.charCodeAt(3) >= 128) for (let x = 0; x < 64; x++) setBit(this.quickBits, quickIndex((tri << 6) | x));
      else setBit(this.quickBits, quickIndex((tri << 6) | FOLD[k.charCodeAt(3)]!));
      let cls = SHORT;
      if (k.length >= 4 && ascii(k, 8)) {
        const q = (tri << 6) | FOLD[k.charCodeAt(3)]!;
        const six = sixOf(q, FOLD[k.charCodeAt(4)]!, FOLD[k.charCodeAt(5)]!);
        if (k.length < 6) {
          cls = QUAD;
          setBit(this.quadBits, gramIndex(q));
        } else if (k.length < 8) {
          cls = HEXA;
          setBit(this.hexaBits, gramIndex(six));
        } else {
          cls = OCTA;
          setBit(this.octaBits, gramIndex(eightOf(six, FOLD[k.charCodeAt(6)]!, FOLD[k.charCodeAt(7)]!)));
        }
      }
      this.enter(tri, cls, id);
    });
  }

  private enter(tri: number, cls: number, id: number): void {
    setBit(this.triBits, tri);
    const s = this.claimSlot(tri);
    this.slotCls[s] = this.slotCls[s]! | cls;
    this.slotIds[s]!.push(id);
  }

  /** The slot of a trigram, claimed if it has none (the kernel probes the same way). */
  private claimSlot(tri: number): number {
    for (let s = Math.imul(tri, 0x9e3779b1) >>> (32 - SLOT_BITS); ; s = (s + 1) & (SLOTS - 1)) {
      const key = this.slotKey[s]!;
      if (key === tri) return s;
      if (key === -1) {
        this.slotKey[s] = tri;
        return s;
      }
    }
  }

  /** Offsets of a positional keyword found by the last `scan` (ascending). */
  positionsOf(id: number): readonly number[] {
    return this.seenGen[id] === this.gen ? this.positions[id]! : [];
  }

  /**
   * Whether a positional keyword occurred more than MAX_POSITIONS times in the last text (hostile
   * or degenerate input: `sk-sk-sk-…`): its offsets stop there, and a rule anchored on it must scan
   * the text instead, so memory stays bounded and nothing is missed.
   */
  overflowed(id: number): boolean {
    return this.overflowGen[id] === this.gen;
  }

  /** Finds the keywords in `text`; read the results from `seen` and `positionsOf`. */
  scan(text: string): void {
    const gen = ++this.gen;
    this.seen.length = 0;
    const bits = this.triBits;
    const n = text.length;
    // Trigrams whose keywords are all presence keywords, all found, are switched off for the rest
    // of this call (and restored after).
    const off: number[] = [];
    try {
      // Window by window: the kernel scans positions [base + 2, base + 2 + WINDOW) of the text,
      // reading the two characters before them and LOOKAHEAD after. The window holds each code
      // unit's low byte (copied natively): a non-ASCII unit may so look like an ASCII one and start
      // a candidate; confirmation compares the text itself, and no keyword match is lost (one needs
      // ASCII characters, which are their own low byte). Bytes past the text are set to 0 (no class),
      // as if the text ended there: a longer earlier text's bytes would only make candidates that
      // confirmation turns away.
      for (let base = 0; base + 2 < n; base += WINDOW) {
        const end = Math.min(n, base + 2 + WINDOW);
        const copied = this.window.write(base === 0 && end + LOOKAHEAD >= n ? text : text.slice(base, end + LOOKAHEAD), 0, 'latin1');
        if (copied < this.window.length) this.window.fill(0, copied, Math.min(this.window.length, copied + LOOKAHEAD));
        for (let from = 2; ; ) {
          const k = this.kernel.scan(from, end - base);
          const out = this.out;
          for (let c = 0; c < k; c++) {
            const s = out[2 * c + 1]!;
            if (this.confirm(this.slotIds[s]!, text, base + out[2 * c]! - 2, gen)) {
              const h = this.slotKey[s]!;
              if (testBit(bits, h)) {
                clearBit(bits, h);
                off.push(h);
              }
            }
          }
          if (k < OUT_CAP) break;
          from = out[2 * (k - 1)]! + 1;
        }
      }
    } finally {
      for (const t of off) setBit(bits, t);
    }
    // A two-character keyword in the last two characters has no trigram of its own.
    if (n >= 2 && this.pairKeywords.length) this.confirm(this.pairKeywords, text, n - 2, gen);
    if (this.oddKeywords.length) {
      const lower = text.toLowerCase();
      for (const id of this.oddKeywords) {
        const k = this.keywords[id]!;
        if (lower.includes(k)) this.mark(id, 0, gen);
      }
    }
  }

  /** A typed-array view of the kernel's memory. */
  private view<T>(type: new (buffer: ArrayBuffer, offset: number, length: number) => T, offset: number, length: number): T {
    return new type(this.kernel.memory.buffer, offset, length);
  }

  private mark(id: number, at: number, gen: number): void {
    if (this.seenGen[id] !== gen) {
      this.seenGen[id] = gen;
      this.seen.push(id);
      this.positions[id]!.length = 0;
    }
    if (this.positional[id] !== 1) return;
    const list = this.positions[id]!;
    if (list.length < MAX_POSITIONS) list.push(at);
    else this.overflowGen[id] = gen;
  }

  /**
   * Confirms the keywords starting at `at`; true when every keyword of the list is done for this
   * text: a presence keyword once seen, a positional one once past MAX_POSITIONS (its rule then
   * scans the whole text). Without the second, a run of one letter that a keyword repeats (the
   * X bearer token's 21 `A`s, inside base64 images) was confirmed at every offset of the run.
   */
  private confirm(ids: number[], text: string, at: number, gen: number): boolean {
    let done = true;
    for (const id of ids) {
      const positional = this.positional[id] === 1;
      if (!positional && this.seenGen[id] === gen) continue;
      if (positional && this.overflowGen[id] === gen) continue;
      if (positional) done = false;
      if (!startsWithLower(text, this.keywords[id]!, at)) {
        done = false;
        continue;
      }
      this.mark(id, at, gen);
    }
    return done;
  }
}

/**
 * Offsets kept per keyword and text (a 256 KB block has at most a few hundred in real text); past
 * it the keyword's rules scan the whole text instead.
 */
const MAX_POSITIONS = 10_000;

/** Bit of a 4-gram (24 bits of classes) in the inline test's map. */
function quickIndex(q: number): number {
  return Math.imul(q, 0x2c1b3c6d) >>> (32 - QUICK_BITS);
}

/**
 * The 64 character classes: case-folded letters, digits, the punctuation keywords are made of,
 * and 0 for everything else (other punctuation, control characters, non-ASCII). A merged class
 * only costs a confirmation, which compares exactly. Indexed by UTF-16 code unit (64 KB, of which
 * the hot loop reads the first 128 bytes), so the loop has no branch for non-ASCII text.
 */
const FOLD = new Uint8Array(65536);
{
  let next = 1;
  for (let c = 97; c <= 122; c++) FOLD[c] = FOLD[c - 32] = next++;
  for (let c = 48; c <= 57; c++) FOLD[c] = next++;
  for (const ch of ` _-.:/=~+$@"'[]{}(),;#!&?%*|<>^\`\\`) if (next < 64) FOLD[ch.charCodeAt(0)] = next++;
}

function setBit(bits: Int32Array, i: number): void {
  bits[i >>> 5] = bits[i >>> 5]! | (1 << (i & 31));
}
function clearBit(bits: Int32Array, i: number): void {
  bits[i >>> 5] = bits[i >>> 5]! & ~(1 << (i & 31));
}
function testBit(bits: Int32Array, i: number): boolean {
  return ((bits[i >>> 5]! >>> (i & 31)) & 1) === 1;
}

/** Whether the first `n` characters of `k` (or all of it) are ASCII. */
function ascii(k: string, n: number): boolean {
  for (let i = 0; i < Math.min(n, k.length); i++) if (k.charCodeAt(i) > 127) return false;
  return true;
}

/** A 6-gram's hash from its 4-gram (24 bits) and the next two classes. */
function sixOf(q: number, c5: number, c6: number): number {
  return Math.imul(q ^ Math.imul((c5 << 6) | c6, 0x85ebca6b), 0x9e3779b1);
}

/** An 8-gram's hash from its 6-gram's and the next two classes. */
function eightOf(six: number, c7: number, c8: number): number {
  return Math.imul(six ^ Math.imul((c7 << 6) | c8, 0xcc9e2d51), 0x1b873593);
}

/** Bit index of a gram (or gram hash) in a 2^GRAM_BITS map. */
function gramIndex(x: number): number {
  return Math.imul(x, 0x9e3779b1) >>> (32 - GRAM_BITS);
}

/** Whether the prefilter can report a keyword's offsets: two characters or more, the first three ASCII. */
export function locatable(k: string): boolean {
  return k.length >= 2 && k.charCodeAt(0) < 128 && k.charCodeAt(1) < 128 && (k.length === 2 || k.charCodeAt(2) < 128);
}

/** ASCII lower-case table for exact confirmation. */
const LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

/** `text.slice(at).toLowerCase().startsWith(k)` for a lower-case keyword, without the copies. */
function startsWithLower(text: string, k: string, at: number): boolean {
  if (at < 0 || at + k.length > text.length) return false;
  for (let j = 0; j < k.length; j++) {
    const c = text.charCodeAt(at + j);
    const want = k.charCodeAt(j);
    if (c < 128) {
      if (LOWER[c] !== want) return false;
    } else if (c !== want && text[at + j]!.toLowerCase() !== k[j]) return false;
  }
  return true;
}
