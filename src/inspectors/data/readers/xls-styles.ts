import { CellHiding, type Color } from './cell-hiding.js';
import { whiteHex } from './white-colour.js';

/**
 * A legacy workbook's cell formats, as far as they hide a cell (cell-hiding.ts): the globals'
 * FONT records (a font's colour index), FORMAT records (number format codes), XF records (each cell
 * format's font, number format and fill) and the PALETTE that may redefine colours. A cell record
 * names its XF by index. Layouts: [MS-XLS] 2.4.122 Font, 2.4.353 XF (BIFF8: 20 bytes; BIFF5's
 * 16-byte XF keeps its font and format at the same offsets, its fill elsewhere, not read),
 * 2.4.188 Palette.
 */
export class XlsFormats {
  /** Per FONT record, in order, its colour index (icv). */
  private readonly fonts: number[] = [];
  private readonly codes = new Map<number, string>();
  private readonly xfs: { font: number; format: number; fill: number | null }[] = [];
  /** PALETTE's colours (0xRRGGBB) for indices 8, 9, …; the default palette when absent. */
  private palette: number[] | undefined;

  font(data: Uint8Array): void {
    if (data.length >= 6) this.fonts.push(data[4]! | (data[5]! << 8));
  }

  format(id: number, code: string): void {
    this.codes.set(id, code);
  }

  xf(data: Uint8Array, biff8: boolean): void {
    if (data.length < 4) return;
    const u16 = (o: number) => data[o]! | (data[o + 1]! << 8);
    // fls (the fill pattern) in bits 26–31 of the dword at 14; 1 is solid, its colour icvFore at 18.
    const solid = biff8 && data.length >= 20 && ((data[17]! >>> 2) & 0x3f) === 1;
    this.xfs.push({ font: u16(0), format: u16(2), fill: solid ? u16(18) & 0x7f : null });
  }

  paletteRecord(data: Uint8Array): void {
    const n = data.length >= 2 ? data[0]! | (data[1]! << 8) : 0;
    const out: number[] = [];
    for (let i = 0; i < n && 2 + 4 * i + 3 <= data.length; i++) out.push((data[2 + 4 * i]! << 16) | (data[3 + 4 * i]! << 8) | data[4 + 4 * i]!);
    this.palette = out;
  }

  /** The number format id of cell format `xf` (date detection), or undefined. */
  formatOf(xf: number): number | undefined {
    return this.xfs[xf]?.format;
  }

  get count(): number {
    return this.xfs.length;
  }

  hiding(): CellHiding {
    // Font index 4 is never written: indices past it are one further on than their record.
    const fontOf = (i: number) => this.fonts[i >= 4 ? i - 1 : i];
    return new CellHiding(
      this.xfs.map((xf) => {
        const icv = fontOf(xf.font);
        return { code: this.codes.get(xf.format), font: icv === undefined ? undefined : this.color(icv), fill: xf.fill === null ? null : this.color(xf.fill) };
      }),
    );
  }

  /** A colour index as a colour: through the palette for 8–63, else the fixed ones (1 and 9 white, 0x7FFF automatic: black). */
  private color(icv: number): Color {
    const rgb = icv >= 8 && icv < 64 ? (this.palette?.[icv - 8] ?? DEFAULT_WHITE[icv]) : icv === 1 ? 0xffffff : undefined;
    if (rgb === undefined) return { key: `icv:${icv}`, white: false };
    return { key: `rgb:${rgb.toString(16)}`, white: whiteHex(rgb.toString(16).padStart(6, '0')) };
  }
}

/** The default palette's white (index 9); other default colours are named by index, not resolved. */
const DEFAULT_WHITE: Record<number, number> = { 9: 0xffffff };
