import { describe, expect, it } from 'vitest';
import { Body, encodeModule, sleb, uleb } from './wasm-encoder.js';

describe('WebAssembly encoder', () => {
  it('writes LEB128 as the spec examples do', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(0)).toEqual([0]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    // Unsigned 32-bit constants are written as the i32 they are.
    expect(sleb(0x9e3779b1)).toEqual(sleb(0x9e3779b1 | 0));
  });

  it('encodes a module that the engine validates and runs: loops, branches, memory', () => {
    // sum(n) = Σ i·3 for i < n, each step stored to memory[4·i] and the total read back.
    const b = new Body();
    b.i32(0).set(1).i32(0).set(2);
    b.block().loop();
    b.get(1).get(0).op('ge_u').brIf(1);
    b.get(1).i32(2).op('shl').get(1).i32(3).op('mul').store(16);
    b.get(2).get(1).i32(2).op('shl').load(16).op('add').set(2);
    b.get(1).i32(1).op('add').set(1).br(0);
    b.end().end();
    b.get(2);
    const bytes = encodeModule(1, [{ name: 'sum', params: 1, locals: 2, body: b }]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const sum = exports.sum as (n: number) => number;
    expect(sum(10)).toBe(135);
    expect(new Int32Array((exports.memory as WebAssembly.Memory).buffer, 16, 10)[9]).toBe(27);
  });
});
