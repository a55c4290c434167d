/**
 * Whether a head of bytes is a pickle of any protocol, read as the unpickler reads it rather than
 * by a PROTO opcode or a name: `pickle.load` (and torch.load's legacy path) accepts a binary
 * pickle without PROTO (`\x8c\x02os…`) under any file name, and such a file sniffs as plain
 * `binary`. A small stack machine walks the opcodes from the start, keeping only short strings
 * (for STACK_GLOBAL names) and the memo; it is a pickle if it imports an identifier-shaped global
 * and every opcode up to STOP, or to the end of the head, is well-formed with the stack it needs.
 * Random binary data fails within a few bytes (half the byte values are no opcode).
 */

type V = string | null;

const IDENT = /^[A-Za-z_][\w.]{0,200}$/;

/** Fixed-length arguments: opcode → bytes. */
const FIXED: Record<number, number> = { 0x4b: 1, 0x4d: 2, 0x4a: 4, 0x47: 8, 0x71: 1, 0x72: 4, 0x68: 1, 0x6a: 4, 0x82: 1, 0x83: 2, 0x84: 4, 0x80: 1, 0x95: 8 };
/** Length-prefixed arguments: opcode → width of the length. */
const SIZED: Record<number, number> = { 0x8a: 1, 0x8b: 4, 0x55: 1, 0x54: 4, 0x58: 4, 0x8c: 1, 0x8d: 8, 0x42: 4, 0x43: 1, 0x8e: 8, 0x96: 8 };
/** Opcodes that pop `need` items and push `left` (no argument, or an argument already read). */
const EFFECT: Record<number, [number, number]> = {
  0x4e: [0, 1], 0x88: [0, 1], 0x89: [0, 1], 0x29: [0, 1], 0x5d: [0, 1], 0x7d: [0, 1], 0x8f: [0, 1], 0x97: [0, 1],
  0x85: [1, 1], 0x86: [2, 1], 0x87: [3, 1], 0x61: [2, 1], 0x73: [3, 1], 0x52: [2, 1], 0x62: [2, 1], 0x81: [2, 1],
  0x92: [3, 1], 0x51: [1, 1], 0x98: [1, 1], 0x32: [1, 2],
};
/** Opcodes that close a MARK frame: what they leave below it (1 = a new item, 0 = fill the item below). */
const CLOSE: Record<number, number> = { 0x31: 0, 0x74: 1, 0x6c: 1, 0x64: 1, 0x6f: 1, 0x91: 1, 0x65: 0, 0x75: 0, 0x90: 0 };
const TEXT_LINE = new Set([0x49, 0x4c, 0x46, 0x53, 0x56, 0x50, 0x70, 0x67]);

/** IDENT on the bytes `h[from..to)` without making a string (most heads walked are source code). */
export function identBytes(h: Uint8Array, from: number, to: number): boolean {
  if (to <= from || to - from > 201) return false;
  for (let i = from; i < to; i++) {
    const c = h[i]!;
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!letter && (i === from || !((c >= 48 && c <= 57) || c === 46))) return false;
  }
  return true;
}

function le(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[at + i]!;
  return v;
}

export function isBinaryPickle(h: Uint8Array): boolean {
  const stack: V[] = [];
  const marks: number[] = [];
  const memo = new Map<number, V>();
  let imports = 0;
  let i = 0;
  const base = () => (marks.length ? marks[marks.length - 1]! : 0);
  const has = (n: number) => stack.length - base() >= n;
  // Reading past the head ends the walk: what was seen so far decides.
  const cut = () => imports > 0;
  const ascii = (from: number, n: number) => String.fromCharCode(...h.subarray(from, from + n));
  while (i < h.length) {
    const op = h[i]!;
    const at = i + 1;
    if (op === 0x2e) return imports > 0 && has(1);
    if (op === 0x28) {
      marks.push(stack.length);
      i = at;
      continue;
    }
    if (op === 0x30) {
      if (has(1)) stack.pop();
      else if (!marks.length) return false;
      else marks.pop();
      i = at;
      continue;
    }
    if (op in CLOSE) {
      if (!marks.length) return false;
      const start = marks.pop()!;
      if (op === 0x6f && stack.length - start < 1) return false;
      stack.length = start;
      if (CLOSE[op] === 1) stack.push(null);
      else if (op !== 0x31 && !has(1)) return false;
      i = at;
      continue;
    }
    if (op in EFFECT) {
      const [need, left] = EFFECT[op]!;
      if (!has(need)) return false;
      stack.length -= need;
      for (let k = 0; k < left; k++) stack.push(null);
      i = at;
      continue;
    }
    if (op === 0x93) {
      if (!has(2)) return false;
      const name = stack.pop()!;
      const mod = stack.pop()!;
      if (mod === null || name === null || !IDENT.test(mod) || !IDENT.test(name)) return false;
      imports++;
      stack.push(null);
      i = at;
      continue;
    }
    if (op in FIXED) {
      const n = FIXED[op]!;
      if (at + n > h.length) return cut();
      if (op === 0x80 && h[at]! > 5) return false;
      if (op === 0x71 || op === 0x72) {
        if (!has(1)) return false;
        memo.set(le(h, at, n), stack[stack.length - 1]!);
      } else if (op === 0x68 || op === 0x6a) {
        const k = le(h, at, n);
        if (!memo.has(k)) return false;
        stack.push(memo.get(k)!);
      } else if (op !== 0x80 && op !== 0x95) stack.push(null);
      i = at + n;
      continue;
    }
    if (op === 0x94) {
      if (!has(1)) return false;
      memo.set(memo.size, stack[stack.length - 1]!);
      i = at;
      continue;
    }
    if (op in SIZED) {
      const w = SIZED[op]!;
      if (at + w > h.length) return cut();
      const n = le(h, at, w);
      const from = at + w;
      const isStr = op === 0x55 || op === 0x54 || op === 0x58 || op === 0x8c || op === 0x8d;
      stack.push(isStr && n <= 256 && from + n <= h.length ? ascii(from, n) : null);
      if (from + n > h.length) return cut();
      i = from + n;
      continue;
    }
    if (op === 0x63 || op === 0x69) {
      // GLOBAL / INST: module and name lines, identifiers both (checked on the bytes: a source file
      // opening with `import …` comes here and fails on the space).
      const nl1 = h.indexOf(0x0a, at);
      const nl2 = nl1 < 0 ? -1 : h.indexOf(0x0a, nl1 + 1);
      if (nl2 < 0) return cut();
      if (!identBytes(h, at, nl1) || !identBytes(h, nl1 + 1, nl2)) return false;
      imports++;
      if (op === 0x69) {
        if (!marks.length) return false;
        stack.length = marks.pop()!;
      }
      stack.push(null);
      i = nl2 + 1;
      continue;
    }
    if (TEXT_LINE.has(op)) {
      const nl = h.indexOf(0x0a, at);
      if (nl < 0) return cut();
      if (op === 0x70 && !has(1)) return false;
      // A string argument longer than an identifier is only ever compared with IDENT: its first
      // 258 characters give the same answer.
      if (op !== 0x70) stack.push(op === 0x53 || op === 0x56 ? ascii(at, Math.min(nl - at, 258)).replace(/^'(.*)'$/, '$1') : null);
      i = nl + 1;
      continue;
    }
    return false;
  }
  return cut();
}
