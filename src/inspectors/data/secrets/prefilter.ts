/**
 * Case-insensitive multi-keyword search in one pass: the last three characters, lower-cased
 * through a table, form a 21-bit trigram that indexes a bitmap; a keyword is confirmed only where
 * a trigram starts one. No lower-cased copy of the text, no per-position Map lookup.
 *
 * Two kinds of keyword: "presence" keywords only need to be seen once per text (their trigram is
 * switched off once all its keywords are found, so a common one costs one table read after that),
 * and "positional" keywords are reported at every occurrence (a rule anchored on them is tried
 * there, and only there).
 */
export class KeywordPrefilter {
  /** Distinct keywords, lower case, by id. */
  readonly keywords: string[];
  private readonly positional: Uint8Array;
  private readonly byTri = new Map<number, number[]>();
  /**
   * Per trigram, which keyword lengths start with it: SHORT (≤ 3 characters, or non-ASCII within
   * the first eight: confirmed at once), QUAD (4–5: the 4-gram must be in `quadTable` first), HEXA
   * (6–7: the 6-gram in `hexaTable`), OCTA (8+: the 8-gram in `octaTable`). Prose trigrams such as
   * "dat", "acc", "sys" start many words and few keywords; the longer gram turns most of those hits
   * away with a few table reads ("system" is a word, "system_a" is not).
   */
  private readonly triTable = new Uint8Array(1 << 21);
  private readonly quadTable = new Uint8Array(1 << 20);
  private readonly hexaTable = new Uint8Array(1 << 20);
  private readonly octaTable = new Uint8Array(1 << 20);
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

  constructor(keywords: readonly string[], positional: readonly boolean[]) {
    this.keywords = keywords.map((k) => k.toLowerCase());
    // Offsets in a lower-cased copy can drift from the text's (some letters change length), so
    // keywords found that way only ever report presence.
    this.positional = Uint8Array.from(positional, (p, id) => (p && locatable(this.keywords[id]!) ? 1 : 0));
    this.seenGen = new Int32Array(keywords.length);
    this.positions = keywords.map(() => []);
    this.keywords.forEach((k, id) => {
      if (!locatable(k)) {
        this.oddKeywords.push(id);
        return;
      }
      const a = fold(k.charCodeAt(0));
      const b = fold(k.charCodeAt(1));
      const c = fold(k.charCodeAt(2));
      if (k.length === 2) {
        // Under every trigram it starts, so the hot loop has one table to read, not two.
        this.pairKeywords.push(id);
        for (let x = 0; x < 128; x++) {
          this.triTable[(a << 14) | (b << 7) | x] = this.triTable[(a << 14) | (b << 7) | x]! | SHORT;
          push(this.byTri, (a << 14) | (b << 7) | x, id);
        }
        return;
      }
      const tri = (a << 14) | (b << 7) | c;
      let cls = SHORT;
      if (k.length >= 4 && ascii(k, 8)) {
        const q = (tri << 7) | fold(k.charCodeAt(3));
        const r = (fold(k.charCodeAt(4)) << 7) | fold(k.charCodeAt(5));
        if (k.length < 6) {
          cls = QUAD;
          this.quadTable[quadHash(q)] = 1;
        } else if (k.length < 8) {
          cls = HEXA;
          this.hexaTable[hexaHash(q, r)] = 1;
        } else {
          cls = OCTA;
          this.octaTable[octaHash(hexaHash(q, r), (fold(k.charCodeAt(6)) << 7) | fold(k.charCodeAt(7)))] = 1;
        }
      }
      this.triTable[tri] = this.triTable[tri]! | cls;
      push(this.byTri, tri, id);
    });
  }

  /** Offsets of a positional keyword found by the last `scan` (ascending). */
  positionsOf(id: number): readonly number[] {
    return this.seenGen[id] === this.gen ? this.positions[id]! : [];
  }

