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
  private readonly triTable = new Uint8Array(1 << 21);
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
      const a = k.charCodeAt(0);
      const b = k.charCodeAt(1);
      const c = k.charCodeAt(2);
      if (k.length === 2) {
        // Under every trigram it starts, so the hot loop has one table to read, not two.
        this.pairKeywords.push(id);
        for (let x = 0; x < 128; x++) {
          this.triTable[(a << 14) | (b << 7) | x] = 1;
          push(this.byTri, (a << 14) | (b << 7) | x, id);
        }
        return;
      }
      const tri = (a << 14) | (b << 7) | c;
      this.triTable[tri] = 1;
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
    let h = 0;
    try {
      for (let i = 0; i < n; i++) {
        const raw = text.charCodeAt(i);
        h = ((h << 7) | (raw < 128 ? LOWER[raw]! : 0)) & 0x1fffff;
        if (tri[h] === 0 || i < 2) continue;
        if (this.confirm(this.byTri.get(h)!, text, i - 2, gen)) {
          tri[h] = 0;
          off.push(h);
        }
      }
    } finally {
      for (const t of off) tri[t] = 1;
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
