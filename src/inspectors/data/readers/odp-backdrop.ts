import type { OdfStyles } from './odf-styles.js';
import { nearColour } from './slide-colour.js';

/**
 * What an OpenDocument slide's text sits on, as its elements open: the slide's background (its
 * drawing-page style's `draw:fill`, else its master page's, else white), then a shape's own fill
 * (its graphic or presentation style). Text whose colour (`fo:color`) is within a few steps of that
 * is not seen on the slide, though a loader reads it. What is not known — a gradient or picture, a
 * drawn shape whose fill comes from the default style, a table cell — matches nothing.
 */

/** The colour behind text (`rrggbb`; undefined when not known) and what paints it. */
export interface Backdrop {
  colour?: string;
  what: 'slide background' | 'frame fill';
}

/** A notes page is printed on white. */
export const NOTES_PAGE: Backdrop = { colour: 'ffffff', what: 'slide background' };
const UNKNOWN: Backdrop = { what: 'frame fill' };

/** Shapes that hold text. A text frame (`draw:frame`) has no fill unless its style gives one; drawn shapes take LibreOffice's default fill. */
const DRAWN = new Set(['draw:custom-shape', 'draw:rect', 'draw:ellipse', 'draw:circle', 'draw:polygon', 'draw:polyline', 'draw:path', 'draw:regular-polygon', 'draw:caption']);

function colourOf(fill: string | undefined): string | undefined {
  return fill?.startsWith('#') ? fill.slice(1) : undefined;
}

/** A slide's background: its page style's fill, else its master page's, else white. */
export function pageBackdrop(styles: OdfStyles, a: Record<string, string>): Backdrop {
  let fill = styles.get('drawing-page', a['draw:style-name']).fill;
  if (fill === undefined || fill === 'none') fill = styles.get('drawing-page', styles.masterPageStyle(a['draw:master-page-name'])).fill;
  if (fill === undefined || fill === 'none') return { colour: 'ffffff', what: 'slide background' };
  return { colour: colourOf(fill), what: 'slide background' };
}

/** What a shape element puts behind its text, or undefined when it is no shape or lets the slide show through. */
export function shapeBackdrop(name: string, a: Record<string, string>, styles: OdfStyles): Backdrop | undefined {
  if (name === 'table:table-cell') return UNKNOWN;
  if (name !== 'draw:frame' && !DRAWN.has(name)) return undefined;
  const fill = styles.get('graphic', a['draw:style-name']).fill ?? styles.get('presentation', a['presentation:style-name']).fill;
  if (fill === 'none' || (fill === undefined && name === 'draw:frame')) return undefined;
  return fill === undefined ? UNKNOWN : { colour: colourOf(fill), what: 'frame fill' };
}

/** A shape's text colour by its styles (a placeholder's presentation style, else its graphic style). */
export function shapeTextColour(styles: OdfStyles, a: Record<string, string>): string | undefined {
  return styles.get('presentation', a['presentation:style-name']).color ?? styles.get('graphic', a['draw:style-name']).color;
}

/** Why text of `color` (`#rrggbb`) is not seen on `behind`, or undefined. */
export function odpHiddenBy(color: string | undefined, behind: Backdrop | undefined): string | undefined {
  const mine = colourOf(color);
  if (!mine || !behind?.colour || !/^[0-9a-f]{6}$/i.test(mine)) return undefined;
  return nearColour(mine, behind.colour) ? `text coloured like its ${behind.what}` : undefined;
}

/** Not known: text on a page over something drawn before it. */
const OVER_PAINTED: Backdrop = { what: 'slide background' };

/**
 * What each element of a deck puts behind its text, page by page: the page's background, a shape's
 * fill, and — once a picture (`draw:image`) or a filled shape has been drawn on the page — nothing
 * known for a shape without a fill of its own (it may sit over them: white text on a photograph).
 */
export class OdpBackdrops {
  private painted = false;

  /** The backdrop an element opens (undefined: as around it). */
  open(name: string, a: Record<string, string>, styles: OdfStyles): Backdrop | undefined {
    if (name === 'draw:page') {
      this.painted = false;
      return pageBackdrop(styles, a);
    }
    if (name === 'presentation:notes') return NOTES_PAGE;
    if (name === 'draw:image') {
      this.painted = true;
      return undefined;
    }
    const own = shapeBackdrop(name, a, styles);
    if (own) {
      this.painted = true;
      return own;
    }
    return this.painted && (name === 'draw:frame' || DRAWN.has(name)) ? OVER_PAINTED : undefined;
  }
}

