import { KeyCache } from './key-cache.js';
import { fmix32 } from './mix.js';
import { CLASS, NEEDS_REGEX, words } from './tokens.js';

/**
 * Secrets the key lanes start from and mix into every word, drawn per process: with public
 * constants a hostile dataset could craft two different records that share a key (hiding one
 * behind the other as its "copy"). Findings do not depend on the values: groups are numbered in
 * order of first appearance.
 */
const SECRET = globalThis.crypto.getRandomValues(new Int32Array(4));

/**
 * A record's exact-duplicate key: 64 bits of its token sequence (equal for records with the same
 * tokens in the same order, whatever their case and punctuation), computed for every record, so
 * built for speed. The text is encoded to bytes natively (ASCII in one copy), then one branchless
 * pass over the bytes writes the sequence in place as its canonical byte stream — each token's
 * lower-case chars followed by one 0 — and the stream is hashed four bytes at a time in four
 * independent multiply chains. Hashing per char (or per token, then per sequence) is a serial
 * chain of one multiply per char; the stream is about as long as the text, the multiplies are a
 * quarter of it and run side by side.
 *
 * Two different token sequences share a key with odds ~2^-64 per pair: they would be counted as
 * one record (the same risk any 64-bit content key takes). Each lane mixes every word through a
 * secret before its multiply, so collisions cannot be crafted without the process' secrets.
 */
export class RecordKey {
  k1 = 0;
  k2 = 0;
  /** The canonical stream; `words32` views the same memory (the hash reads it a word at a time). */
  private bytes = new Uint8Array(1024);
  private words32 = new Int32Array(this.bytes.buffer);
  private view = Buffer.from(this.bytes.buffer);
  private readonly encoder = new TextEncoder();
  private readonly cache = new KeyCache();
  /** Tokens counted by the last pass. */
  private n = 0;
  /**
   * Length of the last text's stream when it is in `stream` and all ASCII (the text was not
   * cached and needed no regex), else -1: a record seen for the first time is then tokenised
   * from its stream rather than from its text again.
   */
  streamLength = -1;

  /** The canonical stream of the last text (bytes [0, streamLength)), valid until the next `of`. */
  get stream(): Uint8Array {
    return this.bytes;
  }

  /** Sets `k1`/`k2` to the key of text's token sequence; returns its token count. */
  of(text: string): number {
    const cache = this.cache;
    this.streamLength = -1;
    if (cache.find(text)) {
      this.k1 = cache.key1;
      this.k2 = cache.key2;
      return cache.tokens;
    }
    const len = text.length;
    // The stream is at most the text and a trailing 0; the hash reads up to three bytes past it.
    this.reserve(len + 4);
    const done = this.encoder.encodeInto(text, this.bytes);
    if (done.read === len && done.written === len) {
      // The copy is made before the pass overwrites the bytes.
      const copy = cache.fits(len) ? this.view.toString('latin1', 0, len) : undefined;
      this.streamLength = this.fromBytes(len);
      this.hash(this.streamLength, this.n);
      if (copy !== undefined) cache.store(copy, this.k1, this.k2, this.n);
      return this.n;
    }
    let end = this.fromChars(text);
    this.streamLength = end;
    if (end < 0) end = this.fromWords(words(text));
    this.hash(end, this.n);
    return this.n;
  }

  /** The stream, in place, from `len` ASCII bytes; returns its length. */
  private fromBytes(len: number): number {
    const b = this.bytes;
    const cls = CLASS;
    let j = 0;
    let prev = 0;
    let n = 0;
    // Every byte is written at j (j ≤ i: in place); j moves on past a token char and past the
    // first separator after a token, so runs of separators become one 0 and leading ones none.
    for (let i = 0; i < len; i++) {
      const c = cls[b[i]!]!;
      const inToken = (c + 127) >>> 7;
      b[j] = c;
      j += inToken | prev;
      n += prev & (inToken ^ 1);
      prev = inToken;
    }
    return this.close(j, n, prev);
  }

