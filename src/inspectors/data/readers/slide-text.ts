import type { Inherited, SlideLook } from './pptx-design.js';
import { changesColour, colourRef, isColourElement, nearColour, resolveColour } from './slide-colour.js';
import { type Fill, FillReader } from './slide-fill.js';
import { GroupPlacement, offSlide, overlap, type Rect, XfrmReader } from './slide-place.js';
import { LevelFills, paragraphLevel } from './slide-text-styles.js';

/**
 * Why a slide's text run cannot be seen though a loader reads it, worked out as the slide's XML is
 * parsed (fed every element's open and close): its colour is the colour of what it sits on, or its
 * shape lies wholly off the slide (`a:xfrm`'s offset and extent, through its groups' transforms,
 * outside `p:sldSz`; a placeholder placed by its layout where the layout's or master's lies).
 *
 * The run's colour is its own (`a:rPr/a:solidFill`; a hyperlink's the theme's `hlink`), else its
 * level's (`a:pPr lvl`) in its shape's `a:lstStyle`, its shape style's font colour, then — for a
 * placeholder — the layout's and master's placeholder of its kind and the master's title or body
 * style, or — for any other shape — the master's other-text style (pptx-design.ts). What it sits on
 * is its shape's fill (a placeholder's, else its layout's or master's), a table cell's own fill
 * (`a:tcPr`, read beforehand: slide-table-fills.ts), else the slide's background (its own `p:bg`,
 * else its layout's or master's: `SlideLook`). Only what is known counts: a fill not of one colour,
 * a shape with a theme style's fill, a cell with no fill of its own (its table style's) or text in
 * one without a colour of its own, and a shape without a fill drawn over a picture or a filled
 * shape (white text on a photograph) are never flagged.
 */

interface Shape {
  /** `p:sp`, or a picture or frame (chart, table, media) painted over what is behind it. */
  picture: boolean;
  /** Its own fill; undefined when it has none (its placeholder's shows, else the background). */
  fill?: Fill;
  xfrm: XfrmReader;
  /** Its place on the slide, once known. */
  at?: Rect;
  /** Whether its own `a:xfrm` was read (else a placeholder lies where its layout's does). */
  placed: boolean;
  offSlide: boolean;
  grouped: boolean;
  ph?: { type: string; idx?: string };
  inherited?: Inherited;
  levels: LevelFills;
  /** Its style's font colour (`p:style/a:fontRef`). */
  font?: Fill;
}

/** Elements drawn on a slide: shapes (which hold text), and pictures and frames, which paint over what is behind. */
const DRAWN = new Set(['p:sp', 'p:pic', 'p:graphicframe']);
/** Where a drawn element's offset and extent are: `p:spPr/a:xfrm`, a frame's `p:xfrm`. */
const PLACED_BY = new Set(['p:sppr', 'p:graphicframe']);
/** Painted areas kept per slide. */
const MAX_PAINTED = 256;
/** A hyperlink's text, in the theme's hyperlink colour unless it says its own. */
const HYPERLINK: Fill = { kind: 'solid', ref: { scheme: 'hlink' } };

export class SlideTextLook {
  private readonly fills: FillReader;
  private readonly shapes: Shape[] = [];
  private readonly groups = new GroupPlacement();
  private own: Fill | undefined;
  private run: Fill | undefined;
  private hyperlink = false;
  private highlighted = false;
  private level = 0;
  /** The background's colour once known; null when it cannot be. */
  private background: string | null | undefined;
  private tables = 0;
  /** The table cell now read: its own fill, `undefined` when it has none (its table style's). */
  private cell: { fill?: Fill } | undefined;
  private cells = 0;
  /**
   * Where the slide is painted over before the shape now read (pictures, frames, filled shapes, in
   * drawing order, the layout's and master's first): text over them is not on the background.
   * `anywhere` for one not placed.
   */
  private readonly painted: (Rect | 'anywhere')[] = [];

  /** `cellFills` are the slide's table cells' own fills in document order (slide-table-fills.ts). */
  constructor(
    private readonly look: SlideLook,
    private readonly cellFills: readonly (Fill | undefined)[] = [],
  ) {
    this.painted.push(...look.painted.slice(0, MAX_PAINTED));
    this.fills = new FillReader((container, fill) => {
      const shape = this.shapes.at(-1);
      if (container === 'p:bgpr' || container === 'p:bg') this.own ??= fill;
      else if (container === 'a:rpr') this.run = fill;
      else if (container === 'p:sppr' && shape) shape.fill = fill;
      else if (shape && !this.tables && LevelFills.listOf(this.fills.path, container) === 'a:lststyle') shape.levels.take(this.fills.path, fill);
    });
  }

