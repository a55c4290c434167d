import { colourRef, type ColourRef } from './slide-colour.js';
import { type Fill, FillReader } from './slide-fill.js';
import { parseXml } from './xml.js';

/**
 * What a deck's theme (`ppt/theme/theme1.xml`, `a:theme`) says of colour: its colour scheme
 * (`a:clrScheme`: `dk1`, `lt1`, `accent1`… each a literal or a system colour) and its background
 * fill styles (`a:bgFillStyleLst`, which a `<p:bgRef idx="1001">` background names).
 */
export interface ThemeColours {
  /** Scheme slot, lower-cased (`lt1`, `folhlink`), to `RRGGBB`. */
  scheme: Map<string, string>;
  /** The background fill styles in order: `idx` 1001 is the first. */
  backgrounds: Fill[];
}

/** Fill styles kept at most: a theme has three; a hostile one gets no more than this looked at. */
const MAX_BACKGROUNDS = 16;

export function themeColours(xml: string): ThemeColours {
  const scheme = new Map<string, string>();
  const backgrounds: Fill[] = [];
  let slot: string | undefined;
  const fills = new FillReader((container, fill) => {
    if (container === 'a:bgfillstylelst' && backgrounds.length < MAX_BACKGROUNDS) backgrounds.push(fill);
  });
  parseXml(xml, {
    open(tag, a) {
      const name = tag.toLowerCase();
      const parent = fills.path.at(-1);
      fills.open(name, a);
      if (parent === 'a:clrscheme') slot = name.slice(2).toLowerCase();
      else if (slot && parent === `a:${slot}`) {
        const ref: ColourRef | undefined = colourRef(name, a);
        if (ref && 'rgb' in ref && !scheme.has(slot)) scheme.set(slot, ref.rgb);
      }
    },
    close(tag) {
      fills.close(tag.toLowerCase());
      if (tag.toLowerCase() === `a:${slot}`) slot = undefined;
    },
  });
  return { scheme, backgrounds };
}