  /** As `fromBytes`, for text with non-ASCII chars; -1 when some char needs the regex. */
  private fromChars(text: string): number {
    const b = this.bytes;
    const cls = CLASS;
    let j = 0;
    let prev = 0;
    let n = 0;
    let seen = 0;
    const len = text.length;
    for (let i = 0; i < len; i++) {
      const c = cls[text.charCodeAt(i)]!;
      seen |= c;
      const inToken = (c + 127) >>> 7;
      b[j] = c;
      j += inToken | prev;
      n += prev & (inToken ^ 1);
      prev = inToken;
    }
    if (seen >= NEEDS_REGEX) return -1;
    return this.close(j, n, prev);
  }

  /**
   * The stream of tokens the regex found. Their code units past ASCII are written as three bytes
   * of 0x80 | 7 bits: ASCII tokens come out as on the byte pass, and no two sequences share a stream.
   */
  private fromWords(ws: string[]): number {
    let size = 4;
    for (const w of ws) size += 3 * w.length + 1;
    this.reserve(size);
    const b = this.bytes;
    let j = 0;
    for (const w of ws) {
      for (let i = 0; i < w.length; i++) {
        const c = w.charCodeAt(i);
        if (c < 128) b[j++] = c;
        else {
          b[j++] = 0x80 | (c >>> 14);
          b[j++] = 0x80 | ((c >>> 7) & 0x7f);
          b[j++] = 0x80 | (c & 0x7f);
        }
      }
      b[j++] = 0;
    }
    return this.close(j, ws.length, 0);
  }

  /** Ends the last token (when the text ended inside one) and zeroes the hash's overhang. */
  private close(j: number, n: number, inToken: number): number {
    const b = this.bytes;
    b[j] = 0;
    j += inToken;
    this.n = n + inToken;
    b[j] = 0;
    b[j + 1] = 0;
    b[j + 2] = 0;
    return j;
  }

  /**
   * Hashes bytes [0, len) and a token count into `k1`/`k2`: even words into lanes a and b, odd ones into c and d (four
   * chains in flight). A lane xors the word with its secret before a multiply, so how a word's
   * bits carry depends on the secret; the rotations carry high bits down.
   */
  private hash(len: number, tokens: number): void {
    const w = this.words32;
    const nw = (len + 3) >>> 2;
    const s0 = SECRET[0]!;
    const s1 = SECRET[1]!;
    const s2 = SECRET[2]!;
    const s3 = SECRET[3]!;
    let a = s1;
    let b = s2;
    let c = s3;
    let d = s0;
    let k = 0;
    for (; k + 1 < nw; k += 2) {
      const x = w[k]!;
      const y = w[k + 1]!;
      a = Math.imul((a << 13) | (a >>> 19), 0x9e3779b1) ^ Math.imul(x ^ s0, 0xcc9e2d51);
      b = Math.imul((b << 17) | (b >>> 15), 0x85ebca77) ^ Math.imul(x ^ s1, 0x1b873593);
      c = Math.imul((c << 13) | (c >>> 19), 0x9e3779b1) ^ Math.imul(y ^ s2, 0xcc9e2d51);
      d = Math.imul((d << 17) | (d >>> 15), 0x85ebca77) ^ Math.imul(y ^ s3, 0x1b873593);
    }
    if (k < nw) {
      const x = w[k]!;
      a = Math.imul((a << 13) | (a >>> 19), 0x9e3779b1) ^ Math.imul(x ^ s0, 0xcc9e2d51);
      b = Math.imul((b << 17) | (b >>> 15), 0x85ebca77) ^ Math.imul(x ^ s1, 0x1b873593);
    }
    this.k1 = fmix32(a ^ Math.imul(c ^ len, 0x27d4eb2d));
    this.k2 = fmix32(b ^ Math.imul(d ^ tokens, 0x165667b1));
  }

  private reserve(size: number): void {
    if (size <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < size) cap *= 2;
    this.bytes = new Uint8Array(cap);
    this.words32 = new Int32Array(this.bytes.buffer);
    this.view = Buffer.from(this.bytes.buffer);
  }
}
