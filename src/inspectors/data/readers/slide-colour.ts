/**
 * DrawingML colours as a slide's text, shapes and backgrounds give them (ECMA-376 Part 1, §20.1.2.3):
 * a literal (`<a:srgbClr val="FFFFFF"/>`), a system colour with the value it last had
 * (`<a:sysClr val="window" lastClr="FFFFFF"/>`), a preset (`<a:prstClr val="white"/>`) or a scheme
 * colour (`<a:schemeClr val="bg1"/>`), named through the master's colour map (`bg1` → `lt1`) and
 * valued by the theme. A colour with modifiers (`lumMod`, `tint`, `shade`…) is not worked out: it
 * counts as unknown, so it is never taken to match anything (alpha alone changes no hue and is let by).
 */

/** A colour as written: six hex digits, or a scheme name left for the slide's map and theme. */
export type ColourRef = { rgb: string } | { scheme: string };

/** The presets a deck uses for white and black, the ones that hide text on a page of the same. */
const PRESETS: Record<string, string> = { white: 'FFFFFF', black: '000000' };

/** Colour elements, lower-cased as the parsers give them. */
const COLOUR_ELEMENTS = new Set(['a:srgbclr', 'a:sysclr', 'a:prstclr', 'a:schemeclr', 'a:scrgbclr', 'a:hslclr']);

/** Whether an element is one of DrawingML's colour choices. */
export function isColourElement(name: string): boolean {
  return COLOUR_ELEMENTS.has(name);
}

/** The colour a colour element names, or undefined when it is one not read here (scRGB, HSL, an unknown preset). */
export function colourRef(name: string, a: Record<string, string>): ColourRef | undefined {
  if (name === 'a:srgbclr' && /^[0-9a-f]{6}$/i.test(a.val ?? '')) return { rgb: a.val!.toUpperCase() };
  if (name === 'a:sysclr' && /^[0-9a-f]{6}$/i.test(a.lastClr ?? '')) return { rgb: a.lastClr!.toUpperCase() };
  if (name === 'a:prstclr' && a.val && PRESETS[a.val]) return { rgb: PRESETS[a.val]! };
  if (name === 'a:schemeclr' && a.val) return { scheme: a.val };
  return undefined;
}

/** Whether a child of a colour element changes the colour (every modifier but alpha). */
export function changesColour(name: string): boolean {
  return name.startsWith('a:') && name !== 'a:alpha';
}

/**
 * Largest difference in any channel for two colours to count as the same to a reader: `FEFEFE` on
 * white is as unreadable as `FFFFFF`, and writers round theme colours a step or two.
 */
const NEAR = 16;

/** Three channels as `RRGGBB` (the binary formats' colours). */
export function rgbHex(r: number, g: number, b: number): string {
  return ((r << 16) | (g << 8) | b).toString(16).padStart(6, '0').toUpperCase();
}

/** Whether two `RRGGBB` colours are the same or within NEAR of each other in every channel. */
export function nearColour(a: string, b: string): boolean {
  const x = parseInt(a, 16);
  const y = parseInt(b, 16);
  for (let shift = 0; shift < 24; shift += 8) {
    if (Math.abs(((x >> shift) & 0xff) - ((y >> shift) & 0xff)) > NEAR) return false;
  }
  return true;
}

/**
 * Scheme colours' values for one slide: its colour map (`bg1` → `lt1`, the master's `p:clrMap`,
 * overridden by a layout's or the slide's own) and its theme's `a:clrScheme` (`lt1` → `FFFFFF`).
 */
export interface SlideScheme {
  map: Readonly<Record<string, string>>;
  theme: ReadonlyMap<string, string>;
}

/** The names a colour map maps (the rest — `accent1`, `dk1` — are the theme's own). */
const MAPPED = new Set(['bg1', 'tx1', 'bg2', 'tx2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink']);
/** PowerPoint's own map, for a master that writes none. */
export const DEFAULT_MAP: Readonly<Record<string, string>> = { bg1: 'lt1', tx1: 'dk1', bg2: 'lt2', tx2: 'dk2' };

/** A colour's `RRGGBB` on a slide; undefined when a scheme name resolves to nothing (or `phClr`, a style's placeholder). */
export function resolveColour(ref: ColourRef | undefined, scheme: SlideScheme): string | undefined {
  if (!ref) return undefined;
  if ('rgb' in ref) return ref.rgb;
  const name = MAPPED.has(ref.scheme) ? (scheme.map[ref.scheme] ?? DEFAULT_MAP[ref.scheme] ?? ref.scheme) : ref.scheme;
  return scheme.theme.get(name.toLowerCase());
}
