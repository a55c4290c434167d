import { fmix32 } from './mix.js';

/**
 * The word tokens of a record, as the poisoning analysis sees them: lower-case runs of letters,
 * digits, `_` and `'` (Unicode-aware). A record is tokenised once, into hashes and spans in reused
 * typed arrays: no string per token. A token's string is made only when the vocabulary meets it
 * for the first time (`TokenBuffer.word`).
 */

const TOKEN_RE = /[\p{L}\p{N}_']+/gu;

/**
 * Every token hash starts from a secret drawn per process. The vocabulary, the exact-duplicate
 * index and the record keys are all keyed by these hashes: with a public starting point a hostile
 * dataset could craft tokens that share a hash — merging a trigger token into a common word, or
 * piling records into one hash-table slot (quadratic time). Findings do not depend on the value:
 * ids are given in order of first appearance and MinHash runs over ids.
 */
const SEED = globalThis.crypto.getRandomValues(new Int32Array(1))[0]!;

/** The reference tokeniser (and the fallback for records the char-code pass does not handle). */
export function words(text: string): string[] {
  return text.toLowerCase().match(TOKEN_RE) ?? [];
}

/**
 * UTF-16 code unit → its class for the char-code pass: the lower-case ASCII code of a token char
 * (exactly the ASCII part of `[\p{L}\p{N}_']` after `toLowerCase`, which changes only A–Z), 0 for a
 * separator, NEEDS_REGEX for anything the pass does not decide. Separators past ASCII are
 * no-break space and the General Punctuation block (curly quotes, dashes, ellipsis, zero-width and
 * bidi marks), common in ordinary English text: none is a letter or digit and `toLowerCase` leaves
 * them alone (a test checks both). 64 KiB, of which ordinary text touches the first 128 bytes.
 */
const NEEDS_REGEX = 128;
const CLASS = new Uint8Array(65536).fill(NEEDS_REGEX);
for (let c = 0; c < 128; c++) CLASS[c] = 0;
for (let c = 48; c <= 57; c++) CLASS[c] = c;
for (let c = 97; c <= 122; c++) CLASS[c] = c;
for (let c = 65; c <= 90; c++) CLASS[c] = c + 32;
CLASS[95] = 95;
CLASS[39] = 39;
CLASS[0xa0] = 0;
for (let c = 0x2000; c <= 0x206f; c++) CLASS[c] = 0;

/** Whether the char-code pass treats this non-ASCII code unit as a separator. */
export function isNonAsciiSeparator(c: number): boolean {
  return c >= 128 && CLASS[c] === 0;
}

/**
 * One record's tokens: per token two 32-bit hashes of its lower-case code units (`a` FNV-1a from
 * the secret seed, `b` the multiply-by-31 string hash; together they name the token) and, for text tokenised by code,
 * where it ends. Arrays are reused across records and grow to the longest record seen.
 */
export class TokenBuffer {
  n = 0;
  /** The token sequence's 64-bit key, after `sequenceKey()`. */
  key1 = 0;
  key2 = 0;
  hashA = new Int32Array(256);
  hashB = new Int32Array(256);
  private end = new Int32Array(256);
  private text = '';
  /** The tokens' strings when the record went through the regex (it had other non-ASCII text). */
  private strings: string[] | undefined;

  /** Tokenises `text` into this buffer; returns the token count. */
  tokenize(text: string): number {
    this.text = text;
    this.strings = undefined;
    // Room for a token per four chars before the pass (the pass cannot stop to grow; writes past
    // the end are dropped). Text denser in tokens, up to one per two chars, is read again with room
    // for all: sizing every buffer for the worst case would cost 6 bytes per char of a huge record.
    this.reserve((text.length >> 2) + 2);
    let n = this.byCode(text);
    if (n + 1 >= this.hashA.length) {
      this.reserve((text.length >> 1) + 2);
      n = this.byCode(text);
    }
    if (n >= 0) return (this.n = n);
    return this.byRegex(text);
  }

  /**
   * Sets `key1`/`key2` to a 64-bit key of the token sequence: equal for records with the same
   * tokens in the same order (exact duplicates, whatever their case and punctuation). Even and odd
   * positions go into separate chains: four independent multiply chains instead of two halve the
   * latency per token; rotations carry high bits down.
   */
  sequenceKey(): void {
    const n = this.n;
    const th = this.hashA;
    const tb = this.hashB;
    let k1 = 0x2545f491;
    let k2 = 0x68e31da4;
    let k3 = 0x1b873593;
    let k4 = 0x0bd4bcb5;
    let k = 0;
    for (; k + 1 < n; k += 2) {
      k1 = Math.imul((k1 << 5) | (k1 >>> 27), 0x9e3779b1) ^ th[k]!;
      k2 = Math.imul((k2 << 7) | (k2 >>> 25), 0x85ebca77) ^ tb[k]!;
      k3 = Math.imul((k3 << 5) | (k3 >>> 27), 0x9e3779b1) ^ th[k + 1]!;
      k4 = Math.imul((k4 << 7) | (k4 >>> 25), 0x85ebca77) ^ tb[k + 1]!;
    }
    if (k < n) {
      k1 = Math.imul((k1 << 5) | (k1 >>> 27), 0x9e3779b1) ^ th[k]!;
      k2 = Math.imul((k2 << 7) | (k2 >>> 25), 0x85ebca77) ^ tb[k]!;
    }
    this.key1 = fmix32(k1 ^ Math.imul(k3, 0xcc9e2d51) ^ n);
    this.key2 = fmix32(k2 ^ Math.imul(k4, 0x1b873593) ^ Math.imul(n, 0x27d4eb2d));
  }

  /** The lower-case string of token `k` (allocates; call it for tokens not seen before). */
  word(k: number): string {
    if (this.strings) return this.strings[k]!;
    const end = this.end[k]!;
    let start = end;
    while (start > 0 && CLASS[this.text.charCodeAt(start - 1)]! !== 0) start--;
    const w = this.text.slice(start, end);
    const lower = w.toLowerCase();
    // A long slice keeps the whole record alive (V8 slices share their parent); the vocabulary
    // outlives records, so long words get their own copy.
    return lower.length >= 13 && lower === w ? (' ' + w).slice(1) : lower;
  }

  private reserve(tokens: number): void {
    while (this.hashA.length < tokens) this.grow();
  }

  private grow(): void {
    const cap = this.hashA.length * 2;
    const g = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.hashA = g(this.hashA);
    this.hashB = g(this.hashB);
    this.end = g(this.end);
  }

  /**
   * The char-code pass; -1 when the text needs the Unicode regex. Written without branches on
   * the text: a token boundary every few chars made a branchy loop mispredict once or twice per
   * token, which cost more than the hashing. Every char writes the current token's state at slot n,
   * and n moves on only where a token ends; a separator resets the hashes (to the seed and 0).
   */
  private byCode(text: string): number {
    const ha = this.hashA;
    const hb = this.hashB;
    const ends = this.end;
    // A local alias: a module-level binding is re-read (and checked for initialisation) per use.
    const cls = CLASS;
    const seed = SEED;
    let n = 0;
    let a = seed;
    let b = 0;
    let prev = 0;
    let seen = 0;
    const len = text.length;
    for (let i = 0; i < len; i++) {
      const t = cls[text.charCodeAt(i)]!;
      seen |= t;
      const inToken = (t + 127) >>> 7;
      ha[n] = a;
      hb[n] = b;
      ends[n] = i;
      n += prev & (inToken ^ 1);
      const keep = -inToken;
      a = (Math.imul(a ^ t, 0x01000193) & keep) | (seed & ~keep);
      b = ((b << 5) - b + t) & keep;
      prev = inToken;
    }
    if (seen >= NEEDS_REGEX) return -1;
    ha[n] = a;
    hb[n] = b;
    ends[n] = len;
    return n + prev;
  }

  /** Tokens from the reference regex, hashed the same way as the char-code pass. */
  private byRegex(text: string): number {
    const ws = words(text);
    this.reserve(ws.length);
    for (let k = 0; k < ws.length; k++) {
      const w = ws[k]!;
      let a = SEED;
      let b = 0;
      for (let i = 0; i < w.length; i++) {
        const c = w.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = (b << 5) - b + c;
      }
      this.hashA[k] = a;
      this.hashB[k] = b | 0;
    }
    this.strings = ws;
    this.n = ws.length;
    return ws.length;
  }
}
