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
 * Records of up to SCRATCH_CHARS UTF-16 units (nearly all) are read in these arrays, shared by
 * every buffer of the thread (a buffer's contents are valid until the next `tokenize` by any
 * buffer: callers read them in the same synchronous step). The char-code pass over module-level
 * constants is compiled with their addresses and lengths built in, where arrays read from the
 * buffer held four more registers in a loop that already had too few: the pass took 27 ms on the
 * bench corpus's records with the buffer's own arrays and `charCodeAt`, 19 ms with these (and 23
 * with these and `charCodeAt`, see `writeUnits`). 256 KiB in all.
 */
const SCRATCH_CHARS = 1 << 15;
const scratchUnits = new Uint16Array(SCRATCH_CHARS);
const scratchBytes = Buffer.from(scratchUnits.buffer);
// A token takes a char and its separator: at most one per two chars, and a slot past the last.
const scratchA = new Int32Array((SCRATCH_CHARS >> 1) + 2);
const scratchB = new Int32Array(scratchA.length);
const scratchEnd = new Int32Array(scratchA.length);

const BIG_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 0;

/**
 * Copies a text's code units into the bytes of a Uint16Array (room for all of them). One native
 * copy and typed-array reads cost less than `charCodeAt` per char, which in optimised code checks
 * the string's representation on every call: records are slices of their line (CSV) or
 * concatenations of their messages (JSONL).
 */
function writeUnits(bytes: Buffer, text: string): void {
  const written = bytes.write(text, 0, 'utf16le');
  // A Uint16Array reads in the machine's byte order.
  if (BIG_ENDIAN) bytes.subarray(0, written).swap16();
}

/**
 * One record's tokens: per token two 32-bit hashes of its lower-case code units (`a` FNV-1a from
 * the secret seed, `b` the multiply-by-31 string hash; together they name the token) and, for text
 * tokenised by code, where it ends — found only when a token's string is asked for (`word`), in a
 * pass of its own. Most records are read in the thread's scratch arrays (valid until the next
 * `tokenize` of any buffer); a longer one in the buffer's own, which grow to the longest seen.
 */
export class TokenBuffer {
  n = 0;
  /** The token sequence's 64-bit key, after `sequenceKey()`. */
  key1 = 0;
  key2 = 0;
  /**
   * With `key2`, a key made of the unseeded hashes alone (`b`), so the same in every thread and
   * run: what records of files read on different workers are compared by (cross-file-duplicates.ts).
   */
  key3 = 0;
  /** The current record's token arrays: the shared scratch arrays, or this buffer's own for a long record. */
  hashA = scratchA;
  hashB = scratchB;
  private end = scratchEnd;
  /** Arrays for records longer than SCRATCH_CHARS: grown to the longest such record seen. */
  private ownA = new Int32Array(0);
  private ownB = new Int32Array(0);
  private ownEnd = new Int32Array(0);
  private units = new Uint16Array(0);
  private unitBytes = Buffer.alloc(0);
  private text = '';
  /** Whether `end` holds the current record's token ends (`word` finds them on its first call). */
  private endsFound = false;
  /** The tokens' strings when the record went through the regex (it had other non-ASCII text). */
  private strings: string[] | undefined;

  /** Tokenises `text` into this buffer; returns the token count. */
  tokenize(text: string): number {
    this.text = text;
    this.strings = undefined;
    this.endsFound = false;
    const n = text.length <= SCRATCH_CHARS ? this.byScratch(text) : this.byOwn(text);
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
    this.key3 = fmix32(k4 ^ Math.imul(k2, 0x85ebca6b) ^ Math.imul(n, 0x165667b1));
  }

  /** The lower-case string of token `k` (allocates; call it for tokens not seen before). */
  word(k: number): string {
    if (this.strings) return this.strings[k]!;
    if (!this.endsFound) this.findEnds();
    const end = this.end[k]!;
    let start = end;
    while (start > 0 && CLASS[this.text.charCodeAt(start - 1)]! !== 0) start--;
    const w = this.text.slice(start, end);
    const lower = w.toLowerCase();
    // A long slice keeps the whole record alive (V8 slices share their parent); the vocabulary
    // outlives records, so long words get their own copy.
    return lower.length >= 13 && lower === w ? (' ' + w).slice(1) : lower;
  }

