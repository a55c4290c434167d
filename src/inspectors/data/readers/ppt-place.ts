import type { PptRecord } from './ppt-records.js';
import { mapInto, offSlide, type Rect } from './slide-place.js';

/**
 * Where a `.ppt` slide's shapes lie, as the records pass (MS-PPT, MS-ODRAW): the slide size
 * (DocumentAtom's slideSize, master units), each shape's anchor — an OfficeArtClientAnchor
 * (SmallRectStruct or RectStruct: top, left, right, bottom) for a shape at the top of the drawing,
 * an OfficeArtChildAnchor (left, top, right, bottom) in its group's space for one in a group — and
 * each group's child space (its OfficeArtFSPGR) and place in its parent (its own shape's anchor).
 * A text box placed wholly outside the slide is never seen in the show, though a loader reads it;
 * nor is a placeholder's text, kept in the slides list, whose shape (its ClientTextbox naming the
 * text by index, an OutlineTextRefAtom) lies so.
 */

const RT_DOCUMENT = 0x03e8;
const RT_DOCUMENT_ATOM = 0x03e9;
const RT_DG_CONTAINER = 0xf002;
const RT_SPGR_CONTAINER = 0xf003;
const RT_SP_CONTAINER = 0xf004;
const RT_FSPGR = 0xf009;
const RT_FSP = 0xf00a;
const RT_CHILD_ANCHOR = 0xf00f;
const RT_CLIENT_ANCHOR = 0xf010;
/** OfficeArtFSP's fGroup: the shape is its group's own. */
const F_GROUP = 0x1;

/** Left, top, right, bottom (s32 each) as a rectangle. */
function ltrb(v: DataView): Rect {
  const [l, t, r, b] = [v.getInt32(0, true), v.getInt32(4, true), v.getInt32(8, true), v.getInt32(12, true)];
  return { x: l, y: t, cx: r - l, cy: b - t };
}

/** An OfficeArtClientAnchor's rectangle: SmallRectStruct (s16 ×4) or RectStruct (s32 ×4), each top, left, right, bottom. */
function clientAnchor(v: DataView): Rect | undefined {
  const small = v.byteLength < 16;
  if (small && v.byteLength < 8) return undefined;
  const at = (i: number) => (small ? v.getInt16(i * 2, true) : v.getInt32(i * 4, true));
  const [t, l, r, b] = [at(0), at(1), at(2), at(3)];
  return { x: l, y: t, cx: r - l, cy: b - t };
}

export class PptPlacement {
  private size: { cx: number; cy: number } | undefined;
  /** The shape last anchored: its container's offset and anchor, in its group's space (text follows its anchor in the shape). */
  private anchored: { at: number; rect: Rect } | undefined;
  /** Shapes (containers' offsets) that are their group's own. */
  private groupShape: number | undefined;
  /** The open groups (their containers' offsets): child space and place in the parent; pruned to those still open. */
  private readonly groups = new Map<number, { child?: Rect; at?: Rect }>();

  /** Fed every record of the walk that reads the text, in order. */
  visit(rec: PptRecord, path: readonly PptRecord[]): void {
    const type = rec.type;
    // Most records are none of these: let them by before anything else is looked at.
    if (type !== RT_DOCUMENT_ATOM && type !== RT_SPGR_CONTAINER && type !== RT_FSP && type !== RT_FSPGR && type !== RT_CHILD_ANCHOR && type !== RT_CLIENT_ANCHOR) return;
    const v = new DataView(rec.body.buffer, rec.body.byteOffset, rec.body.byteLength);
    if (type === RT_DOCUMENT_ATOM) {
      if (path.at(-1)?.type === RT_DOCUMENT && v.byteLength >= 8 && v.getInt32(0, true) > 0 && v.getInt32(4, true) > 0) this.size ??= { cx: v.getInt32(0, true), cy: v.getInt32(4, true) };
      return;
    }
    if (type === RT_SPGR_CONTAINER) {
      const open = new Set(path.map((c) => c.at));
      for (const at of this.groups.keys()) if (!open.has(at)) this.groups.delete(at);
      this.groups.set(rec.at, {});
      return;
    }
    const shape = path.at(-1);
    const group = path.at(-2);
    if (shape?.type !== RT_SP_CONTAINER || group?.type !== RT_SPGR_CONTAINER) return;
    const g = this.groups.get(group.at);
    if (type === RT_FSP) {
      if (v.byteLength >= 8 && v.getUint32(4, true) & F_GROUP) this.groupShape = shape.at;
    } else if (type === RT_FSPGR) {
      if (g && v.byteLength >= 16) g.child = ltrb(v);
    } else {
      const rect = type === RT_CHILD_ANCHOR ? (v.byteLength >= 16 ? ltrb(v) : undefined) : clientAnchor(v);
      if (!rect) return;
      if (this.groupShape === shape.at) {
        if (g) g.at = rect;
      } else this.anchored = { at: shape.at, rect };
    }
  }

  /** Whether the shape whose text is read (`path` ends at its ClientTextbox) lies wholly outside the slide. */
  offSlide(path: readonly PptRecord[]): boolean {
    const i = path.length - 2;
    const shape = path[i];
    if (!this.size || !shape || this.anchored?.at !== shape.at) return false;
    let r = this.anchored.rect;
    for (let k = i - 1; k >= 0; k--) {
      const c = path[k]!;
      if (c.type !== RT_SPGR_CONTAINER) continue;
      const g = this.groups.get(c.at);
      if (g?.at && g.child) r = mapInto(r, g.child, g.at);
      // The drawing's outermost group (its patriarch's) is the slide's own space; any other not placed places nothing.
      else if (path[k - 1]?.type !== RT_DG_CONTAINER) return false;
    }
    return offSlide(r, this.size);
  }
}
