/**
 * Where a slide's shapes lie, in the slide's own EMU (ECMA-376 Part 1, §20.1.7.5–6): a shape's
 * `a:xfrm` (`a:off`, `a:ext`) is in its group's child space, which the group's own `a:xfrm` maps
 * onto its parent's (`a:chOff`/`a:chExt` onto `a:off`/`a:ext`), groups nested to any depth.
 */

export interface Rect {
  x: number;
  y: number;
  cx: number;
  cy: number;
}

/** A group's transform as read: its place in its parent and the child space mapped there. */
interface GroupXfrm {
  off?: { x: number; y: number };
  ext?: { cx: number; cy: number };
  chOff?: { x: number; y: number };
  chExt?: { cx: number; cy: number };
  turned?: boolean;
}

/** Groups nested at most: deeper ones place nothing (a hostile file gets no deeper stack). */
const MAX_GROUP_DEPTH = 64;

/** An `a:off`/`a:chOff` point or an `a:ext`/`a:chExt` extent, when its numbers are numbers. */
function point(a: Record<string, string>): { x: number; y: number } | undefined {
  const p = { x: Number(a.x), y: Number(a.y) };
  return Number.isFinite(p.x) && Number.isFinite(p.y) ? p : undefined;
}
function extent(a: Record<string, string>): { cx: number; cy: number } | undefined {
  const e = { cx: Number(a.cx), cy: Number(a.cy) };
  return Number.isFinite(e.cx) && Number.isFinite(e.cy) && e.cx >= 0 && e.cy >= 0 ? e : undefined;
}

/** `a:xfrm rot`: 60000ths of a degree. */
const ROT_UNIT = 60000;

/** A shape's offset and extent as its `a:xfrm` gives them (fed the `a:xfrm` and its `a:off` and `a:ext`). */
export class XfrmReader {
  off?: { x: number; y: number };
  ext?: { cx: number; cy: number };
  /** Its rotation about its centre, in radians. */
  private rot = 0;

  read(name: string, a: Record<string, string>): void {
    if (name === 'a:off') this.off = point(a);
    else if (name === 'a:ext') this.ext = extent(a);
    else if (name === 'a:xfrm' || name === 'p:xfrm') this.rot = ((Number(a.rot) || 0) / ROT_UNIT) * (Math.PI / 180);
  }

  /** Where it lies: turned about its centre, the box around it (a tall box turned on its side near an edge reaches onto the slide). */
  get rect(): Rect | undefined {
    if (!this.off || !this.ext) return undefined;
    const r = { ...this.off, ...this.ext };
    if (!this.rot) return r;
    const [cos, sin] = [Math.abs(Math.cos(this.rot)), Math.abs(Math.sin(this.rot))];
    const [cx, cy] = [r.cx * cos + r.cy * sin, r.cx * sin + r.cy * cos];
    return { x: r.x + (r.cx - cx) / 2, y: r.y + (r.cy - cy) / 2, cx, cy };
  }
}

/** The open groups of a slide's shape tree, outermost first, and what they do to their children's places. */
export class GroupPlacement {
  private readonly groups: GroupXfrm[] = [];
  private depth = 0;

  get inGroup(): boolean {
    return this.depth > 0;
  }

  enter(): void {
    if (++this.depth <= MAX_GROUP_DEPTH) this.groups.push({});
  }

  leave(): void {
    if (this.depth > 0 && this.depth-- <= MAX_GROUP_DEPTH) this.groups.pop();
  }

  /** The innermost group's `p:grpSpPr/a:xfrm` or an element of it. */
  read(name: string, a: Record<string, string>): void {
    const g = this.depth <= MAX_GROUP_DEPTH ? this.groups.at(-1) : undefined;
    if (!g) return;
    // A turned group's children are not placed here: it is rare, and a wrong place would be a false finding.
    if (name === 'a:xfrm') g.turned = !!Number(a.rot);
    else if (name === 'a:off') g.off = point(a);
    else if (name === 'a:ext') g.ext = extent(a);
    else if (name === 'a:choff') g.chOff = point(a);
    else if (name === 'a:chext') g.chExt = extent(a);
  }

  /** A rectangle in the innermost group's child space on the slide; undefined when a group's transform is not known. */
  place(r: Rect): Rect | undefined {
    if (this.depth > MAX_GROUP_DEPTH) return undefined;
    let out = r;
    for (let i = this.groups.length - 1; i >= 0; i--) {
      const { off, ext, chOff, chExt, turned } = this.groups[i]!;
      if (!off || !ext || turned) return undefined;
      // PowerPoint writes the child space equal to the group's own when nothing is scaled; a group saying no child space is taken so.
      out = mapInto(out, { ...(chOff ?? off), ...(chExt ?? ext) }, { ...off, ...ext });
    }
    return out;
  }
}

/** A rectangle in a group's child space (`from`) mapped onto where the group lies in its parent's (`to`). */
export function mapInto(r: Rect, from: Rect, to: Rect): Rect {
  const sx = from.cx > 0 ? to.cx / from.cx : 1;
  const sy = from.cy > 0 ? to.cy / from.cy : 1;
  return { x: to.x + (r.x - from.x) * sx, y: to.y + (r.y - from.y) * sy, cx: r.cx * sx, cy: r.cy * sy };
}

/** Whether a rectangle lies wholly outside a slide of `size`: beyond its right or bottom edge, or before its left or top. */
export function offSlide(r: Rect | undefined, size: { cx: number; cy: number } | undefined): boolean {
  if (!r || !size || ![r.x, r.y, r.cx, r.cy].every(Number.isFinite)) return false;
  return r.x >= size.cx || r.y >= size.cy || r.x + r.cx <= 0 || r.y + r.cy <= 0;
}

/** Whether two rectangles overlap. */
export function overlap(p: Rect, r: Rect): boolean {
  return p.x < r.x + r.cx && r.x < p.x + p.cx && p.y < r.y + r.cy && r.y < p.y + p.cy;
}
