import { parseXml } from './xml.js';
import { BUILTIN_DATES, dateFormatCode } from './sheet-table.js';

/**
 * What a workbook's cell styles (`xl/styles.xml`) do to the values they show: which styles show a
 * number as a date (Excel keeps a date as a serial number of days, and only its style says so),
 * and which show a value nobody reading the sheet will see — the spreadsheet form of the white
 * text hidden in résumés and papers for a model to read:
 *
 * - a number format whose section for the value is empty (`;;;`, Excel's own way to hide a cell:
 *   the value is still in the file and in every export, and only the formula bar shows it);
 * - a number format that colours the value white (`[White]@`, `[Color2]`);
 * - a white font (an RGB colour of F0F0F0 or lighter, the theme's background colour `theme="0"`
 *   without a darkening tint, palette colours 1 and 9) on a cell without a solid fill or with a
 *   white one;
 * - a font the colour of the cell's solid fill.
 *
 * Conditional formats, and a theme that redefines its background colour, are not read.
 */

export interface CellStyles {
  /** Styles (`s` on a cell: an index into `cellXfs`) that show a number as a date. */
  dates: ReadonlySet<number>;
  /** Why a value of this kind in this style cannot be seen, or undefined. */
  hiddenWhy(style: number, kind: 'text' | 'number', value: string): string | undefined;
}

interface Color {
  /** rgb:RRGGBB, theme:N or indexed:N (tint aside): equal keys are one colour. */
  key: string;
  white: boolean;
}

interface Xf {
  numFmt: number;
  font: number;
  fill: number;
}

/** Excel's format section colour names and palette numbers that are white. */
const WHITE_CODE = /\[(?:white|color ?(?:2|0?9))\]/i;
/** A section condition (`[>100]`): which section applies then depends on it, not on the sign alone. */
const CONDITION = /\[[<>=]/;

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
  // Per style, why its font hides every value (its fill considered), computed once.
  const byFont = xfs.map((xf) => fontHides(fonts[xf.font], fills[xf.fill]));
  const sections = new Map<number, string[]>();
  return {
    dates,
    hiddenWhy(style, kind, value) {
      const xf = xfs[style];
      if (!xf) return undefined;
      const code = formats.get(xf.numFmt);
      if (code !== undefined) {
        let parts = sections.get(xf.numFmt);
        if (!parts) sections.set(xf.numFmt, (parts = splitSections(code)));
        const section = sectionFor(parts, kind, value);
        if (section !== undefined) {
          if (emptySection(section)) return 'hidden by its number format';
          if (WHITE_CODE.test(section) && !darkFill(fills[xf.fill])) return 'white text';
        }
      }
      return byFont[style];
    },
  };
}

function colorOf(a: Record<string, string>): Color | undefined {
  const tint = Number(a.tint ?? 0);
  if (a.rgb) {
    const rgb = a.rgb.slice(-6).toUpperCase();
    const white = /^[0-9A-F]{6}$/.test(rgb) && [0, 2, 4].every((i) => parseInt(rgb.slice(i, i + 2), 16) >= 0xf0);
    return { key: `rgb:${rgb}:${tint}`, white };
  }
  if (a.theme !== undefined) return { key: `theme:${a.theme}:${tint}`, white: a.theme === '0' && tint > -0.06 };
  if (a.indexed !== undefined) return { key: `indexed:${a.indexed}:${tint}`, white: a.indexed === '1' || a.indexed === '9' };
  return undefined;
}

/** A solid fill that is not white: white text on it shows. */
function darkFill(fill: Color | null | undefined): boolean {
  return !!fill && !fill.white;
}

function fontHides(font: Color | undefined, fill: Color | null | undefined): string | undefined {
  if (!font) return undefined;
  if (fill && fill.key === font.key) return 'text the colour of its fill';
  return font.white && !darkFill(fill) ? 'white text' : undefined;
}

/** A format code's sections, split at `;` outside quotes, brackets and escapes. */
export function splitSections(code: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') i++;
    else if (c === '"') {
      const end = code.indexOf('"', i + 1);
      i = end < 0 ? code.length : end;
    } else if (c === '[') {
      const end = code.indexOf(']', i + 1);
      i = end < 0 ? code.length : end;
    } else if (c === ';') {
      out.push(code.slice(start, i));
      start = i + 1;
    }
  }
  out.push(code.slice(start));
  return out;
}

/**
 * The section that formats a value: text takes the fourth (or a section holding `@`; with neither
 * it shows as it is); a number the first, second or third by its sign. Undefined when it depends on
 * conditions this does not evaluate, or no section applies.
 */
function sectionFor(parts: readonly string[], kind: 'text' | 'number', value: string): string | undefined {
  if (kind === 'text') return parts.length >= 4 ? parts[3] : parts.find((p) => p.replace(/"[^"]*"/g, '').includes('@'));
  if (parts.some((p) => CONDITION.test(p))) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || parts.length === 1) return parts[0];
  if (n < 0) return parts[1];
  return n === 0 && parts.length >= 3 ? parts[2] : parts[0];
}

/** Whether a section shows nothing: only brackets (colours), empty or blank quotes, spacing (`_x`) and blanks. */
function emptySection(section: string): boolean {
  return section.replace(/\[[^\]]*\]|"\s*"|_./g, '').trim() === '';
}
