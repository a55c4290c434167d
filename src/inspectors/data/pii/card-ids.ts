/**
 * Long digit runs that pass Luhn behind a card prefix and are ids: a 64-bit id printed in decimal
 * (an IOKit registry entry id, a trace or span id, a snowflake) has 19 digits nine times in ten,
 * and one in nine of those opens with 4, Visa's prefix, which takes 13, 16 and 19 digits. Luhn
 * passes one in ten, so about one 64-bit id in a hundred reads as a card. A card longer than
 * sixteen digits (UnionPay, Maestro, Discover and Visa issue up to nineteen) is rare, and written
 * in groups as often as not; an id is one run with an id's name before it, a hex value beside it
 * or another long number next to it in a tuple (`(4851313991485447985,4295098369,"PKGC_C0…")`, a
 * channel of the `IOReportLegend` an `ioreg` dump prints: 11 such "cards" in chardet's
 * `ioreg_output.txt`, and no id word within a line's reach of most). Such a run scores
 * below the threshold (ID_SHAPED_CARD), so a card word (`card`, `visa`, `pan` …) still makes it a
 * finding, as Presidio's context enhancer lifts a weak match.
 */

/** What a card-shaped id scores: below the threshold, so only a card word lifts it. */
export const ID_SHAPED_CARD = 0.3;

/** How far before the run (and after it, for a hex neighbour) its line is read. */
const WINDOW = 48;

/**
 * An id's name as a word (`id=`, `entry id`, `IOKit`, `registry`, `trace`, `span` …) or as the end
 * of one (`entryId`, `IORegistryEntryID`, `trace_id`): a camel-case `Id` / `ID` after a lower-case
 * letter or a digit, so `ANDROID` and `paid` are not.
 */
const ID_WORD = /\b(?:ids?|iokit|registry|entry|trace|span|snowflake|uuid|guid|handle|hash|seed|oid)\b/i;
const ID_SUFFIX = /(?:[a-z0-9](?:Id|ID)|[_-](?:id|Id|ID))s?\b/;

/** A hex literal (`0x100000abc`) or a run of eight or more hex digits with a letter and a digit: what a registry dump or a log prints beside its ids. */
const HEX_NEIGHBOUR = /\b0x[0-9a-f]{4,}\b|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/i;

/** Another number of eight digits or more next to the run in a list or tuple (`(id,4295098369,…)`): a card is written alone. */
const NUMBER_BEFORE = /\d{8,}[ \t]*[,;][ \t]*[([]?$/;
const NUMBER_AFTER = /^[)\]]?[ \t]*[,;][ \t]*[([]?\d{8,}/;

/** Whether card-shaped match `m` is one run of 17 to 19 digits: the lengths 64-bit ids have and cards seldom do. */
export function idLengthRun(m: string): boolean {
  return m.length >= 17 && m.length <= 19 && /^\d+$/.test(m);
}

/** Whether the line around the run at `start`..`end` names an id before it, or prints hex or another long number beside it. */
export function idContext(text: string, start: number, end: number): boolean {
  let before = text.slice(Math.max(0, start - WINDOW), start);
  before = before.slice(before.lastIndexOf('\n') + 1);
  let after = text.slice(end, end + WINDOW);
  const nl = after.indexOf('\n');
  if (nl >= 0) after = after.slice(0, nl);
  return ID_WORD.test(before) || ID_SUFFIX.test(before) || HEX_NEIGHBOUR.test(before) || HEX_NEIGHBOUR.test(after) || NUMBER_BEFORE.test(before) || NUMBER_AFTER.test(after);
}
