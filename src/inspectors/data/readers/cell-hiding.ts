/**
 * Which spreadsheet cells their format hides from whoever looks at the sheet — the spreadsheet form
 * of the white text hidden in résumés and papers for a model to read. Shared by the `.xlsx`
 * (xlsx-styles.ts) and `.xls` (xls-styles.ts) readers, which say per cell format what it holds:
 *
 * - a number format whose section for the value is empty (`;;;`, Excel's own way to hide a cell:
 *   the value is still in the file and in every export, and only the formula bar shows it);
 * - a number format that colours the value white (`[White]@`, `[Color2]`);
 * - a white font on a cell without a solid fill or with a white one;
 * - a font the colour of the cell's solid fill.
 */

export interface Color {
  /** A colour as the file names it (`rgb:RRGGBB:tint`, `theme:N:tint`, `indexed:N:tint`): equal keys are one colour. */
  key: string;
  white: boolean;
}

/** One cell format (an `xf`): its number format code, font colour and solid fill colour (null: no solid fill). */
export interface CellFormat {
  code?: string;
  font?: Color;
  fill?: Color | null;
}

/** Excel's format section colour names and palette numbers that are white. */
const WHITE_CODE = /\[(?:white|color ?(?:2|0?9))\]/i;
/** A section condition (`[>100]`): which section applies then depends on it, not on the sign alone. */
const CONDITION = /\[[<>=]/;
/**
 * Excel keeps a format code to 255 characters; a longer one is not Excel's and is not read (a
 * crafted styles part could name one megabyte-long code from a million cell formats).
 */
const MAX_CODE = 1024;

export class CellHiding {
  /** Per format, why its font hides every value (its fill considered), computed once. */
  private readonly byFont: (string | undefined)[];
  /** Each format code's sections, split once per code (many cell formats share one). */
  private readonly sections = new Map<string, string[]>();

  constructor(private readonly formats: readonly CellFormat[]) {
    this.byFont = formats.map((f) => fontHides(f.font, f.fill));
  }

  /** Why a value of this kind in format `xf` cannot be seen, or undefined. */
  hiddenWhy(xf: number, kind: 'text' | 'number', value: string): string | undefined {
    const f = this.formats[xf];
    if (!f) return undefined;
    if (f.code !== undefined && f.code.length <= MAX_CODE) {
      let parts = this.sections.get(f.code);
      if (!parts) this.sections.set(f.code, (parts = splitSections(f.code)));
      const section = sectionFor(parts, kind, value);
      if (section !== undefined) {
        if (emptySection(section)) return 'hidden by its number format';
        if (WHITE_CODE.test(section) && !darkFill(f.fill)) return 'white text';
      }
    }
    return this.byFont[xf];
  }
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
