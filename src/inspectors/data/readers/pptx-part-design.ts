import { type Fill, FillReader } from './slide-fill.js';
import { type Rect, XfrmReader } from './slide-place.js';
import { LevelFills } from './slide-text-styles.js';
import { parseXml } from './xml.js';

/**
 * What a slide layout or master gives the slides on it (ECMA-376 Part 1, §19.3.1): its background
 * (`p:cSld/p:bg`), colour map (`p:clrMap`, a layout's `a:overrideClrMapping`), its placeholders —
 * each one's type and index (`p:nvPr/p:ph`), fill, place and list style, which a slide's placeholder
 * of the same type or index inherits where it says nothing itself — and a master's text styles
 * (`p:txStyles`: title, body and other text, by level).
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
}

/** Placeholders kept per part: a layout has a handful; a hostile one gets no more than this looked at. */
const MAX_PLACEHOLDERS = 64;
const TEXT_STYLES = new Set(['p:titlestyle', 'p:bodystyle', 'p:otherstyle']);

/** A colour map's attributes (`bg1="lt1" tx1="dk1" …`), lower-cased values. */
export function mapOf(a: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(a).filter(([k]) => !k.includes(':')).map(([k, v]) => [k, v.toLowerCase()]));
}

/** A layout's or master's part, read in one pass. */
export function partDesign(xml: string): PartDesign {
  const out: PartDesign = { placeholders: [], textStyles: new Map() };
  /** The top-level shape now read, and whether it is a placeholder (known at its `p:ph`, before its fill and text). */
  let shape: { ph?: PlaceholderDesign; xfrm: XfrmReader } | undefined;
  let groups = 0;
  const fills = new FillReader((container, fill) => {
    const ph = shape?.ph;
    if (container === 'p:bgpr' || container === 'p:bg') out.background ??= fill;
    else if (ph && container === 'p:sppr') ph.fill = fill;
    const list = LevelFills.listOf(fills.path, container);
    if (list === 'a:lststyle') ph?.levels.take(fills.path, fill);
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
      // Placeholders inside groups are not matched: PowerPoint keeps them at the top of the tree.
      if (name === 'p:sp') shape = groups ? undefined : { xfrm: new XfrmReader() };
      else if (name === 'p:grpsp') groups++;
      else if (name === 'p:clrmap' || name === 'a:overrideclrmapping') out.map = mapOf(a);
      else if (!shape) return;
      else if (name === 'p:ph' && out.placeholders.length < MAX_PLACEHOLDERS) {
        shape.ph = { type: a.type ?? 'obj', levels: new LevelFills(), ...(a.idx === undefined ? {} : { idx: a.idx }) };
        out.placeholders.push(shape.ph);
      } else if (name === 'a:fillref' && shape.ph && !shape.ph.fill && a.idx !== '0') shape.ph.fill = { kind: 'unknown' };
      else if (parent === 'a:xfrm' && fills.path.at(-3) === 'p:sppr') shape.xfrm.read(name, a);
    },
    close(tag) {
      const name = tag.toLowerCase();
      fills.close(name);
      if (name === 'p:grpsp') groups = Math.max(0, groups - 1);
      else if (name === 'p:sp') {
        if (shape?.ph) shape.ph.at = shape.xfrm.rect;
        shape = undefined;
      }
    },
  });
  return out;
}
