/** Sets, a power of two, of WAYS entries each. */
const BITS = 13;
const WAYS = 4;
/** Texts longer than this are not cached (their own pass dwarfs a lookup). */
const MAX_TEXT = 4096;
/** Chars all cached texts may hold together (one byte each: ASCII). */
const BUDGET = 16 << 20;

/**
 * Recently seen record texts → their record keys. Datasets repeat records verbatim (templates,
 * copies, the duplicates this analysis reports): a text met again skips encoding and the pass
 * that builds its token stream. Lookup is by a hash of the text's length and a few of its chars
 * (cheap to read, no pass over the text) and confirmed by comparing the whole text with the cached
 * copy: a hit is exact, whatever the hash. Sets of four entries, newest first; a miss only costs
 * the pass. Memory is bounded: short texts only, and a budget for all of them.
 */
export class KeyCache {
  private readonly tags = new Int32Array(WAYS << BITS);
  private readonly texts: string[] = new Array<string>(WAYS << BITS).fill('');
  /** Per entry: record key halves and token count + 1 (0: empty). */
  private readonly keys = new Int32Array((3 * WAYS) << BITS);
  private chars = 0;
  /** The entry found by the last `find`, or the first of the set it missed in. */
  private at = 0;
  private tag = 0;

  /** Whether `text` is cached; when it is, `key1`/`key2`/`tokens` read its entry. */
  find(text: string): boolean {
    const len = text.length;
    if (len > MAX_TEXT) return false;
    let h = Math.imul(len, 0x9e3779b1);
    if (len > 0) {
      // Ends, middle and quarters: texts that differ usually differ there; when they do not,
      // the compare below tells them apart.
      h = Math.imul(h ^ text.charCodeAt(0), 0x85ebca77) ^ text.charCodeAt(len - 1);
      h = Math.imul(h ^ text.charCodeAt(len >> 1), 0x85ebca77) ^ text.charCodeAt(len >> 2);
      h = Math.imul(h ^ text.charCodeAt((3 * len) >> 2), 0x85ebca77) ^ text.charCodeAt(len >> 3);
      h = Math.imul(h ^ text.charCodeAt(len - 1 - (len >> 3)), 0x85ebca77);
    }
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h ^= h >>> 12;
    this.tag = h;
    const set = (h >>> (32 - BITS)) * WAYS;
    const tags = this.tags;
    const texts = this.texts;
    for (let e = set; e < set + WAYS; e++) {
      if (tags[e] === h && texts[e] === text && this.keys[3 * e + 2] !== 0) {
        this.at = e;
        return true;
      }
    }
    this.at = set;
    return false;
  }

  get key1(): number {
    return this.keys[3 * this.at]!;
  }

  get key2(): number {
    return this.keys[3 * this.at + 1]!;
  }

  get tokens(): number {
    return this.keys[3 * this.at + 2]! - 1;
  }

  /** Whether the text `find` missed last may be stored (short enough, and within the budget). */
  fits(len: number): boolean {
    return len <= MAX_TEXT && this.chars + len <= BUDGET;
  }

  /**
   * Caches `copy` (the text `find` missed last, as a string of its own: the text itself may be a
   * slice that keeps a whole block alive) first in its set; the oldest entry goes.
   */
  store(copy: string, k1: number, k2: number, tokens: number): void {
    const e = this.at;
    const last = e + WAYS - 1;
    const tags = this.tags;
    const texts = this.texts;
    const keys = this.keys;
    this.chars += copy.length - texts[last]!.length;
    for (let x = last; x > e; x--) {
      tags[x] = tags[x - 1]!;
      texts[x] = texts[x - 1]!;
      keys[3 * x] = keys[3 * x - 3]!;
      keys[3 * x + 1] = keys[3 * x - 2]!;
      keys[3 * x + 2] = keys[3 * x - 1]!;
    }
    tags[e] = this.tag;
    texts[e] = copy;
    keys[3 * e] = k1;
    keys[3 * e + 1] = k2;
    keys[3 * e + 2] = tokens + 1;
  }
}
