import { describe, expect, it } from 'vitest';
import type { SasHeader } from './sas7bdat-header.js';
import { SasMeta, subheaderKind } from './sas7bdat-meta.js';

const H: SasHeader = { u64: true, little: true, intLen: 8, pageBitOffset: 32, pointerLen: 24, headerLength: 8192, pageSize: 4096, pageCount: 1, encoding: 'utf-8' };

/** A 64-bit little-endian subheader: its signature widened with ones, then `fill`. */
function sub(sig: number, length: number, fill: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(length);
  b.writeUInt32LE(sig, 0);
  b.writeUInt32LE(0xffffffff, 4);
  fill(b);
  return b;
}
const text = (s: string) =>
  sub(0xfffffffd, 8 + 4 + s.length, (b) => {
    b.writeUInt16LE(4 + s.length, 8);
    b.write(s, 12, 'latin1');
  });

describe('SAS metadata subheaders', () => {
  it('keeps its own copy of a text block, and no more text than its limit', () => {
    const meta = new SasMeta(H, 8);
    const page = text('ABCD');
    meta.read(subheaderKind(page, H)!, page);
    // Past the limit: kept empty, so the names pointing into it fall back to their number.
    meta.read('text', text('EFGH'));
    meta.read(
      'names',
      sub(0xffffffff, 2 * 8 + 12 + 16, (b) => {
        // Pointers at 16 and 24: text block, offset in it, length.
        b.writeUInt16LE(0, 16);
        b.writeUInt16LE(4, 18);
        b.writeUInt16LE(4, 20);
        b.writeUInt16LE(1, 24);
        b.writeUInt16LE(4, 26);
        b.writeUInt16LE(4, 28);
      }),
    );
    meta.read(
      'attributes',
      sub(0xfffffffc, 2 * 8 + 12 + 2 * 16, (b) => {
        // Vectors at 16 and 32: offset in the row (8 bytes), length (4).
        b.writeUInt32LE(4, 24);
        b.writeUInt32LE(4, 32);
        b.writeUInt32LE(4, 40);
      }),
    );
    meta.rowLength = 8;
    // The page the first block came from is reused for the next page's bytes.
    page.fill(0x5a);
    const notes: string[] = [];
    expect(meta.columns(new TextDecoder(), (m) => notes.push(m)).map((c) => c.name)).toEqual(['ABCD', 'VAR2']);
    expect(notes).toEqual([]);
  });
});
