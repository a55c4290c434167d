import { describe, expect, it } from 'vitest';
import { CappedSink } from './capped-sink.js';

class Over extends Error {}

describe('CappedSink', () => {
  it('keeps bytes and chunks in the order written, across its buffer boundary', () => {
    const s = new CappedSink(1 << 20, () => new Over());
    for (let i = 0; i < 70_000; i++) s.writeByte(i & 0xff);
    s.push(Uint8Array.from([1, 2, 3]));
    s.writeByte(9);
    s.write(Uint8Array.from([7, 8, 9, 10]), 1, 2);
    const out = s.result();
    expect(out.length).toBe(70_000 + 3 + 1 + 2);
    expect(out[65_535]).toBe(65_535 & 0xff);
    expect(out[69_999]).toBe(69_999 & 0xff);
    expect([...out.subarray(70_000)]).toEqual([1, 2, 3, 9, 8, 9]);
    expect(s.total).toBe(out.length);
  });

  it("throws the caller's error on the write that passes the cap, and still gives what was written", () => {
    const s = new CappedSink(10, (cap) => new Over(`over ${cap}`));
    for (let i = 0; i < 10; i++) s.writeByte(i);
    expect(() => s.writeByte(10)).toThrow('over 10');
    expect(() => s.push(new Uint8Array(5))).toThrow(Over);
    expect([...s.partial(4)]).toEqual([0, 1, 2, 3]);
    expect(s.partial(100).length).toBe(16);
  });
});
