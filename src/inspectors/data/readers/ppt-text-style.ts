import { rgbHex } from './slide-colour.js';

/**
 * The colours of a `.ppt` text's character runs, from the StyleTextPropAtom that follows its text
 * atom ([MS-PPT] 2.9.44): paragraph runs (TextPFRun: a u32 count, a u16 indent level and a
 * TextPFException, 2.9.20) until they cover the text and its closing paragraph mark, then character
 * runs (TextCFRun: a u32 count and a TextCFException, 2.9.14) the same way. Each exception is a
 * u32 of mask bits saying which optional fields follow, in a fixed order; a run's colour is its
 * ColorIndexStruct (2.12.2: red, green, blue, then an index — 0xFE for the RGB, 0–7 for the slide's
 * colour scheme, 0xFF for none). Only the fields before the colour are sized; nothing is kept but
 * each character run's length and colour.
 */

/** A character run's colour: an `RRGGBB`, or an index in the slide's colour scheme (0 its background). */
export type RunColour = { rgb: string } | { scheme: number };

export interface CharRun {
  count: number;
  colour?: RunColour;
}

/** Runs read at most from one atom (its text is capped; a run is 6 bytes at least). */
const MAX_RUNS = 1 << 16;

/** TextPFException's optional fields, by mask bit, in the order they follow the masks: [bits, bytes]. */
const PF_FIELDS: [number, number][] = [
  [0x000f, 2], // bulletFlags: hasBullet, bulletHasFont, bulletHasColor, bulletHasSize
  [0x0080, 2], // bulletChar
  [0x0010, 2], // bulletFontRef
  [0x0040, 2], // bulletSize
  [0x0020, 4], // bulletColor
  [0x0800, 2], // textAlignment
  [0x1000, 2], // lineSpacing
  [0x2000, 2], // spaceBefore
  [0x4000, 2], // spaceAfter
  [0x0100, 2], // leftMargin
  [0x0400, 2], // indent
  [0x8000, 2], // defaultTabSize
];
const PF_TAB_STOPS = 0x100000;
/** After the tab stops: fontAlign, wrapFlags (charWrap, wordWrap, overflow), textDirection. */
const PF_AFTER_TABS: [number, number][] = [
  [0x10000, 2],
  [0xe0000, 2],
  [0x200000, 2],
];
/** bulletBlip, bulletScheme, bulletHasScheme: MUST be zero; their sizes are not given. */
const PF_UNSIZED = 0x3800000;

/** CFMasks bits whose presence brings the u16 fontStyle: bold, italic, underline, shadow, fehint, kumi, emboss, fHasStyle. */
const CF_STYLE = 0x3eb7;
/** typeface, oldEATypeface, ansiTypeface, symbolTypeface, size: a u16 each, before the colour. */
const CF_BEFORE_COLOUR = [0x10000, 0x200000, 0x400000, 0x800000, 0x20000];
const CF_COLOUR = 0x40000;
const CF_POSITION = 0x80000;
/** pp10ext, newEATypeface, csTypeface, pp11ext: MUST be zero in a TextCFException. */
const CF_UNSIZED = 0x7100000;

/** Thrown for an atom that does not parse; the caller says so and reads the text uncoloured. */
class Malformed extends Error {}

/**
 * The character runs of a StyleTextPropAtom body for a text of `length` characters; throws an Error
 * saying what is wrong when the runs run past the atom or use fields the format leaves unsized.
 */
export function charRuns(body: Uint8Array, length: number): CharRun[] {
  // A cursor over the body: no closures or DataView (one atom per text, read on every slide).
  const end = body.length;
  let at = 0;
  const past = () => new Malformed(`its runs go past its ${end} bytes`);
  const u32 = () => {
    if (at + 4 > end) throw past();
    at += 4;
    return (body[at - 4]! | (body[at - 3]! << 8) | (body[at - 2]! << 16) | (body[at - 1]! << 24)) >>> 0;
  };
  // Paragraph runs: sized only, to reach the character runs.
  for (let covered = 0, n = 0; covered <= length; n++) {
    if (n >= MAX_RUNS) throw new Malformed(`over ${MAX_RUNS} paragraph runs`);
    const count = u32();
    if (count === 0) throw new Malformed('a paragraph run of no characters');
    covered += count;
    at += 2;
    const masks = u32();
    if (masks & PF_UNSIZED) throw new Malformed('a paragraph run with a bullet picture or scheme');
    for (const [bits, bytes] of PF_FIELDS) if (masks & bits) at += bytes;
    if (masks & PF_TAB_STOPS) {
      if (at + 2 > end) throw past();
      at += 2 + (body[at]! | (body[at + 1]! << 8)) * 4;
    }
    for (const [bits, bytes] of PF_AFTER_TABS) if (masks & bits) at += bytes;
    if (at > end) throw past();
  }
  const runs: CharRun[] = [];
  for (let covered = 0; covered < length; ) {
    if (runs.length >= MAX_RUNS) throw new Malformed(`over ${MAX_RUNS} character runs`);
    const count = u32();
    if (count === 0) throw new Malformed('a character run of no characters');
    covered += count;
    const masks = u32();
    if (masks & CF_UNSIZED) throw new Malformed('a character run with extension fields');
    if (masks & CF_STYLE) at += 2;
    for (const bits of CF_BEFORE_COLOUR) if (masks & bits) at += 2;
    const run: CharRun = { count };
    if (masks & CF_COLOUR) {
      if (at + 4 > end) throw past();
      const index = body[at + 3]!;
      if (index === 0xfe) run.colour = { rgb: rgbHex(body[at]!, body[at + 1]!, body[at + 2]!) };
      else if (index <= 7) run.colour = { scheme: index };
      at += 4;
    }
    if (masks & CF_POSITION) at += 2;
    if (at > end) throw past();
    runs.push(run);
  }
  return runs;
}
