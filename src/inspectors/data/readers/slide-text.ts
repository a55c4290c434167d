import type { SlideLook } from './pptx-design.js';
import { nearColour, resolveColour } from './slide-colour.js';
import { type Fill, FillReader } from './slide-fill.js';

/**
 * Why a slide's text run cannot be seen though a loader reads it, worked out as the slide's XML is
 * parsed (fed every element's open and close): its colour (`a:rPr/a:solidFill`) is the colour of
 * what it sits on — its shape's fill (`p:spPr/a:solidFill`), else, when the shape has none, the
 * slide's background (its own `p:bg`, else its layout's or master's: `SlideLook`) — or its shape
 * lies wholly off the slide (`a:xfrm`'s offset and extent outside `p:sldSz`), where the deck never
 * shows it. Only what is known counts: a run without a colour of its own (its colour comes from
 * placeholders and text styles), a fill not of one colour, a table cell (its fill comes after its
 * text), a shape with a theme style's fill, a shape inside a group (placed in the group's own
 * coordinates), and a shape without a fill of its own drawn over a picture or a filled shape
 * (white text on a photograph) are never flagged.
 */

interface Shape {
  /** `p:sp`, or a picture or frame (chart, table, media) painted over what is behind it. */
  picture: boolean;
  /** Its own fill; undefined when it has none (the background shows through). */
  fill?: Fill;
  off?: { x: number; y: number };
  ext?: { cx: number; cy: number };
  offSlide: boolean;
  grouped: boolean;
}

/** Elements drawn on a slide: shapes (which hold text), and pictures and frames, which paint over what is behind. */
const DRAWN = new Set(['p:sp', 'p:pic', 'p:graphicframe']);
/** Where a drawn element's offset and extent are: `p:spPr/a:xfrm`, a frame's `p:xfrm`. */
const PLACED_BY = new Set(['p:sppr', 'p:graphicframe']);
/** Painted areas kept per slide. */
const MAX_PAINTED = 256;

export class SlideTextLook {
  private readonly fills: FillReader;
  private readonly shapes: Shape[] = [];
  private own: Fill | undefined;
  private run: Fill | undefined;
  private highlighted = false;
  /** The background's colour once known; null when it cannot be. */
  private background: string | null | undefined;
  private tables = 0;
  private groups = 0;
  /**
   * Where the slide is painted over before the shape now read (pictures, frames, filled shapes, in
   * drawing order): text over them is not on the background. `anywhere` for one not placed
   * (a placeholder's place is its layout's).
   */
  private readonly painted: (Required<Pick<Shape, 'off' | 'ext'>> | 'anywhere')[] = [];

  constructor(private readonly look: SlideLook) {
    this.fills = new FillReader((container, fill) => {
      const shape = this.shapes.at(-1);
      if (container === 'p:bgpr' || container === 'p:bg') this.own ??= fill;
      else if (container === 'a:rpr') this.run = fill;
      else if (container === 'p:sppr' && shape) shape.fill = fill;
    });
  }

  /** Names come lower-cased, as office.ts's parser gives them. */
  open(name: string, a: Record<string, string>): void {
    const parent = this.fills.path.at(-1);
    this.fills.open(name, a);
    const shape = this.shapes.at(-1);
    if (DRAWN.has(name)) this.shapes.push({ picture: name !== 'p:sp', offSlide: false, grouped: this.groups > 0 });
    else if (name === 'p:grpsp') this.groups++;
    else if (name === 'a:tbl') this.tables++;
    else if (name === 'a:r' || name === 'a:fld') {
      this.run = undefined;
      this.highlighted = false;
    } else if (name === 'a:highlight' && parent === 'a:rpr') this.highlighted = true;
    // A shape drawn in a theme style (`p:style/a:fillRef idx` not 0) is filled unless it says otherwise.
    else if (name === 'a:fillref' && shape && !shape.fill && a.idx !== '0') shape.fill = { kind: 'unknown' };
    else if (shape && (parent === 'a:xfrm' || parent === 'p:xfrm') && PLACED_BY.has(this.fills.path.at(-3) ?? '')) {
      if (name === 'a:off') shape.off = { x: Number(a.x), y: Number(a.y) };
      else if (name === 'a:ext') shape.ext = { cx: Number(a.cx), cy: Number(a.cy) };
    }
  }

  close(name: string): void {
    const shape = this.shapes.at(-1);
    if (name === 'a:xfrm' && shape && this.fills.path.at(-2) === 'p:sppr') shape.offSlide = this.outside(shape);
    this.fills.close(name);
    if (DRAWN.has(name)) {
      this.shapes.pop();
      if (shape && (shape.picture || (shape.fill && shape.fill.kind !== 'none'))) {
        // Bounded (each text is checked against them all): past MAX_PAINTED, the whole slide counts as painted over.
        if (this.painted.length >= MAX_PAINTED) this.painted.splice(0, this.painted.length, 'anywhere');
        else this.painted.push(shape.off && shape.ext && !shape.grouped ? { off: shape.off, ext: shape.ext } : 'anywhere');
      }
    }
    else if (name === 'p:grpsp') this.groups = Math.max(0, this.groups - 1);
    else if (name === 'a:tbl') this.tables = Math.max(0, this.tables - 1);
  }

  /** Whether a top-level shape lies wholly outside the slide: beyond its right or bottom edge, or before its left or top. */
  private outside(s: Shape): boolean {
    const size = this.look.size;
    if (!size || s.grouped || !s.off || !s.ext) return false;
    const { x, y } = s.off;
    const { cx, cy } = s.ext;
    if (![x, y, cx, cy].every(Number.isFinite)) return false;
    return x >= size.cx || y >= size.cy || x + cx <= 0 || y + cy <= 0;
  }

  /** Whether a shape may sit over a picture or filled shape drawn before it (not placed: wherever one was). */
  private overPainted(s: Shape): boolean {
    if (!this.painted.length) return false;
    if (!s.off || !s.ext) return true;
    const { x, y } = s.off;
    const { cx, cy } = s.ext;
    return this.painted.some((p) => p === 'anywhere' || (p.off.x < x + cx && x < p.off.x + p.ext.cx && p.off.y < y + cy && y < p.off.y + p.ext.cy));
  }

  /** Why the text now being read is not seen, or undefined. */
  why(): string | undefined {
    const shape = this.shapes.at(-1);
    if (shape?.offSlide) return 'off the slide';
    if (this.run?.kind !== 'solid' || this.highlighted || this.tables || shape?.grouped) return undefined;
    const colour = resolveColour(this.run.ref, this.look.scheme);
    if (!colour) return undefined;
    const fill = shape?.fill;
    if (fill && fill.kind !== 'none') {
      const behind = fill.kind === 'solid' ? resolveColour(fill.ref, this.look.scheme) : undefined;
      return behind && nearColour(colour, behind) ? 'text coloured like its shape fill' : undefined;
    }
    // Worked out once per slide: its own background comes before any of its text.
    if (this.background === undefined) this.background = this.look.background(this.own) ?? null;
    const background = this.background;
    if (shape && this.overPainted(shape)) return undefined;
    return background && nearColour(colour, background) ? 'text coloured like its slide background' : undefined;
  }
}
