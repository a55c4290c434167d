/**
 * The character formatting an RTF document hides text with, as a group's state carries it: `\v`
 * (hidden), `\deleted` (a tracked deletion still in the file), `\cfN` (a colour of the colour
 * table; white where nothing is painted under it), `\fsN` (half-points: under 2 is under 1 point).
 * Reasons are worded as the `.docx` and `.doc` readers word them.
 */

/** One entry of `{\colortbl …}`: red, green, blue; null for the "auto" entry (nothing set before its `;`). */
export type RtfColour = readonly [number, number, number] | null;

/** Formatting that groups scope (`{` saves it, `}` restores it), `\plain` and `\pard` reset. */
export interface RtfFormat {
  /** `\v`: hidden text. */
  hidden: boolean;
  /** `\deleted`: a tracked deletion. */
  deleted: boolean;
  /** `\cfN`: the text colour's index in the colour table (0: auto). */
  cf: number;
  /** `\highlightN`, `\cbN`, `\chcbpatN`: what the run is painted on (0: nothing). */
  highlight: number;
  cb: number;
  chcbpat: number;
  /** `\cbpatN`: the paragraph's shading (0: none). */
  cbpat: number;
  /** `\fsN`: the font size in half-points (24 when unset). */
  fs: number;
  /** `\fN`: the font (-1: the document's default), whose character set says the code page of its `\'hh` bytes. */
  font: number;
}

export const PLAIN: Readonly<RtfFormat> = { hidden: false, deleted: false, cf: 0, highlight: 0, cb: 0, chcbpat: 0, cbpat: 0, fs: 24, font: -1 };

/** `\plain`: the character formatting back to the default, the paragraph's shading kept. */
export function plain(f: RtfFormat): void {
  const cbpat = f.cbpat;
  Object.assign(f, PLAIN);
  f.cbpat = cbpat;
}

/** White or all but white: every channel 250 or more. */
function white(c: RtfColour | undefined): boolean {
  return !!c && c[0] >= 250 && c[1] >= 250 && c[2] >= 250;
}

/** Whether colour `i` paints something under the text: set, in the table, and not white. */
function painted(i: number, colours: readonly RtfColour[]): boolean {
  const c = i > 0 ? colours[i] : undefined;
  return !!c && !white(c);
}

/** Why text in this formatting is not seen by a reader of the document, or undefined when it is. */
export function hiddenWhy(f: RtfFormat, colours: readonly RtfColour[]): string | undefined {
  if (f.deleted) return 'deleted revision';
  if (f.hidden) return 'vanish';
  if (f.cf > 0 && white(colours[f.cf]) && !painted(f.highlight, colours) && !painted(f.cb, colours) && !painted(f.chcbpat, colours) && !painted(f.cbpat, colours)) return 'white text';
  if (f.fs < 2) return 'font size under 1 point';
  return undefined;
}

/**
 * Sets the formatting a control word names; false when the word is no formatting. A toggle's
 * parameter 0 turns it off (`\v0`).
 */
export function setFormat(f: RtfFormat, word: string, param: number | undefined): boolean {
  switch (word) {
    case 'v':
      f.hidden = param !== 0;
      return true;
    case 'deleted':
      f.deleted = param !== 0;
      return true;
    case 'cf':
    case 'highlight':
    case 'cb':
    case 'chcbpat':
    case 'cbpat':
      f[word] = Math.max(0, param ?? 0);
      return true;
    case 'fs':
      f.fs = param ?? 24;
      return true;
    case 'f':
      f.font = param ?? -1;
      return true;
    case 'plain':
      plain(f);
      return true;
    case 'pard':
      f.cbpat = 0;
      return true;
    default:
      return false;
  }
}

/** Reads `{\colortbl;\red255\green255\blue255;…}` an item at a time: colour words, then `;` ends an entry. */
export class ColourTable {
  readonly colours: RtfColour[] = [];
  private rgb: [number, number, number] = [0, 0, 0];
  private set = false;
  /** Past this many entries the rest are not kept (a colour index past them reads as not white). */
  static readonly MAX = 4096;

  word(word: string, param: number | undefined): void {
    const k = word === 'red' ? 0 : word === 'green' ? 1 : word === 'blue' ? 2 : undefined;
    if (k === undefined) return;
    this.rgb[k] = Math.max(0, Math.min(255, param ?? 0));
    this.set = true;
  }

  /** Text inside the table: each `;` ends an entry. */
  text(s: string): void {
    for (let i = s.indexOf(';'); i >= 0; i = s.indexOf(';', i + 1)) {
      if (this.colours.length < ColourTable.MAX) this.colours.push(this.set ? [this.rgb[0], this.rgb[1], this.rgb[2]] : null);
      this.rgb = [0, 0, 0];
      this.set = false;
    }
  }
}
