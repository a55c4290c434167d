import { describe, expect, it } from 'vitest';
import { compressRtfLiterally } from '../testing/msg-writer.js';
import { decompressRtf, rtfCrc, RTF_PREFIX } from './rtf-compressed.js';

/** Compressed RTF (MS-OXRTFCP), as an Outlook message's RTF body is kept (its text is read by `rtf-doc.ts`: `rtf-doc.test.ts`). */

/** MS-OXRTFCP 3.1.2's example: `{\rtf1 WXYZWXYZWXYZWXYZWXYZ}` with back references (one into the primed dictionary, one overlapping itself). */
const SPEC_EXAMPLE = Buffer.concat([Buffer.from([0x1a, 0, 0, 0, 0x1c, 0, 0, 0]), Buffer.from('LZFu', 'latin1'), Buffer.from([0xe2, 0xd4, 0x4b, 0x51, 0x41, 0x00, 0x04, 0x20]), Buffer.from('WXYZ', 'latin1'), Buffer.from([0x0d, 0x6e, 0x7d, 0x01, 0x0e, 0xb0])]);

describe('compressed RTF (LZFu)', () => {
  it("decompresses the specification's example, its CRC checked", () => {
    expect(RTF_PREFIX.length).toBe(207);
    const { rtf, crcOk, cut } = decompressRtf(SPEC_EXAMPLE, 1 << 20);
    expect(Buffer.from(rtf).toString('latin1')).toBe('{\\rtf1 WXYZWXYZWXYZWXYZWXYZ}');
    expect(crcOk).toBe(true);
    expect(cut).toBe(false);
  });

  it('reads what the test writer compresses (literals, the end marker at a run boundary or inside one)', () => {
    for (const s of ['{\\rtf1 hello}', '{\\rtf1 12345678}'.slice(0, 16), 'x'.repeat(4000)]) {
      const { rtf, crcOk, cut } = decompressRtf(compressRtfLiterally(s), 1 << 20);
      expect([Buffer.from(rtf).toString('latin1'), crcOk, cut]).toEqual([s, true, false]);
    }
  });

  it('reads MELA (stored) bodies, and says what is wrong with a header that is none', () => {
    const raw = Buffer.from('{\\rtf1 plain}');
    const head = Buffer.alloc(16);
    head.writeUInt32LE(raw.length + 12, 0);
    head.writeUInt32LE(raw.length, 4);
    head.write('MELA', 8, 'latin1');
    expect(Buffer.from(decompressRtf(Buffer.concat([head, raw]), 100).rtf).toString()).toBe('{\\rtf1 plain}');
    expect(() => decompressRtf(new Uint8Array(8), 100)).toThrow('shorter than its 16-byte header');
    const other = Buffer.from(head);
    other.write('ABCD', 8, 'latin1');
    expect(() => decompressRtf(Buffer.concat([other, raw]), 100)).toThrow('neither LZFu nor MELA');
  });

  it('is bounded: output stops at maxBytes and at the declared size; a cut stream, a bad CRC are said, not thrown', () => {
    // A run that repeats itself: 2 bytes of input for 17 of output, declared 4 GiB.
    const bomb = Buffer.from(SPEC_EXAMPLE);
    bomb.writeUInt32LE(0xffffffff, 4);
    // References of 17 bytes each to just past the writing position (never at it: that is the end marker).
    const body: number[] = [];
    let write = RTF_PREFIX.length;
    for (let i = 0; i < 20_000; i++) {
      body.push(0xff);
      for (let k = 0; k < 8; k++, write = (write + 17) & 0xfff) {
        const ref = (((write + 1) & 0xfff) << 4) | 0xf;
        body.push(ref >> 8, ref & 0xff);
      }
    }
    const big = Buffer.concat([bomb.subarray(0, 16), Buffer.from(body)]);
    big.writeUInt32LE(big.length - 4, 0);
    const out = decompressRtf(big, 100_000);
    expect(out.rtf.length).toBe(100_000);
    expect(out.cut).toBe(true);
    expect(out.crcOk).toBe(false);
    // A declared size of 4 GiB with a few bytes of input: no more is set aside than they can make.
    const claims = Buffer.from(SPEC_EXAMPLE);
    claims.writeUInt32LE(0xffffffff, 4);
    expect(decompressRtf(claims, 256 << 20).rtf.buffer.byteLength).toBeLessThanOrEqual(8 * SPEC_EXAMPLE.length);
    const short = decompressRtf(SPEC_EXAMPLE.subarray(0, 20), 100);
    expect(short.cut).toBe(true);
    expect(rtfCrc(new Uint8Array())).toBe(0);
  });
});
