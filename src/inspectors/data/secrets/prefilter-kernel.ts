import { Body, encodeModule } from './wasm-encoder.js';

/**
 * The keyword prefilter's inner loop as WebAssembly (see prefilter.ts for the tables it reads).
 * It reads a window of the text's low bytes and writes out the offsets where a keyword may start:
 * the trigram bit is set, the inline 4-gram (or two-character) test passes, and the trigram's slot
 * says the keyword is short or its 4-, 6- or 8-gram is in the table. Confirmation against the text
 * stays in JavaScript: it is a few calls per kilobyte.
 *
 * Why WebAssembly: the same loop in JavaScript ran at ~220 MB/s on the v3 corpus, half of a
 * secrets-only scan's CPU time; the bare trigram loop alone ran at ~470. Compiled WebAssembly keeps
 * the loop's state in registers and reads memory without per-access bounds checks.
 */

/** The inline 4-gram test's map: 2^16 bits, about 1,500 set. */
export const QUICK_BITS = 16;
/** The 4-, 6- and 8-gram tables are 2^16-bit maps (8 KB each). */
export const GRAM_BITS = 16;
/** Trigrams in use, by open addressing: a few hundred of 4,096 slots. */
export const SLOT_BITS = 12;
export const SLOTS = 1 << SLOT_BITS;

/** Byte offsets of the kernel's tables in its memory. */
export const FOLD_AT = 0; // 256 bytes: a byte's character class (prefilter.ts FOLD, low bytes only)
export const TRI_AT = 1024; // 2^18 bits
export const QUICK_AT = TRI_AT + (1 << (18 - 3));
export const PAIR_AT = QUICK_AT + (1 << (QUICK_BITS - 3)); // 2^12 bits
export const QUAD_AT = PAIR_AT + (1 << (12 - 3));
export const HEXA_AT = QUAD_AT + (1 << (GRAM_BITS - 3));
export const OCTA_AT = HEXA_AT + (1 << (GRAM_BITS - 3));
export const SLOT_KEY_AT = OCTA_AT + (1 << (GRAM_BITS - 3)); // Int32 per slot, -1 when free
/** One byte per slot and a sentinel after them (always 0: no class), where a failed probe points. */
export const SLOT_CLS_AT = SLOT_KEY_AT + SLOTS * 4;
/** Candidates of one call: (offset in the window, slot) pairs. */
export const OUT_CAP = 1024;
export const OUT_AT = SLOT_CLS_AT + SLOTS + 1024;
/** The window: two characters of context, the positions scanned, and LOOKAHEAD bytes after them. */
export const TEXT_AT = OUT_AT + OUT_CAP * 8;
export const WINDOW = 256 * 1024;
/** Bytes past the last scanned position the longer grams read (positions i+1 … i+5). */
export const LOOKAHEAD = 8;
const PAGES = Math.ceil((TEXT_AT + 2 + WINDOW + LOOKAHEAD) / 65536);

/** Character-class bits of a slot (prefilter.ts). */
export const SHORT = 1;
export const QUAD = 2;
export const HEXA = 4;
export const OCTA = 8;

export interface PrefilterKernel {
  memory: WebAssembly.Memory;
  /**
   * Scans window positions [from, to) (from ≥ 2) and returns how many candidates it wrote at
   * OUT_AT; OUT_CAP means it stopped there (resume after the last one).
   */
  scan(from: number, to: number): number;
}

// Locals of the scan function: three parameters, then its own.
const FROM = 0;
const TO = 1;
const I = 2;
const H = 3;
const K = 4;
const Q = 5;
const S = 6;
const CLS = 7;
const SIX = 8;
const KEY = 9;
const T = 10;

/** Pushes the class of the window byte at `i + delta` (TEXT_AT + delta must be ≥ 0). */
function foldAt(b: Body, delta: number): Body {
  return b.get(I).load8(TEXT_AT + delta).load8(FOLD_AT);
}

/** Pushes 1 when bit `T` is set in the bitmap at `base`, else 0 (the shift count is taken mod 32). */
function testBit(b: Body, base: number): Body {
  return b.get(T).i32(5).op('shr_u').i32(2).op('shl').load(base).get(T).op('shr_u').i32(1).op('and');
}

/** T = a gram hash's bit index in a 2^bits map (prefilter.ts gramIndex, quickIndex). */
function bitIndex(b: Body, multiplier: number, bits: number): Body {
  return b.i32(multiplier).op('mul').i32(32 - bits).op('shr_u').set(T);
}

