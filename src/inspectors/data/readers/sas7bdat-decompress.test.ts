import { describe, expect, it } from 'vitest';
import { rdcPack, rlePack } from '../testing/sas7bdat-pack.js';
import { SasDecompressError, rdcDecompress, rleDecompress } from './sas7bdat-decompress.js';

const decode = (f: typeof rleDecompress, src: number[] | Uint8Array, length: number) => {
  const out = new Uint8Array(length);
  const n = f(Uint8Array.from(src), out);
  return Buffer.from(out.subarray(0, n)).toString('latin1');
};

describe('SAS row decompression', () => {
  it('decodes every run-length control: literals short and long, runs of a byte, of blanks, zeros and @', () => {
    const lit = (n: number) => Array.from({ length: n }, (_, i) => 0x61 + (i % 26));
    expect(decode(rleDecompress, [0x82, ...lit(3)], 3)).toBe('abc');
    expect(decode(rleDecompress, [0x90, ...lit(17)], 17)).toBe(Buffer.from(lit(17)).toString('latin1'));
    expect(decode(rleDecompress, [0xb1, ...lit(50)], 50)).toHaveLength(50);
    // 0x00: a long literal of 64 + next byte + 256 × low nibble.
    expect(decode(rleDecompress, [0x01, 0x02, ...lit(64 + 2 + 256)], 322)).toHaveLength(322);
    expect(decode(rleDecompress, [0xc2, 0x78], 5)).toBe('xxxxx');
    expect(decode(rleDecompress, [0x40, 0x01, 0x79], 19)).toBe('y'.repeat(19));
    expect(decode(rleDecompress, [0xd0, 0xe1, 0xf0], 7)).toBe('@@   \0\0');
    expect(decode(rleDecompress, [0x60, 0x00, 0x70, 0x01], 35)).toBe(' '.repeat(17) + '\0'.repeat(18));
  });

  it('never writes past the row, nor reads past the row subheader', () => {
    expect(() => decode(rleDecompress, [0x6f, 0xff], 100)).toThrow(SasDecompressError);
    expect(() => decode(rleDecompress, [0x8f, 0x61], 100)).toThrow(/ends inside a literal run/);
    expect(() => decode(rleDecompress, [0xc0], 100)).toThrow(/ends inside an instruction/);
    expect(() => decode(rleDecompress, [0x30], 100)).toThrow(/unknown run-length control byte 0x30/);
  });

  it('decodes RDC literals, runs and back-references (what the test writer packs, and back)', () => {
    const row = Buffer.from(`SUBJ-0001 ${'x'.repeat(40)}abcabcabcabc ${' '.repeat(5)}the end of the row, and the end of the row again`, 'latin1');
    const packed = rdcPack(row);
    expect(packed.length).toBeLessThan(row.length);
    expect(decode(rdcDecompress, packed, row.length)).toBe(row.toString('latin1'));
    expect(decode(rleDecompress, rlePack(row), row.length)).toBe(row.toString('latin1'));
  });

  it('refuses an RDC back-reference before the row, and a run past it', () => {
    // Control word 0x8000: the first item is a command; a short pattern 3 bytes back at the row's start.
    expect(() => decode(rdcDecompress, [0x80, 0x00, 0x30, 0x00], 10)).toThrow(/refers back before its start/);
    expect(() => decode(rdcDecompress, [0x80, 0x00, 0x1f, 0xff, 0x41], 100)).toThrow(/decodes past its 100 bytes/);
  });
});
