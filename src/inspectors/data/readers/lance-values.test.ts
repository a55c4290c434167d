import { describe, expect, it } from 'vitest';
import { Rng } from '../testing/random.js';
import { blockBytes, FL_BLOCK, unpackBlock } from './lance-bitpack.js';
import { filled, fixedValues, fsstDecoder, variableValues } from './lance-values.js';

/** FastLanes' packing, written from its layout (lane by lane, rows in FL_ORDER), to check the unpacker against. */
function pack(values: readonly bigint[], t: number, w: number): Uint8Array {
  const order = [0, 4, 2, 6, 1, 5, 3, 7];
  const lanes = FL_BLOCK / t;
  const words = new Array<bigint>(lanes * w).fill(0n);
  for (let lane = 0; lane < lanes; lane++) {
    for (let row = 0; row < t; row++) {
      const v = values[order[row >> 3]! * 16 + (row & 7) * 128 + lane]!;
      for (let bit = 0; bit < w; bit++) {
        const at = row * w + bit;
        if ((v >> BigInt(bit)) & 1n) words[lanes * Math.floor(at / t) + lane]! |= 1n << BigInt(at % t);
      }
    }
  }
  const out = Buffer.alloc((words.length * t) / 8);
  words.forEach((x, i) => {
    if (t === 64) out.writeBigUInt64LE(x, i * 8);
    else out.writeUIntLE(Number(x), (i * t) / 8, t / 8);
  });
  return new Uint8Array(out);
}

describe('Lance value decoders', () => {
  it('unpacks FastLanes blocks of every type width and some bit widths', () => {
    const r = new Rng(3);
    for (const [t, w] of [[8, 3], [16, 1], [16, 11], [32, 2], [32, 17], [32, 32], [64, 5], [64, 40]] as const) {
      const values = Array.from({ length: FL_BLOCK }, () => BigInt(r.int(0, 2 ** Math.min(w, 30) - 1)) * (w > 30 ? BigInt(r.int(1, 2 ** (w - 30) - 1)) : 1n));
      const packed = pack(values, t, w);
      expect(packed.length).toBe(blockBytes(w));
      const got = unpackBlock(packed, 0, t, w);
      expect(got.map((v) => BigInt(v)), `${t}/${w}`).toEqual(values);
    }
    expect(() => unpackBlock(new Uint8Array(10), 0, 32, 4)).toThrow(/past its 10-byte buffer/);
    expect(() => unpackBlock(new Uint8Array(10), 0, 32, 33)).toThrow(/bit width 33/);
  });

  it('decodes FSST: symbols, escapes, and values left uncompressed when the table says so', () => {
    const symbols = ['Jane', ' Roe', '@'];
    const table = Buffer.alloc(8 + symbols.length * 9);
    table.writeUInt32LE((1 << 24) | symbols.length, 0);
    table.writeUInt32LE(0x46535354, 4);
    symbols.forEach((s, i) => {
      table.write(s, 8 + i * 8, 'latin1');
      table[8 + symbols.length * 8 + i] = s.length;
    });
    const decode = fsstDecoder(table);
    expect(Buffer.from(decode(Uint8Array.from([0, 1, 255, 0x21, 2]))).toString()).toBe('Jane Roe!@');
    expect(() => decode(Uint8Array.from([7]))).toThrow(/FSST code 7/);
    table.writeUInt32LE(symbols.length, 0);
    expect(Buffer.from(fsstDecoder(table)(Buffer.from('plain'))).toString()).toBe('plain');
    expect(() => fsstDecoder(Buffer.alloc(16))).toThrow(/magic/);
  });

  it('checks offsets and counts against their buffers', () => {
    expect(() => fixedValues(new Uint8Array(7), 64, 1, false)).toThrow(/1 values of 64 bits in a 7-byte buffer/);
    expect(fixedValues(Uint8Array.from([0xff, 0xff]), 16, 1, true)).toEqual([-1]);
    expect(() => variableValues([0, 4, 2], new Uint8Array(8))).toThrow(/value 1 at bytes 4..2/);
    expect(() => filled(1 << 30, null)).toThrow(/claims 1073741824 items/);
  });
});
