import { type Fill, FillReader } from './slide-fill.js';
import { type Rect, XfrmReader } from './slide-place.js';
import { LevelFills } from './slide-text-styles.js';
import { parseXml } from './xml.js';

/**
 * What a slide layout or master gives the slides on it (ECMA-376 Part 1, §19.3.1): its background
 * (`p:cSld/p:bg`), colour map (`p:clrMap`, a layout's `a:overrideClrMapping`), its placeholders —
 * each one's type and index (`p:nvPr/p:ph`), fill, place and list style, which a slide's placeholder
 * of the same type or index inherits where it says nothing itself — and a master's text styles
 * (`p:txStyles`: title, body and other text, by level), and where its own pictures and filled shapes,
 * drawn on every slide on it unless the slide or layout says not to (`showMasterSp="0"`), lie.
 */

export interface PlaceholderDesign {
  /** `p:ph type`, `obj` when not given (the schema's default). */
  type: string;
  idx?: string;
  /** Its own fill (`p:spPr`), `unknown` for a theme style's (`p:style/a:fillRef`). */
  fill?: Fill;
  at?: Rect;
  levels: LevelFills;
}

export interface PartDesign {
  background?: Fill;
  map?: Record<string, string>;
  placeholders: PlaceholderDesign[];
  /** A master's `p:titleStyle`, `p:bodyStyle`, `p:otherStyle`, by the element's name. */
  textStyles: Map<string, LevelFills>;
  /** Where its pictures, frames, groups and filled shapes (not placeholders) paint the slides on it; `anywhere` for one not placed. */
  painted: (Rect | 'anywhere')[];
  /** A layout's `showMasterSp`: whether its master's shapes are drawn on it. */
  showMasterShapes: boolean;
}

/** Placeholders kept per part: a layout has a handful; a hostile one gets no more than this looked at. */
const MAX_PLACEHOLDERS = 64;
/** Painted areas kept per part. */
const MAX_PAINTED = 64;
const TEXT_STYLES = new Set(['p:titlestyle', 'p:bodystyle', 'p:otherstyle']);

/** A colour map's attributes (`bg1="lt1" tx1="dk1" …`), lower-cased values. */
export function mapOf(a: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(a).filter(([k]) => !k.includes(':')).map(([k, v]) => [k, v.toLowerCase()]));
}

/** Elements drawn at the top of a layout's or master's shape tree. */
const DRAWN = new Set(['p:sp', 'p:pic', 'p:graphicframe', 'p:grpsp']);
/** Where a top-level element's `a:xfrm` (a frame's `p:xfrm`) sits. */
const PLACED_BY = new Set(['p:sppr', 'p:grpsppr', 'p:graphicframe']);

/** A top-level element now read; whether it is a placeholder is known at its `p:ph`, before its fill and text. */
interface Drawn {
  name: string;
  ph?: PlaceholderDesign;
  fill?: Fill;
  xfrm: XfrmReader;
}

/** A layout's or master's part, read in one pass. */
export function partDesign(xml: string): PartDesign {
  const out: PartDesign = { placeholders: [], textStyles: new Map(), painted: [], showMasterShapes: true };
  let top: Drawn | undefined;
  /** Groups open: what is inside a top-level group is drawn with it, and PowerPoint keeps placeholders out of groups. */
  let groups = 0;
  const fills = new FillReader((container, fill) => {
    if (container === 'p:bgpr' || container === 'p:bg') out.background ??= fill;
    else if (top && !groups && container === 'p:sppr') top.fill = fill;
    const list = LevelFills.listOf(fills.path, container);
    if (list === 'a:lststyle') top?.ph?.levels.take(fills.path, fill);
    else if (list && TEXT_STYLES.has(list)) {
      const levels = out.textStyles.get(list) ?? new LevelFills();
      out.textStyles.set(list, levels);
      levels.take(fills.path, fill);
    }
  });
  parseXml(xml, {
    open(tag, a) {
      const name = tag.toLowerCase();
      const parent = fills.path.at(-1);
      fills.open(name, a);
      if (DRAWN.has(name)) {
        if (!groups) top = { name, xfrm: new XfrmReader() };
        if (name === 'p:grpsp') groups++;
      } else if (name === 'p:sldlayout' && a.showMasterSp === '0') out.showMasterShapes = false;
      else if (name === 'p:clrmap' || name === 'a:overrideclrmapping') out.map = mapOf(a);
      else if (!top || groups > (top.name === 'p:grpsp' ? 1 : 0)) return;
      else if ((parent === 'a:xfrm' || parent === 'p:xfrm') && PLACED_BY.has(fills.path.at(-3) ?? '')) {
        // A group's own place, not its children's (in its child space).
        if ((fills.path.at(-3) === 'p:grpsppr') === (top.name === 'p:grpsp')) top.xfrm.read(name, a);
      } else if ((name === 'a:xfrm' || name === 'p:xfrm') && PLACED_BY.has(parent ?? '') && (parent === 'p:grpsppr') === (top.name === 'p:grpsp')) top.xfrm.read(name, a); else if (top.name === 'p:grpsp') return;
      else if (name === 'p:ph' && out.placeholders.length < MAX_PLACEHOLDERS) {
        top.ph = { type: a.type ?? 'obj', levels: new LevelFills(), ...(a.idx === undefined ? {} : { idx: a.idx }) };
        out.placeholders.push(top.ph);
      } else if (name === 'a:fillref' && !top.fill && a.idx !== '0') top.fill = { kind: 'unknown' };
    },
    close(tag) {
      const name = tag.toLowerCase();
      fills.close(name);
      if (!DRAWN.has(name)) return;
      if (name === 'p:grpsp') groups = Math.max(0, groups - 1);
      if (groups || !top) return;
      if (top.ph) {
        top.ph.fill = top.fill;
        top.ph.at = top.xfrm.rect;
      } else if (top.name !== 'p:sp' || (top.fill && top.fill.kind !== 'none')) paint(out.painted, top.xfrm.rect);
      top = undefined;
    },
  });
  return out;
}

/** Notes a layout's or master's picture, frame, group or filled shape, drawn on its slides; past MAX_PAINTED, anywhere. */
function paint(painted: (Rect | 'anywhere')[], at: Rect | undefined): void {
  if (painted.length >= MAX_PAINTED) painted.splice(0, painted.length, 'anywhere');
  else painted.push(at ?? 'anywhere');
}
