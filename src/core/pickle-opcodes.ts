/**
 * Python's pickle opcodes and how each one's argument is laid out in the stream, from CPython's
 * `pickletools` (its `opcodes` list and ArgumentDescriptors). The one table the readers that walk
 * a pickle without running it share: the models inspector's symbolic machine, the data
 * inspector's string walker and the joblib machine it feeds. Only the opcodes and their argument
 * bytes are here; what an opcode does to a stack, and how a reader gets its bytes (a seekable
 * file that skips payloads unread, or a decompressed chunk stream), stays with each reader.
 */

/** No argument. */
export const ARG_NONE = 0;
/** A fixed-size little-endian number of `PICKLE_ARG_SIZE` bytes (BINFLOAT: a big-endian double). */
export const ARG_FIXED = 1;
/** A little-endian length of `PICKLE_ARG_SIZE` bytes (1, 4 or 8), then that many bytes. */
export const ARG_LEN = 2;
/** One newline-terminated text line (protocol 0). */
export const ARG_LINE = 3;
/** Two newline-terminated lines, module then name (GLOBAL, INST). */
export const ARG_LINE2 = 4;

/** Every opcode by its pickletools name. */
export const OP = {
  MARK: 0x28, STOP: 0x2e, POP: 0x30, POP_MARK: 0x31, DUP: 0x32,
  FLOAT: 0x46, INT: 0x49, BININT: 0x4a, BININT1: 0x4b, LONG: 0x4c, BININT2: 0x4d, NONE: 0x4e,
  PERSID: 0x50, BINPERSID: 0x51, REDUCE: 0x52, STRING: 0x53, BINSTRING: 0x54, SHORT_BINSTRING: 0x55,
  UNICODE: 0x56, BINUNICODE: 0x58, BINFLOAT: 0x47, BINBYTES: 0x42, SHORT_BINBYTES: 0x43,
  EMPTY_LIST: 0x5d, APPEND: 0x61, BUILD: 0x62, GLOBAL: 0x63, DICT: 0x64, APPENDS: 0x65, GET: 0x67,
  BINGET: 0x68, INST: 0x69, LONG_BINGET: 0x6a, LIST: 0x6c, OBJ: 0x6f, PUT: 0x70, BINPUT: 0x71,
  LONG_BINPUT: 0x72, SETITEM: 0x73, TUPLE: 0x74, SETITEMS: 0x75, EMPTY_DICT: 0x7d, EMPTY_TUPLE: 0x29,
  PROTO: 0x80, NEWOBJ: 0x81, EXT1: 0x82, EXT2: 0x83, EXT4: 0x84, TUPLE1: 0x85, TUPLE2: 0x86,
  TUPLE3: 0x87, NEWTRUE: 0x88, NEWFALSE: 0x89, LONG1: 0x8a, LONG4: 0x8b,
  SHORT_BINUNICODE: 0x8c, BINUNICODE8: 0x8d, BINBYTES8: 0x8e, EMPTY_SET: 0x8f, ADDITEMS: 0x90,
  FROZENSET: 0x91, NEWOBJ_EX: 0x92, STACK_GLOBAL: 0x93, MEMOIZE: 0x94, FRAME: 0x95,
  BYTEARRAY8: 0x96, NEXT_BUFFER: 0x97, READONLY_BUFFER: 0x98,
} as const;

export type OpName = keyof typeof OP;

/** Per byte: the layout (an `ARG_*`) of that opcode's argument; -1 for a byte that is no opcode. */
export const PICKLE_ARG_LAYOUT = new Int8Array(256).fill(-1);
/** Per byte: the argument's fixed size (ARG_FIXED) or its length prefix's size (ARG_LEN); else 0. */
export const PICKLE_ARG_SIZE = new Uint8Array(256);
/** Per byte: the opcode's pickletools name. */
export const PICKLE_OPCODE_NAMES: readonly (OpName | undefined)[] = new Array<OpName | undefined>(256).fill(undefined);