  /** Names come lower-cased, as office.ts's parser gives them. */
  open(name: string, a: Record<string, string>): void {
    const path = this.fills.path;
    const parent = path.at(-1);
    this.fills.open(name, a);
    const shape = this.shapes.at(-1);
    if (DRAWN.has(name)) this.shapes.push({ picture: name !== 'p:sp', offSlide: false, grouped: this.groups.inGroup, placed: false, xfrm: new XfrmReader(), levels: new LevelFills() });
    else if (name === 'p:grpsp') this.groups.enter();
    else if (name === 'a:tbl') this.tables++;
    else if (name === 'a:tc') this.cell = { fill: this.cellFills[this.cells++] };
    else if (name === 'a:r' || name === 'a:fld') {
      this.run = undefined;
      this.highlighted = this.hyperlink = false;
    } else if (name === 'a:p') this.level = 0;
    else if (name === 'a:ppr' && parent === 'a:p') this.level = paragraphLevel(a);
    else if (parent === 'a:rpr' && name === 'a:highlight') this.highlighted = true;
    else if (parent === 'a:rpr' && name === 'a:hlinkclick') this.hyperlink = true;
    else if (name === 'p:ph' && shape) shape.ph = { type: a.type ?? 'obj', ...(a.idx === undefined ? {} : { idx: a.idx }) };
    // A shape drawn in a theme style (`p:style/a:fillRef idx` not 0) is filled unless it says otherwise.
    else if (name === 'a:fillref' && shape && !shape.fill && a.idx !== '0') shape.fill = { kind: 'unknown' };
    else if (shape && parent === 'a:fontref' && isColourElement(name)) shape.font = fontFill(name, a);
    else if (shape && path.at(-3) === 'a:fontref' && changesColour(name)) shape.font = { kind: 'unknown' };
    else if ((name === 'a:xfrm' && parent === 'p:grpsppr') || (parent === 'a:xfrm' && path.at(-3) === 'p:grpsppr')) this.groups.read(name, a);
    else if (shape && (name === 'a:xfrm' || name === 'p:xfrm') && PLACED_BY.has(parent ?? '')) shape.xfrm.read(name, a);
    else if (shape && (parent === 'a:xfrm' || parent === 'p:xfrm') && PLACED_BY.has(path.at(-3) ?? '')) shape.xfrm.read(name, a);
    else if (name === 'p:txbody' && shape) this.settle(shape);
  }

  close(name: string): void {
    const shape = this.shapes.at(-1);
    const path = this.fills.path;
    if (shape && ((name === 'a:xfrm' && path.at(-2) === 'p:sppr') || (name === 'p:xfrm' && path.at(-2) === 'p:graphicframe'))) {
      shape.placed = true;
      const rect = shape.xfrm.rect;
      shape.at = rect && this.groups.place(rect);
      shape.offSlide = offSlide(shape.at, this.look.size);
    }
    this.fills.close(name);
    if (DRAWN.has(name)) {
      this.shapes.pop();
      if (!shape) return;
      this.settle(shape);
      const fill = this.fillOf(shape);
      if (shape.picture || (fill && fill.kind !== 'none')) {
        // Bounded (each text is checked against them all): past MAX_PAINTED, the whole slide counts as painted over.
        if (this.painted.length >= MAX_PAINTED) this.painted.splice(0, this.painted.length, 'anywhere');
        else this.painted.push(shape.at ?? 'anywhere');
      }
    } else if (name === 'p:grpsp') this.groups.leave();
    else if (name === 'a:tbl') this.tables = Math.max(0, this.tables - 1);
    else if (name === 'a:tc') this.cell = undefined;
  }

  private inheritedOf(s: Shape): Inherited {
    return (s.inherited ??= this.look.inherited(s.ph));
  }

  /** A placeholder that does not place itself lies where its layout's or master's does (not inside a group, whose space differs). */
  private settle(s: Shape): void {
    if (s.placed || !s.ph || s.grouped) return;
    s.placed = true;
    s.at = this.inheritedOf(s).at;
    s.offSlide = offSlide(s.at, this.look.size);
  }

  /** A shape's fill: its own, else (a placeholder) its layout's or master's placeholder's. */
  private fillOf(s: Shape): Fill | undefined {
    return s.fill ?? (s.ph ? this.inheritedOf(s).fill : undefined);
  }

  /** Whether a shape may sit over a picture or filled shape drawn before it (not placed: wherever one was). */
  private overPainted(s: Shape): boolean {
    if (!this.painted.length) return false;
    const at = s.at;
    return !at || this.painted.some((p) => p === 'anywhere' || overlap(p, at));
  }

  /** The fill of the run now read: its own, else what its paragraph's level inherits. Text in a table takes no more than its own. */
  private runFill(shape: Shape | undefined): Fill | undefined {
    if (this.run) return this.run;
    if (this.hyperlink) return HYPERLINK;
    if (!shape || this.tables) return undefined;
    return shape.levels.at(this.level) ?? shape.font ?? this.inheritedOf(shape).text(this.level);
  }

  /** Why the text now being read is not seen, or undefined. */
  why(): string | undefined {
    const shape = this.shapes.at(-1);
    if (shape?.offSlide) return 'off the slide';
    const run = this.runFill(shape);
    if (run?.kind !== 'solid' || this.highlighted) return undefined;
    const colour = resolveColour(run.ref, this.look.scheme);
    if (!colour) return undefined;
    const [fill, what] = this.tables ? [this.cell?.fill ?? { kind: 'unknown' as const }, 'cell'] : [shape && this.fillOf(shape), 'shape'];
    if (fill && fill.kind !== 'none') {
      const behind = fill.kind === 'solid' ? resolveColour(fill.ref, this.look.scheme) : undefined;
      return behind && nearColour(colour, behind) ? `text coloured like its ${what} fill` : undefined;
    }
    // Worked out once per slide: its own background comes before any of its text.
    if (this.background === undefined) this.background = this.look.background(this.own) ?? null;
    const background = this.background;
    if (shape && this.overPainted(shape)) return undefined;
    return background && nearColour(colour, background) ? 'text coloured like its slide background' : undefined;
  }
}

/** A shape style's font colour (`<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef>`), as a fill. */
function fontFill(name: string, a: Record<string, string>): Fill {
  const ref = colourRef(name, a);
  return ref ? { kind: 'solid', ref } : { kind: 'unknown' };
}
