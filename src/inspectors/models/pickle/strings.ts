import type { PVal } from './values.js';

/**
 * String decoding for the pickle machine. The hot case is a short SHORT_BINUNICODE / BINUNICODE
 * already in the read buffer: those go through a small cache keyed by their bytes, so a string
 * the stream repeats (dict keys, 'storage', 'cpu', module and class names, vocabularies) is one
 * shared value instead of a fresh string and wrapper per opcode — fewer allocations, and a memo
 * that holds a million references to a few thousand strings instead of a million strings.
 */

/** Node's native slice decoder (what `Buffer#toString` calls after its argument checks). */
type NativeSlices = Buffer & { utf8Slice(start: number, end: number): string };

/** Str values are never mutated after creation (the VM only reads them), so one may be shared. */
type StrVal = Extract<PVal, { t: 'str' }>;

/**
 * Longer strings are rarely repeated (state_dict keys are unique) and hashing them costs more
 * than decoding; measured on the state_dict bench, 16–24 beat 48.
 */
const INTERN_MAX = 24;
const SLOTS = 1 << 12;
/**
 * What an empty slot holds, and what a slot that cannot match is compared against: no bytes
 * equal it (its chars are not bytes), and it is longer than any interned string.
 */
const NO_MATCH = '\uffff'.repeat(INTERN_MAX + 1);
const EMPTY: StrVal = { t: 'str', v: NO_MATCH, len: -1 };
/** Direct-mapped: a collision just replaces the slot, so the cache never grows or needs eviction. */
const cache: StrVal[] = new Array<StrVal>(SLOTS).fill(EMPTY);
/** Each slot's full hash: most misses (unique keys landing on a used slot) end here, before any char compare. */
const hashes = new Int32Array(SLOTS);
/**
 * Hashes of strings seen once and not cached. A string is cached on its second sighting: unique
 * short strings (a checkpoint's storage keys '0'…'199999') would otherwise fill the cache, and
 * every one still in it at a scavenge would be copied, a few hundred KB each time.
 */
const seenOnce = new Int32Array(SLOTS);

/** `buf[from, from + n)` as UTF-8 (caller checked the bounds). */
export function utf8Slice(buf: Buffer, from: number, to: number): string {
  return (buf as NativeSlices).utf8Slice(from, to);
}

/**
 * The str value of `n` UTF-8 bytes at `buf[from]` (caller checked the bounds). Short ASCII
 * strings come from the cache: bytes are hashed and compared in place, so a hit creates nothing.
 *
 * Every statement runs on every call, whatever the string: conditions pick values, they do not
 * skip code. This is inlined into the VM's hot loop, and code there that first runs after V8
 * optimised the loop (the first cache hit, the first long or non-ASCII string, thousands of
 * opcodes in) makes V8 throw the optimised loop away and compile it again.
 */
export function utf8Value(buf: Buffer, from: number, n: number): StrVal {
  const to = from + n;
  // Long or non-ASCII strings are not interned (for non-ASCII, UTF-16 length and bytes differ,
  // so the in-place compare would not hold); the hash loop stops at once for them.
  let intern = n <= INTERN_MAX;
  let h = n;
  for (let i = from; intern && i < to; i++) {
    const b = buf[i]!;
    intern = b < 0x80;
    h = Math.imul(h ^ b, 0x01000193);
  }
  const slot = (h ^ (h >>> 13)) & (SLOTS - 1);
  const hit = cache[slot]!;
  const cached = hit.v!;
  const sameHash = hashes[slot] === h;
  const sameLength = hit.len === n;
  const match = intern && sameHash && sameLength;
  const candidate = match ? cached : NO_MATCH;
  // Every char, no early exit: a mismatch after equal hashes and lengths is a rare collision.
  // One char at least, so the loop body has run before the first real comparison.
  const m = intern ? n : 1;
  let diff = 0;
  for (let i = 0; i < m; i++) diff |= candidate.charCodeAt(i) ^ buf[from + i]!;
  const same = diff === 0;
  if (same && match) return hit;
  const v: StrVal = { t: 'str', v: utf8Slice(buf, from, to), len: n };
  const admit = intern && seenOnce[slot] === h;
  seenOnce[slot] = intern ? h : seenOnce[slot]!;
  cache[slot] = admit ? v : hit;
  hashes[slot] = admit ? h : hashes[slot]!;
  return v;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: false });

export function decodeAscii(b: Uint8Array): string {
  // One flat string: `s += c` would build a rope that keeps every piece alive in the memo.
  if (b.length < 64) return String.fromCharCode.apply(null, b as unknown as number[]);
  return latin1.decode(b);
}

export function decodeUtf8(b: Uint8Array): string {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return utf8.decode(b);
  return decodeAscii(b);
}

/**
 * Minimal `raw-unicode-escape` for protocol 0 UNICODE lines (\uXXXX, \UXXXXXXXX); undefined for a
 * \U escape past U+10FFFF, which CPython refuses (the pickle stops there, after what it already ran).
 */
export function rawUnicodeEscape(b: Uint8Array): string | undefined {
  const s = latin1.decode(b);
  let bad = false;
  const out = s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a: string | undefined, c: string | undefined) => {
    const cp = parseInt((a ?? c)!, 16);
    if (cp <= 0x10ffff) return String.fromCodePoint(cp);
    bad = true;
    return '';
  });
  return bad ? undefined : out;
}

/** Simple escapes of `codecs.escape_decode`, which CPython's STRING opcode applies to its argument. */
const ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

/**
 * Python's `repr`-quoted STRING argument (`'abc'` / `"abc"`) through `codecs.escape_decode`: octal
 * (`\157`, one to three digits) and `\xhh` escapes too — `S'\157s'` is `os` to Python, and read
 * as `157s` it hid `os.system` — and an unknown escape keeps its backslash, as Python's does.
 */
export function unquote(s: string): string {
  const q = s[0];
  if ((q === "'" || q === '"') && s.endsWith(q) && s.length >= 2) s = s.slice(1, -1);
  return s.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|[\s\S]|$)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    return ESCAPES[e] ?? `\\${e}`;
  });
}