/** `pickletools`' argument of each opcode with one: its layout and size. The rest take none. */
const ARGS: Partial<Record<OpName, readonly [layout: number, size: number]>> = {
  PROTO: [ARG_FIXED, 1], BININT1: [ARG_FIXED, 1], BINGET: [ARG_FIXED, 1], BINPUT: [ARG_FIXED, 1], EXT1: [ARG_FIXED, 1],
  BININT2: [ARG_FIXED, 2], EXT2: [ARG_FIXED, 2],
  BININT: [ARG_FIXED, 4], LONG_BINGET: [ARG_FIXED, 4], LONG_BINPUT: [ARG_FIXED, 4], EXT4: [ARG_FIXED, 4],
  BINFLOAT: [ARG_FIXED, 8], FRAME: [ARG_FIXED, 8],
  SHORT_BINSTRING: [ARG_LEN, 1], SHORT_BINUNICODE: [ARG_LEN, 1], SHORT_BINBYTES: [ARG_LEN, 1], LONG1: [ARG_LEN, 1],
  BINSTRING: [ARG_LEN, 4], BINUNICODE: [ARG_LEN, 4], BINBYTES: [ARG_LEN, 4], LONG4: [ARG_LEN, 4],
  BINUNICODE8: [ARG_LEN, 8], BINBYTES8: [ARG_LEN, 8], BYTEARRAY8: [ARG_LEN, 8],
  INT: [ARG_LINE, 0], LONG: [ARG_LINE, 0], STRING: [ARG_LINE, 0], UNICODE: [ARG_LINE, 0], FLOAT: [ARG_LINE, 0],
  GET: [ARG_LINE, 0], PUT: [ARG_LINE, 0], PERSID: [ARG_LINE, 0],
  GLOBAL: [ARG_LINE2, 0], INST: [ARG_LINE2, 0],
};

for (const [name, code] of Object.entries(OP) as [OpName, number][]) {
  const [layout, size] = ARGS[name] ?? [ARG_NONE, 0];
  PICKLE_ARG_LAYOUT[code] = layout;
  PICKLE_ARG_SIZE[code] = size;
  (PICKLE_OPCODE_NAMES as (OpName | undefined)[])[code] = name;
}

/** A length or number in an argument that no pickle can mean (negative, 2^53 or more). */
export class PickleArgError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PickleArgError';
  }
}

/**
 * The little-endian unsigned 64-bit number at `buf[pos]` (8 bytes; the caller checked the bounds),
 * or -1 when it is 2^53 or more: no real stream has a length that large, and a hostile one must
 * not become an inexact float length.
 */
export function uint53At(buf: Uint8Array, pos: number): number {
  const lo = (buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24)) >>> 0;
  const hi = (buf[pos + 4]! | (buf[pos + 5]! << 8) | (buf[pos + 6]! << 16) | (buf[pos + 7]! << 24)) >>> 0;
  return hi > 0x1fffff ? -1 : hi * 0x100000000 + lo;
}

/**
 * The ARG_FIXED argument of `code` at `buf[pos]` (the caller checked the bounds): BININT and EXT4
 * signed, as CPython reads them (`<i`), the other ints unsigned; FRAME's length (-1 from 2^53 on,
 * see `uint53At`); NaN for BINFLOAT, a float no reader here needs.
 */
export function fixedArg(code: number, buf: Uint8Array, pos: number): number {
  switch (PICKLE_ARG_SIZE[code]) {
    case 1:
      return buf[pos]!;
    case 2:
      return buf[pos]! | (buf[pos + 1]! << 8);
    case 4: {
      const v = buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24);
      return code === OP.BININT || code === OP.EXT4 ? v : v >>> 0;
    }
    default:
      return code === OP.FRAME ? uint53At(buf, pos) : NaN;
  }
}

/**
 * The length prefix of an ARG_LEN opcode `code` at `buf[pos]` (PICKLE_ARG_SIZE bytes; the caller
 * checked the bounds). BINSTRING and LONG4 read theirs signed, as CPython does, and a negative one
 * is an error there as here; an 8-byte length of 2^53 or more is one too. `at` is the opcode's
 * offset, for the message. Whether the bytes are there is the caller's to check: it alone knows
 * where its stream ends, and it must skip a long payload rather than allocate it.
 */
export function lengthArg(code: number, buf: Uint8Array, pos: number, at: number): number {
  const w = PICKLE_ARG_SIZE[code];
  if (w === 1) return buf[pos]!;
  if (w === 8) {
    const n = uint53At(buf, pos);
    if (n < 0) throw new PickleArgError(`${PICKLE_OPCODE_NAMES[code]} at byte ${at} claims a length of 2^53 bytes or more`, at);
    return n;
  }
  const v = buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24);
  if (v < 0 && (code === OP.BINSTRING || code === OP.LONG4)) throw new PickleArgError(`${PICKLE_OPCODE_NAMES[code]} at byte ${at} has a negative length (${v})`, at);
  return v >>> 0;
}

/** LONG1 / LONG4's bytes as pickle's `decode_long` reads them: little-endian two's complement. */
export function decodeLong(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b.length > 0 && b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return v;
}
