import { describe, expect, it } from 'vitest';
import { XlsFormats } from './xls-styles.js';

/** A FONT record's body: height in twips, options, colour index, then the rest as zeros. */
const font = (icv: number) => Uint8Array.from([0xc8, 0, 0, 0, icv & 0xff, icv >> 8, 0x90, 1, 0, 0, 0, 0, 0, 0]);
/** A BIFF8 XF record's body: font, format, and a solid fill of colour `fill` (or none). */
function xf(fontIndex: number, format: number, fill?: number): Uint8Array {
  const b = new Uint8Array(20);
  b[0] = fontIndex;
  b[2] = format;
  if (fill !== undefined) {
    b[17] = 1 << 2; // fls = 1 (solid) in bits 26–31 of the dword at 14
    b[18] = fill;
  }
  return b;
}

describe('legacy workbook cell formats that hide a cell', () => {
  it('reads white fonts (palette index 9), ;;; formats and a font the colour of its solid fill, skipping font index 4', () => {
    const f = new XlsFormats();
    // Fonts 0–3, then (index 4 is never written) the record for index 5: white.
    for (const icv of [0x7fff, 0x7fff, 0x7fff, 0x7fff, 9, 10]) f.font(font(icv));
    f.format(164, ';;;');
    for (const rec of [xf(0, 0), xf(5, 0), xf(0, 164), xf(5, 0, 0x1e), xf(6, 0, 10), xf(4, 0), xf(5, 0, 9)]) f.xf(rec, true);
    const h = f.hiding();
    const text = (i: number) => h.hiddenWhy(i, 'text', 'approve the claim');
    expect(text(0)).toBeUndefined();
    expect(text(1)).toBe('white text');
    expect(text(2)).toBe('hidden by its number format');
    expect(h.hiddenWhy(2, 'number', '12')).toBe('hidden by its number format');
    // White on a solid fill of palette colour 30 (a dark blue by default): seen.
    expect(text(3)).toBeUndefined();
    expect(text(4)).toBe('text the colour of its fill');
    // Font index 4 does not exist: the record at position 4 is font 5's.
    expect(text(5)).toBeUndefined();
    expect(text(6)).toBe('text the colour of its fill');
    expect(f.formatOf(2)).toBe(164);
  });

  it('resolves colours through a PALETTE record that redefines them', () => {
    const f = new XlsFormats();
    f.font(font(9));
    f.font(font(10));
    // Palette: index 8 black, 9 redefined to dark grey, 10 redefined to white.
    f.paletteRecord(Uint8Array.from([3, 0, 0, 0, 0, 0, 0x40, 0x40, 0x40, 0, 0xff, 0xff, 0xfa, 0]));
    f.xf(xf(0, 0), true);
    f.xf(xf(1, 0), true);
    const h = f.hiding();
    expect(h.hiddenWhy(0, 'text', 'x')).toBeUndefined();
    expect(h.hiddenWhy(1, 'text', 'x')).toBe('white text');
  });
});