function scanBody(): Body {
  const b = new Body();
  // h = the classes of the two characters before `from`.
  b.get(FROM).load8(TEXT_AT - 2).load8(FOLD_AT).i32(6).op('shl').get(FROM).load8(TEXT_AT - 1).load8(FOLD_AT).op('or').set(H);
  b.get(FROM).set(I).i32(0).set(K);
  b.block().loop(); // depth 0: the loop, 1: its exit
  b.get(I).get(TO).op('ge_u').brIf(1);
  b.get(H).i32(6).op('shl');
  foldAt(b, 0).op('or').i32(0x3ffff).op('and').tee(H).set(T);
  testBit(b, TRI_AT).if();
  // The inline 4-gram test, or the two-character keywords' pair bit.
  b.get(H).i32(6).op('shl');
  foldAt(b, 1).op('or').tee(Q);
  bitIndex(b, 0x2c1b3c6d, QUICK_BITS);
  testBit(b, QUICK_AT);
  b.get(H).i32(6).op('shr_u').set(T);
  testBit(b, PAIR_AT).op('or').if();
  // The trigram's slot (open addressing; the sentinel when absent, whose class is 0).
  b.get(H).i32(0x9e3779b1).op('mul').i32(32 - SLOT_BITS).op('shr_u').set(S);
  b.block().loop();
  b.get(S).i32(2).op('shl').load(SLOT_KEY_AT).tee(KEY).get(H).op('eq').brIf(1);
  b.get(KEY).i32(-1).op('eq').if().i32(SLOTS).set(S).br(2).end();
  b.get(S).i32(1).op('add').i32(SLOTS - 1).op('and').set(S).br(0);
  b.end().end();
  b.get(S).load8(SLOT_CLS_AT).set(CLS);
  b.block().block(); // depth 0: accept, 1: skip
  b.get(CLS).i32(SHORT).op('and').brIf(0);
  b.get(CLS).i32(QUAD).op('and').if();
  b.get(Q);
  bitIndex(b, 0x9e3779b1, GRAM_BITS);
  testBit(b, QUAD_AT).brIf(1).end();
  b.get(CLS).i32(HEXA | OCTA).op('and').op('eqz').brIf(1);
  // six = imul(q ^ imul((c5 << 6) | c6, 0x85ebca6b), 0x9e3779b1)
  b.get(Q);
  foldAt(b, 2).i32(6).op('shl');
  foldAt(b, 3).op('or').i32(0x85ebca6b).op('mul').op('xor').i32(0x9e3779b1).op('mul').set(SIX);
  b.get(CLS).i32(HEXA).op('and').if();
  b.get(SIX);
  bitIndex(b, 0x9e3779b1, GRAM_BITS);
  testBit(b, HEXA_AT).brIf(1).end();
  b.get(CLS).i32(OCTA).op('and').op('eqz').brIf(1);
  // eight = imul(six ^ imul((c7 << 6) | c8, 0xcc9e2d51), 0x1b873593)
  b.get(SIX);
  foldAt(b, 4).i32(6).op('shl');
  foldAt(b, 5).op('or').i32(0xcc9e2d51).op('mul').op('xor').i32(0x1b873593).op('mul');
  bitIndex(b, 0x9e3779b1, GRAM_BITS);
  testBit(b, OCTA_AT).brIf(0);
  b.br(1);
  b.end(); // accept: record (i, slot); stop when the output is full
  b.get(K).i32(3).op('shl').get(I).store(OUT_AT);
  b.get(K).i32(3).op('shl').get(S).store(OUT_AT + 4);
  b.get(K).i32(1).op('add').tee(K).i32(OUT_CAP).op('eq').if().get(K).return().end();
  b.end(); // skip
  b.end(); // the 4-gram test
  b.end(); // the trigram test
  b.get(I).i32(1).op('add').set(I).br(0);
  b.end().end();
  b.get(K);
  return b;
}

let compiled: WebAssembly.Module | undefined;

/** A kernel with its own memory (the tables are per keyword set); the module is compiled once per thread. */
export function newPrefilterKernel(): PrefilterKernel {
  compiled ??= new WebAssembly.Module(encodeModule(PAGES, [{ name: 'scan', params: 2, locals: T - 1, body: scanBody() }]));
  const instance = new WebAssembly.Instance(compiled, {});
  const exports = instance.exports as { memory: WebAssembly.Memory; scan: (from: number, to: number) => number };
  return { memory: exports.memory, scan: exports.scan };
}