  /** Finds the keywords in `text`; read the results from `seen` and `positionsOf`. */
  scan(text: string): void {
    const gen = ++this.gen;
    this.seen.length = 0;
    const tri = this.triTable;
    const n = text.length;
    // Trigrams whose keywords are all presence keywords, all found, are switched off for the rest
    // of this call (and restored after).
    const off: number[] = [];
    const offVal: number[] = [];
    let h = 0;
    try {
      for (let i = 0; i < n; i++) {
        const raw = text.charCodeAt(i);
        // (c | 0x20) & 0x7f folds ASCII upper case to lower without a branch or a table; the few
        // other characters it merges (`_` with DEL, `[` with `{`, non-ASCII with something) only
        // cost a confirmation, which compares exactly.
        h = ((h << 7) | ((raw | 0x20) & 0x7f)) & 0x1fffff;
        const v = tri[h]!;
        if (v === 0 || i < 2) continue;
        if ((v & SHORT) === 0 && !this.longerGram(v, h, text, i)) continue;
        if (this.confirm(this.byTri.get(h)!, text, i - 2, gen)) {
          tri[h] = 0;
          off.push(h);
          offVal.push(v);
        }
      }
    } finally {
      for (let k = 0; k < off.length; k++) tri[off[k]!] = offVal[k]!;
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

  /** Whether the 4-, 6- or 8-gram starting at `i - 2` may begin a keyword of trigram class `v`. */
  private longerGram(v: number, h: number, text: string, i: number): boolean {
    const q = (h << 7) | lowerAt(text, i + 1);
    if ((v & QUAD) !== 0 && this.quadTable[quadHash(q)] === 1) return true;
    if ((v & (HEXA | OCTA)) === 0) return false;
    const six = hexaHash(q, (lowerAt(text, i + 2) << 7) | lowerAt(text, i + 3));
    if ((v & HEXA) !== 0 && this.hexaTable[six] === 1) return true;
    return (v & OCTA) !== 0 && this.octaTable[octaHash(six, (lowerAt(text, i + 4) << 7) | lowerAt(text, i + 5))] === 1;
  }

  private mark(id: number, at: number, gen: number): void {
    if (this.seenGen[id] !== gen) {
      this.seenGen[id] = gen;
      this.seen.push(id);
      this.positions[id]!.length = 0;
    }
    if (this.positional[id] === 1) this.positions[id]!.push(at);
  }

  /** Confirms the keywords starting at `at`; true when every keyword of the list is done for this text. */
  private confirm(ids: number[], text: string, at: number, gen: number): boolean {
    let done = true;
    for (const id of ids) {
      const positional = this.positional[id] === 1;
      if (!positional && this.seenGen[id] === gen) continue;
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

const SHORT = 1;
const QUAD = 2;
const HEXA = 4;
const OCTA = 8;

/** Whether the first `n` characters of `k` (or all of it) are ASCII. */
function ascii(k: string, n: number): boolean {
  for (let i = 0; i < Math.min(n, k.length); i++) if (k.charCodeAt(i) > 127) return false;
  return true;
}

/** Folded code at `i` (see the hot loop); 0 past the end. */
function lowerAt(text: string, i: number): number {
  return i < text.length ? (text.charCodeAt(i) | 0x20) & 0x7f : 0;
}

/** The fold the hot loop applies, for building the tables from lower-case keywords. */
function fold(c: number): number {
  return (c | 0x20) & 0x7f;
}

/** 20-bit table index of a packed 4-gram (28 bits). */
function quadHash(q: number): number {
  return Math.imul(q, 0x9e3779b1) >>> 12;
}

/** 20-bit table index of a 6-gram: the packed 4-gram and the next two characters (14 bits). */
function hexaHash(q: number, r: number): number {
  return Math.imul(q ^ Math.imul(r, 0x85ebca6b), 0x9e3779b1) >>> 12;
}

/** 20-bit table index of an 8-gram: the 6-gram's index and the next two characters. */
function octaHash(six: number, r: number): number {
  return Math.imul(six ^ Math.imul(r, 0xcc9e2d51), 0x1b873593) >>> 12;
}

/** Whether the prefilter can report a keyword's offsets: two characters or more, the first three ASCII. */
export function locatable(k: string): boolean {
  return k.length >= 2 && k.charCodeAt(0) < 128 && k.charCodeAt(1) < 128 && (k.length === 2 || k.charCodeAt(2) < 128);
}

/** ASCII lower-case table; NUL marks "not ASCII" in the trigram (no keyword contains NUL). */
const LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

function push(m: Map<number, number[]>, key: number, id: number): void {
  const list = m.get(key);
  if (list) list.push(id);
  else m.set(key, [id]);
}

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
