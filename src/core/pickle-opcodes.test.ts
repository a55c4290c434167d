import { describe, expect, it } from 'vitest';
import { ARG_FIXED, ARG_LEN, ARG_LINE, ARG_LINE2, ARG_NONE, decodeLong, fixedArg, lengthArg, OP, PickleArgError, PICKLE_ARG_LAYOUT, PICKLE_ARG_SIZE, PICKLE_OPCODE_NAMES, uint53At } from './pickle-opcodes.js';

/**
 * CPython's `pickletools.opcodes` as `name:code:argument descriptor` (printed by
 * `' '.join(f'{o.name}:{ord(o.code):02x}:{o.arg.name if o.arg else "-"}' for o in pickletools.opcodes)`):
 * the table is checked against pickletools' own descriptor names, not against itself.
 */
const PICKLETOOLS = `INT:49:decimalnl_short BININT:4a:int4 BININT1:4b:uint1 BININT2:4d:uint2 LONG:4c:decimalnl_long LONG1:8a:long1
LONG4:8b:long4 STRING:53:stringnl BINSTRING:54:string4 SHORT_BINSTRING:55:string1 BINBYTES:42:bytes4
SHORT_BINBYTES:43:bytes1 BINBYTES8:8e:bytes8 BYTEARRAY8:96:bytearray8 NEXT_BUFFER:97:- READONLY_BUFFER:98:-
NONE:4e:- NEWTRUE:88:- NEWFALSE:89:- UNICODE:56:unicodestringnl SHORT_BINUNICODE:8c:unicodestring1
BINUNICODE:58:unicodestring4 BINUNICODE8:8d:unicodestring8 FLOAT:46:floatnl BINFLOAT:47:float8
EMPTY_LIST:5d:- APPEND:61:- APPENDS:65:- LIST:6c:- EMPTY_TUPLE:29:- TUPLE:74:- TUPLE1:85:- TUPLE2:86:-
TUPLE3:87:- EMPTY_DICT:7d:- DICT:64:- SETITEM:73:- SETITEMS:75:- EMPTY_SET:8f:- ADDITEMS:90:- FROZENSET:91:-
POP:30:- DUP:32:- MARK:28:- POP_MARK:31:- GET:67:decimalnl_short BINGET:68:uint1 LONG_BINGET:6a:uint4
PUT:70:decimalnl_short BINPUT:71:uint1 LONG_BINPUT:72:uint4 MEMOIZE:94:- EXT1:82:uint1 EXT2:83:uint2
EXT4:84:int4 GLOBAL:63:stringnl_noescape_pair STACK_GLOBAL:93:- REDUCE:52:- BUILD:62:-
INST:69:stringnl_noescape_pair OBJ:6f:- NEWOBJ:81:- NEWOBJ_EX:92:- PROTO:80:uint1 STOP:2e:- FRAME:95:uint8
PERSID:50:stringnl_noescape BINPERSID:51:-`;

/** pickletools' ArgumentDescriptor → [layout, size] here. */
function expected(descriptor: string): [number, number] {
  if (descriptor === '-') return [ARG_NONE, 0];
  if (descriptor.endsWith('_pair')) return [ARG_LINE2, 0];
  if (descriptor.includes('nl')) return [ARG_LINE, 0];
  const fixed = /^u?int(\d)$|^float(8)$/.exec(descriptor);
  if (fixed) return [ARG_FIXED, Number(fixed[1] ?? fixed[2])];
  const len = /^(?:string|bytes|bytearray|unicodestring|long)(\d)$/.exec(descriptor);
  if (len) return [ARG_LEN, Number(len[1])];
  throw new Error(`unknown descriptor ${descriptor}`);
}

const le = (n: number | bigint, bytes: number): number[] => Array.from({ length: bytes }, (_, i) => Number((BigInt(n) >> BigInt(8 * i)) & 0xffn));

describe('pickle opcode table', () => {
  const rows = PICKLETOOLS.split(/\s+/).map((r) => r.split(':') as [string, string, string]);

  it('has every opcode of pickletools, with its argument layout and size, and no other byte', () => {
    expect(rows).toHaveLength(68);
    expect(Object.keys(OP)).toHaveLength(68);
    for (const [name, hex, descriptor] of rows) {
      const code = parseInt(hex, 16);
      expect(OP[name as keyof typeof OP], name).toBe(code);
      expect(PICKLE_OPCODE_NAMES[code], name).toBe(name);
      expect([PICKLE_ARG_LAYOUT[code], PICKLE_ARG_SIZE[code]], `${name} (${descriptor})`).toEqual(expected(descriptor));
    }
    const codes = new Set(rows.map(([, hex]) => parseInt(hex, 16)));
    for (let b = 0; b < 256; b++) if (!codes.has(b)) expect(PICKLE_ARG_LAYOUT[b], `byte 0x${b.toString(16)}`).toBe(-1);
  });
});