  /**
   * Writes every token's end, from the code units the char-code pass read (still in place: `word`
   * is called before the next `tokenize`). Apart from that pass because only records with a word
   * the vocabulary has not seen need it, and few do past a dataset's first rows: a third store per
   * char there took the tokeniser from 25 to 36 ms on the bench corpus's records.
   */
  private findEnds(): void {
    const len = this.text.length;
    tokenEnds(len <= SCRATCH_CHARS ? scratchUnits : this.units, this.end, len);
    this.endsFound = true;
  }

  private byScratch(text: string): number {
    this.hashA = scratchA;
    this.hashB = scratchB;
    this.end = scratchEnd;
    writeUnits(scratchBytes, text);
    return byCode(scratchUnits, scratchA, scratchB, text.length);
  }

  /**
   * A record longer than the scratch arrays, in this buffer's own. Room for a token per four chars
   * before the pass (the pass cannot stop to grow; writes past the end are dropped). Text denser in
   * tokens, up to one per two chars, is read again with room for all: sizing every buffer for the
   * worst case would cost 6 bytes per char of a huge record.
   */
  private byOwn(text: string): number {
    if (this.units.length < text.length) {
      this.units = new Uint16Array(text.length);
      this.unitBytes = Buffer.from(this.units.buffer);
    }
    writeUnits(this.unitBytes, text);
    this.reserve((text.length >> 2) + 2);
    let n = byCode(this.units, this.hashA, this.hashB, text.length);
    if (n + 1 >= this.hashA.length) {
      this.reserve((text.length >> 1) + 2);
      n = byCode(this.units, this.hashA, this.hashB, text.length);
    }
    return n;
  }

  /** Token arrays with room for `tokens` (the current ones, or this buffer's own, grown). */
  private reserve(tokens: number): void {
    if (this.hashA.length >= tokens) return;
    if (this.ownA.length < tokens) {
      let cap = Math.max(256, this.ownA.length);
      while (cap < tokens) cap *= 2;
      this.ownA = new Int32Array(cap);
      this.ownB = new Int32Array(cap);
      this.ownEnd = new Int32Array(cap);
    }
    this.hashA = this.ownA;
    this.hashB = this.ownB;
    this.end = this.ownEnd;
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

/**
 * The char-code pass; -1 when the text needs the Unicode regex. Written without branches on
 * the text: a token boundary every few chars made a branchy loop mispredict once or twice per
 * token, which cost more than the hashing. Every char writes the current token's state at slot n,
 * and n moves on only where a token ends; a separator resets the hashes (to the seed and 0).
 * Reads `units[0..len)` and writes token k's hashes at k. A function apart from the class,
 * called with the scratch arrays from one place: inlined there, it is compiled for them.
 */
function byCode(units: Uint16Array, ha: Int32Array, hb: Int32Array, len: number): number {
  // A local alias: a module-level binding is re-read (and checked for initialisation) per use.
  const cls = CLASS;
  const seed = SEED;
  let n = 0;
  let a = seed;
  let b = 0;
  let prev = 0;
  let seen = 0;
  for (let i = 0; i < len; i++) {
    const t = cls[units[i]!]!;
    seen |= t;
    const inToken = (t + 127) >>> 7;
    ha[n] = a;
    hb[n] = b;
    n += prev & (inToken ^ 1);
    const keep = -inToken;
    a = (Math.imul(a ^ t, 0x01000193) & keep) | (seed & ~keep);
    b = ((b << 5) - b + t) & keep;
    prev = inToken;
  }
  if (seen >= NEEDS_REGEX) return -1;
  ha[n] = a;
  hb[n] = b;
  return n + prev;
}

/**
 * Token k's end at `ends[k]`, as `byCode` splits `units[0..len)` (text it read: no unit needs the
 * regex). The same branch-free walk without the hashes.
 */
function tokenEnds(units: Uint16Array, ends: Int32Array, len: number): void {
  const cls = CLASS;
  let n = 0;
  let prev = 0;
  for (let i = 0; i < len; i++) {
    const inToken = (cls[units[i]!]! + 127) >>> 7;
    ends[n] = i;
    n += prev & (inToken ^ 1);
    prev = inToken;
  }
  ends[n] = len;
}
