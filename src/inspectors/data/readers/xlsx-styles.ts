import { parseXml } from './xml.js';
import { BUILTIN_DATES, dateFormatCode } from './sheet-table.js';
import { CellHiding, type Color } from './cell-hiding.js';
import { whiteHex } from './white-colour.js';

/**
 * What a workbook's cell styles (`xl/styles.xml`) do to the values they show: which styles show a
 * number as a date (Excel keeps a date as a serial number of days, and only its style says so),
 * and which show a value nobody reading the sheet will see (cell-hiding.ts). White is an RGB
 * colour of F0F0F0 or lighter, the theme's background colour `theme="0"` without a darkening tint,
 * or palette colour 1 or 9. Conditional formats, and a theme that redefines its background colour,
 * are not read.
 */

export interface CellStyles {
  /** Styles (`s` on a cell: an index into `cellXfs`) that show a number as a date. */
  dates: ReadonlySet<number>;
  /** Why a value of this kind in this style cannot be seen, or undefined. */
  hiddenWhy(style: number, kind: 'text' | 'number', value: string): string | undefined;
}

interface Xf {
  numFmt: number;
  font: number;
  fill: number;
}

export function cellStyles(xml: string | undefined): CellStyles {
  const formats = new Map<number, string>();
  const fonts: (Color | undefined)[] = [];
  const fills: (Color | null | undefined)[] = [];
  const xfs: Xf[] = [];
  let where: 'fonts' | 'fills' | 'cellXfs' | undefined;
  let solid = false;
  if (xml) {
    parseXml(xml, {
      open(name, a) {
        if (name === 'numFmt' && a.numFmtId && a.formatCode !== undefined) formats.set(Number(a.numFmtId), a.formatCode);
        else if (name === 'fonts' || name === 'fills' || name === 'cellXfs') where = name;
        else if (where === 'fonts' && name === 'font') fonts.push(undefined);
        else if (where === 'fonts' && name === 'color' && fonts.length) fonts[fonts.length - 1] = colorOf(a);
        else if (where === 'fills' && name === 'fill') fills.push(undefined);
        else if (where === 'fills' && name === 'patternFill' && fills.length) {
          solid = a.patternType === 'solid';
          // null: a fill that is not solid (no fill, or a pattern over the page).
          fills[fills.length - 1] = null;
        } else if (where === 'fills' && name === 'fgColor' && solid && fills.length) fills[fills.length - 1] = colorOf(a);
        else if (where === 'cellXfs' && name === 'xf') xfs.push({ numFmt: Number(a.numFmtId ?? 0), font: Number(a.fontId ?? 0), fill: Number(a.fillId ?? 0) });
      },
      close(name) {
        if (name === where) where = undefined;
        if (name === 'patternFill') solid = false;
      },
    });
  }
  const dates = new Set<number>();
  xfs.forEach((xf, i) => {
    const code = formats.get(xf.numFmt);
    if (BUILTIN_DATES.has(xf.numFmt) || (code !== undefined && dateFormatCode(code))) dates.add(i);
  });
  const hiding = new CellHiding(xfs.map((xf) => ({ code: formats.get(xf.numFmt), font: fonts[xf.font], fill: fills[xf.fill] })));
  return { dates, hiddenWhy: (style, kind, value) => hiding.hiddenWhy(style, kind, value) };
}

function colorOf(a: Record<string, string>): Color | undefined {
  const tint = Number(a.tint ?? 0);
  if (a.rgb) {
    const rgb = a.rgb.slice(-6).toUpperCase();
    return { key: `rgb:${rgb}:${tint}`, white: whiteHex(rgb) };
  }
  if (a.theme !== undefined) return { key: `theme:${a.theme}:${tint}`, white: a.theme === '0' && tint > -0.06 };
  if (a.indexed !== undefined) return { key: `indexed:${a.indexed}:${tint}`, white: a.indexed === '1' || a.indexed === '9' };
  return undefined;
}