describe('fixedArg', () => {
  it('reads 1-, 2- and 4-byte ints little-endian, BININT and EXT4 signed as CPython does, the others unsigned', () => {
    expect(fixedArg(OP.BININT1, Uint8Array.of(0xff), 0)).toBe(255);
    expect(fixedArg(OP.PROTO, Uint8Array.of(0, 5), 1)).toBe(5);
    expect(fixedArg(OP.BININT2, Uint8Array.of(0x34, 0x12), 0)).toBe(0x1234);
    expect(fixedArg(OP.EXT2, Uint8Array.of(0xff, 0xff), 0)).toBe(0xffff);
    expect(fixedArg(OP.BININT, Uint8Array.of(0xff, 0xff, 0xff, 0xff), 0)).toBe(-1);
    expect(fixedArg(OP.EXT4, Uint8Array.of(0, 0, 0, 0x80), 0)).toBe(-(2 ** 31));
    expect(fixedArg(OP.LONG_BINPUT, Uint8Array.of(0xff, 0xff, 0xff, 0xff), 0)).toBe(2 ** 32 - 1);
    expect(fixedArg(OP.LONG_BINGET, Uint8Array.of(1, 2, 3, 4), 0)).toBe(0x04030201);
  });

  it("reads FRAME's 8-byte length, -1 from 2^53 on; BINFLOAT is NaN (no reader needs its value)", () => {
    expect(fixedArg(OP.FRAME, Uint8Array.from(le(2 ** 40 + 7, 8)), 0)).toBe(2 ** 40 + 7);
    expect(fixedArg(OP.FRAME, Uint8Array.from(le(2 ** 53 - 1, 8)), 0)).toBe(2 ** 53 - 1);
    expect(fixedArg(OP.FRAME, Uint8Array.from(le(2 ** 53, 8)), 0)).toBe(-1);
    expect(fixedArg(OP.BINFLOAT, new Uint8Array(8), 0)).toBeNaN();
  });
});

describe('lengthArg', () => {
  it('reads 1-, 4- and 8-byte length prefixes', () => {
    expect(lengthArg(OP.SHORT_BINUNICODE, Uint8Array.of(200), 0, 0)).toBe(200);
    expect(lengthArg(OP.BINUNICODE, Uint8Array.of(0xff, 0xff, 0xff, 0xff), 0, 0)).toBe(2 ** 32 - 1);
    expect(lengthArg(OP.BINBYTES, Uint8Array.of(9, 3, 0, 0, 1), 1, 0)).toBe(0x01000003);
    expect(lengthArg(OP.BINUNICODE8, Uint8Array.from(le(2 ** 53 - 1, 8)), 0, 0)).toBe(2 ** 53 - 1);
    expect(lengthArg(OP.BYTEARRAY8, Uint8Array.from(le(5, 8)), 0, 0)).toBe(5);
  });

  it('refuses with a message naming the opcode and byte: a negative BINSTRING / LONG4 length, an 8-byte length of 2^53 or more', () => {
    const neg = Uint8Array.of(0xfb, 0xff, 0xff, 0xff);
    expect(() => lengthArg(OP.BINSTRING, neg, 0, 17)).toThrow(new PickleArgError('BINSTRING at byte 17 has a negative length (-5)', 17));
    expect(() => lengthArg(OP.LONG4, neg, 0, 3)).toThrow(/^LONG4 at byte 3 has a negative length \(-5\)$/);
    // The same bytes are a (long, not negative) length for BINBYTES, which CPython reads unsigned.
    expect(lengthArg(OP.BINBYTES, neg, 0, 0)).toBe(2 ** 32 - 5);
    for (const huge of [2 ** 53, 2 ** 60, 2n ** 64n - 1n]) {
      expect(() => lengthArg(OP.BINBYTES8, Uint8Array.from(le(huge, 8)), 0, 9)).toThrow(/^BINBYTES8 at byte 9 claims a length of 2\^53 bytes or more$/);
    }
    try {
      lengthArg(OP.BINUNICODE8, Uint8Array.from(le(2 ** 63, 8)), 0, 42);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PickleArgError);
      expect((e as PickleArgError).offset).toBe(42);
    }
  });
});

describe('uint53At and decodeLong', () => {
  it('uint53At reads at an offset and stops at 2^53', () => {
    expect(uint53At(Uint8Array.from([0xaa, ...le(12345678901, 8)]), 1)).toBe(12345678901);
    expect(uint53At(Uint8Array.from(le(2n ** 64n - 1n, 8)), 0)).toBe(-1);
  });

  it("decodes LONG1 / LONG4 bytes as pickle's decode_long (pickletools' own examples)", () => {
    expect(decodeLong(new Uint8Array(0))).toBe(0n);
    expect(decodeLong(Uint8Array.of(0xff))).toBe(-1n);
    expect(decodeLong(Uint8Array.of(0xff, 0x00))).toBe(255n);
    expect(decodeLong(Uint8Array.of(0xff, 0x7f))).toBe(32767n);
    expect(decodeLong(Uint8Array.of(0x00, 0xff))).toBe(-256n);
    expect(decodeLong(Uint8Array.of(0x00, 0x80))).toBe(-32768n);
    expect(decodeLong(Uint8Array.of(0x80))).toBe(-128n);
    expect(decodeLong(Uint8Array.of(0x7f))).toBe(127n);
  });
});
