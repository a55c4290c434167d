import type { TextCell } from './types.js';

/** Past this length a prose cell is text a model reads; up to it, a name or a category. */
const LONG = 20;

/** What a cell is to a row's record: no part of it, a short cell of words, or long prose (numbers: no enum object to look up per cell). */
export const NONE = 0;
export const WORDS = 1;
export const PROSE = 2;
export type CellKind = typeof NONE | typeof WORDS | typeof PROSE;

/**
 * What a cell is to a row's record, in one pass over its characters (most cells are a few; a long
 * one is decided at its first space):
 * - NONE: no two letters in a row (numbers, dates); a code or a list of codes — one token of
 *   letters, digits and `_ . : -` that mixes letters with digits (`INH-A1`, `5733be28…`), holds an
 *   underscore (`UC_NONE`) or is capitals only (`CATDIS`), or such tokens joined by `;`, `,` or `|`
 *   (`INFORM;NINFOM;NTXTDS;` in GDAL's S-57 catalogues): a row is not told from another by them as a
 *   training example is (an id column makes every row distinct), and the S-57 attribute lists,
 *   shared by dozens of object classes, made those rows "identical records"; and a short cell that
 *   is not words (`ben@example.org`, `/srv/a`, `kg/(m^2 s)`: it names its row as an id does, or is
 *   a unit; a long one is prose as before).
 * - WORDS: a short cell (up to 20 characters) of letters, digits, spaces and `- ' . , ( ) &`.
 * - PROSE: a longer cell with a word that is no code (URLs and addresses that long, as before).
 */
export function cellKind(t: string): CellKind {
  const long = t.length > LONG;
  // A short cell that starts with a digit is a number, a date, a time or an id in nearly every
  // table (and a name that does, `3rd Avenue`, is left out): decided without a pass over it.
  const c0 = t.charCodeAt(0);
  if (!long && c0 >= 48 && c0 <= 57) return NONE;
  let run = 0;
  let word = false;
  // Code shape: letters, digits, capitals only, `_`, list separators; `loose` once a character no code has.
  let letters = 0;
  let digits = 0;
  let lower = 0;
  let marks = 0;
  let lists = 0;
  let loose = false;
  let words = true;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const l = c | 32;
    if (l >= 97 && l <= 122) {
      if (++run >= 2) word = true;
      letters++;
      if (c >= 97) lower++;
      continue;
    }
    if (c >= 0xc0) {
      if (++run >= 2) word = true;
      loose = true;
    } else {
      run = 0;
      if (c >= 48 && c <= 57) digits++;
      else if (c === 95) {
        marks++;
        words = false;
      } else if (c === 59 || c === 124) {
        lists++;
        words = false;
      } else if (c === 44) lists++;
      else if (c === 58) words = false;
      else if (c !== 45 && c !== 46) {
        loose = true;
        if (c !== 32 && c !== 39 && c !== 40 && c !== 41 && c !== 38) words = false;
      }
    }
    // Words and no code: a long cell is prose, a short one that is no words is none.
    if (word && loose && (long || !words)) return long ? PROSE : NONE;
  }
  if (!word) return NONE;
  if (!loose && (lists > 0 || (letters > 0 && digits > 0) || marks > 0 || (letters > 1 && lower === 0))) return NONE;
  return long ? PROSE : words ? WORDS : NONE;
}

/**
 * A CSV row's record text: its prose cells but the label's, in column order, when one of them is
 * long (over 20 characters). Short words (an object's name, `Lake` beside `Lake shore`) tell rows
 * apart whose long text is shared; alone they make no record, since a table of short values (a
 * census's `Private`, `Bachelors`, `Male`) is no text a model reads, and its rows would be
 * "duplicates" by the thousand. Empty when the row has no long prose.
 */
export function recordText(cells: readonly TextCell[], labelIdx: number): string {
  for (let i = 0; i < cells.length; i++) if (i !== labelIdx) rowRecord.add(cells[i]!.text);
  return rowRecord.take();
}

/**
 * A record built a cell at a time, by the rule `recordText` states: a CSV row's cells go through
 * one, and the sheet and statistics-package readers add each cell's text as they meet it and take
 * the record at the row's end (empty without long prose).
 */
export class RecordTextBuilder {
  private text = '';
  private long = false;

  add(t: string): void {
    const k = t.length ? cellKind(t) : NONE;
    if (k === NONE) return;
    if (k === PROSE) this.long = true;
    this.text = this.text ? `${this.text} ${t}` : t;
  }

  /** The row's record text, and a fresh start for the next row. */
  take(): string {
    const out = this.long ? this.text : '';
    this.text = '';
    this.long = false;
    return out;
  }
}

/** The CSV parser's builder: one for every row (`take` leaves it empty for the next). */
const rowRecord = new RecordTextBuilder();
