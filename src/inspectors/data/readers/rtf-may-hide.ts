/**
 * Whether an RTF document may hide text from its reader as `rtf-doc.ts` flags it (`hiddenWhy` in
 * `rtf-format.ts`, and comments): a scan of the raw document for the control words that can, so
 * a message's RTF body, read only for what it hides (`mapi-text.ts`), is not parsed when nothing
 * in it can. Never false when the reader would flag a run (tested against the reader on random
 * documents); true more often than that — a word in a style no text uses, a white colour no text
 * is in, a leading zero, a `\v` written as text — which costs a parse, never a miss.
 *
 * A style (`\sN`, `\csN`) hides only by the same words in its stylesheet entry, which the scan
 * sees there; words are matched as the reader reads them (case-sensitive, ended by a non-letter).
 */

/** `\v` or `\deleted` not turned off: no number, or one that is not all zeros (`\v0`, `\v-0` show). */
const TOGGLED_ON = /\\(?:v|deleted)(?![A-Za-z])(?!-?0+(?!\d))/;
/** A comment (`{\*\annotation …}`). */
const COMMENT = /\\annotation(?![A-Za-z])/;
/** `\fsN` under 2 half-points: negative, 1, or a number written with a leading zero (0, 01…). */
const TINY = /\\fs(?:-\d|0|1(?!\d))/;
/** `\cfN` naming a colour past the "auto" entry (0). */
const COLOURED = /\\cf0*[1-9]/;
/** A colour channel of 250 or more (the reader caps it at 255), each needed for white. */
const BRIGHT = ['red', 'green', 'blue'].map((c) => new RegExp(String.raw`\\${c}0*(?:2[5-9]\d|[3-9]\d\d|[1-9]\d{3,})`));

export function rtfMayHide(raw: string): boolean {
  if (TOGGLED_ON.test(raw) || COMMENT.test(raw) || TINY.test(raw)) return true;
  return COLOURED.test(raw) && BRIGHT.every((re) => re.test(raw));
}
