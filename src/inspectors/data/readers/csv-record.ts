import { hasWord } from './json-paths.js';
import type { TextCell } from './types.js';

/** Past this length a prose cell is text a model reads; up to it, a name or a category. */
const LONG = 20;

/**
 * Whether a cell is a code or a list of codes, not words: one token (no white space) of letters,
 * digits and `_ . : -` that mixes letters with digits (`INH-A1`, `5733be28…`), holds an underscore
 * (`UC_NONE`) or is capitals only (`CATDIS`), or such tokens joined by `;`, `,` or `|`
 * (`INFORM;NINFOM;NTXTDS;` in GDAL's S-57 catalogues, `Line;Area;`). A row is not told from another
 * by them as a training example is (an id column makes every row distinct), and the S-57 attribute
 * lists, shared by dozens of object classes, made those rows "identical records". URLs, addresses
 * and paths (`/`, `@`) stay prose, as before.
 */
export function isCode(t: string): boolean {
  let letters = 0;
  let digits = 0;
  let lower = 0;
  let marks = 0;
  let lists = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      letters++;
      lower++;
    } else if (c >= 65 && c <= 90) letters++;
    else if (c >= 48 && c <= 57) digits++;
    else if (c === 95) marks++;
    else if (c === 59 || c === 44 || c === 124) lists++;
    else if (c !== 46 && c !== 58 && c !== 45) return false; // white space, `/`, `@`, any other letter: words
  }
  return lists > 0 || (letters > 0 && digits > 0) || marks > 0 || (letters > 1 && lower === 0);
}

/** Whether a cell is words for the record text: two letters in a row (numbers and dates are not), and no code. */
function isProse(t: string): boolean {
  return hasWord(t) && !isCode(t);
}

/**
 * A CSV row's record text: its prose cells but the label's, in column order, when one of them is
 * long (over 20 characters). Short prose (an object's name, `Lake` beside `Lake shore`) tells rows
 * apart whose long text is shared; alone it makes no record, since a table of short values (a
 * census's `Private`, `Bachelors`, `Male`) is no text a model reads, and its rows would be
 * "duplicates" by the thousand. Empty when the row has no long prose.
 */
export function recordText(cells: readonly TextCell[], labelIdx: number): string {
  let long = false;
  for (let i = 0; i < cells.length && !long; i++) {
    const t = cells[i]!.text;
    long = i !== labelIdx && t.length > LONG && isProse(t);
  }
  if (!long) return '';
  let text = '';
  for (let i = 0; i < cells.length; i++) {
    const t = cells[i]!.text;
    if (i !== labelIdx && isProse(t)) text = text ? `${text} ${t}` : t;
  }
  return text;
}
