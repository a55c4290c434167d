import { type Fill, FillReader } from './slide-fill.js';
import { parseXml } from './xml.js';

/**
 * The own fills of a slide's table cells (`a:tc/a:tcPr/a:solidFill`, ECMA-376 Part 1, §21.1.3.17),
 * in document order: a cell's properties follow its text, so they are read in a pass of their own
 * before the slide's text is (only for a slide with a table in it). A cell with no fill of its own
 * is undefined: its table style's shows, which is not read.
 */

/** Cells whose fills are kept: past this, a cell's fill is not known (the slide's part is bounded, this keeps the list so). */
const MAX_CELLS = 1 << 16;

export function tableCellFills(xml: string): (Fill | undefined)[] {
  if (!/<a:tbl[\s>]/.test(xml)) return [];
  const out: (Fill | undefined)[] = [];
  let cell = -1;
  const fills = new FillReader((container, fill) => {
    if (container === 'a:tcpr' && cell >= 0 && cell < MAX_CELLS) out[cell] ??= fill;
  });
  parseXml(xml, {
    open(tag, a) {
      const name = tag.toLowerCase();
      fills.open(name, a);
      if (name === 'a:tc') {
        cell = out.length;
        if (cell < MAX_CELLS) out.push(undefined);
      }
    },
    close: (tag) => fills.close(tag.toLowerCase()),
  });
  return out;
}
