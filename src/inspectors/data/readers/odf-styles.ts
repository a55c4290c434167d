import { hiddenByColour } from './docx-page.js';
import { whiteHex } from './white-colour.js';

/**
 * OpenDocument styles, as far as they hide text: a style (`style:style`, named in styles.xml or
 * automatic in either part) can say its text is not displayed (`text:display="none"`), white,
 * under 1 point, that a sheet is not shown (`table:display="false"`) or a slide is hidden
 * (`presentation:visibility="hidden"`), and what a slide or frame is filled with (`draw:fill`), which
 * text the same colour vanishes into. A style inherits what its parent says unless it says
 * otherwise (`style:parent-style-name`, followed 16 deep at most).
 */

/** What a style says, its parents' settings merged under its own. */
export interface OdfStyle {
  display?: boolean;
  /** `fo:color` as written (`#ffffff`); unset when the colour follows the window (`style:use-window-font-color`). */
  color?: string;
  background?: string;
  /** Font size in points; a percentage is of the parent's size (12 pt when none is known). */
  size?: number;
  sizePercent?: number;
  tableHidden?: boolean;
  pageHidden?: boolean;
  /**
   * What a drawing page or a frame paints (`draw:fill`): the colour of a solid fill (`#1f3864`),
   * `none`, or `other` (a gradient, picture or hatch, or a solid fill without its colour).
   */
  fill?: string;
}

interface RawStyle extends OdfStyle {
  parent?: string;
}

const MAX_DEPTH = 16;
/** Master pages remembered at most (a deck has a handful). */
const MAX_MASTERS = 1024;

/** A `draw:fill` and its `draw:fill-color` as OdfStyle's `fill`. */
function fillOf(kind: string, colour: string | undefined): string {
  if (kind === 'none') return 'none';
  return kind === 'solid' && colour && /^#[0-9a-f]{6}$/i.test(colour) ? colour.toLowerCase() : 'other';
}
const PT_PER: Record<string, number> = { pt: 1, px: 0.75, pc: 12, in: 72, cm: 72 / 2.54, mm: 72 / 25.4 };

/** A length (`0.5pt`, `-2.1cm`) in points; undefined when it is none. */
export function lengthPt(v: string | undefined): number | undefined {
  const m = /^\s*(-?[\d.]+)\s*(pt|px|pc|in|cm|mm)\s*$/i.exec(v ?? '');
  const n = Number(m?.[1]);
  return m && Number.isFinite(n) ? n * PT_PER[m[2]!.toLowerCase()]! : undefined;
}

/** A font size (`0.5pt`, `0.2mm`) in points, or a percentage. */
function fontSize(v: string | undefined): { size?: number; sizePercent?: number } {
  const percent = /^\s*([\d.]+)\s*%\s*$/.exec(v ?? '');
  if (percent) return Number.isFinite(Number(percent[1])) ? { sizePercent: Number(percent[1]) } : {};
  const size = lengthPt(v);
  return size === undefined || size < 0 ? {} : { size };
}

/** `#ffffff` and all but white (each channel at least 0xf0). */
export function whiteColour(v: string | undefined): boolean {
  return !!v && v.startsWith('#') && whiteHex(v.slice(1));
}

/**
 * Why a text document's run is hidden by its colour: white on a white page, or a colour of the
 * page's own on a coloured one (where white text is in plain sight). A run with no colour of its
 * own takes Writer's automatic colour, which contrasts with the page.
 */
export function odtHiddenBy(color: string | undefined, page: string | undefined): string | undefined {
  // Word's rule (docx-page.ts), on ODF's `#rrggbb`: near the page's colour, or white on a white page.
  return hiddenByColour(color?.replace(/^#/, ''), page?.replace(/^#/, ''));
}

/** A background that paints something under the text (not transparent, not white). */
export function shadedBackground(v: string | undefined): boolean {
  return !!v && !/^transparent$/i.test(v) && !whiteColour(v);
}

/**
 * Why a spreadsheet cell's style keeps its text from being seen (the cell's own style, or its row's
 * or column's default): not displayed, under 1 point, the colour of its background, or white on an
 * unshaded one. A style's background and text colour sit on one `table-cell` style.
 */
export function cellHiddenBy(s: OdfStyle): string | undefined {
  if (s.display === false) return 'display none';
  if (s.size !== undefined && s.size < 1) return 'font size under 1 point';
  if (s.color && s.background && s.color.toLowerCase() === s.background.toLowerCase()) return 'text the colour of its fill';
  return whiteColour(s.color) && !shadedBackground(s.background) ? 'white text' : undefined;
}

/**
 * The styles of one part. Fed the part's elements as they are parsed (styles sections come before
 * the body in both content.xml and styles.xml, so a single pass reads both); `shared` is styles.xml's
 * table, where content.xml's styles find their named parents.
 */
export class OdfStyles {
  private readonly own = new Map<string, RawStyle>();
  private readonly resolved = new Map<string, OdfStyle>();
  private current: RawStyle | undefined;
  private currentFamily = '';
  private readonly masters = new Map<string, string>();
  /** Master pages' page layouts (`style:page-layout-name`), and page layouts' sizes in points. */
  private readonly masterLayouts = new Map<string, string>();
  private readonly pageSizes = new Map<string, { cx?: number; cy?: number; background?: string }>();
  private pageLayout: { cx?: number; cy?: number; background?: string } | undefined;

  constructor(private readonly shared?: OdfStyles) {}

  /** An element opened: a style, one of its properties elements, or a master page (its name and drawing-page style). */
  open(name: string, a: Record<string, string>): void {
    if (name === 'style:master-page' && a['style:name'] && a['draw:style-name'] && this.masters.size < MAX_MASTERS) this.masters.set(a['style:name'], a['draw:style-name']);
    if (name === 'style:master-page' && a['style:name'] && a['style:page-layout-name'] && this.masterLayouts.size < MAX_MASTERS) this.masterLayouts.set(a['style:name'], a['style:page-layout-name']);
    if (name === 'style:page-layout' && a['style:name'] && this.pageSizes.size < MAX_MASTERS) this.pageSizes.set(a['style:name'], (this.pageLayout = {}));
    else if (name === 'style:page-layout-properties' && this.pageLayout) Object.assign(this.pageLayout, { cx: lengthPt(a['fo:page-width']), cy: lengthPt(a['fo:page-height']), background: a['fo:background-color'] });
    if (name === 'style:style' && a['style:name']) {
      this.current = { parent: a['style:parent-style-name'] };
      this.currentFamily = a['style:family'] ?? '';
      this.own.set(`${this.currentFamily}:${a['style:name']}`, this.current);
      return;
    }
    const s = this.current;
    if (!s || !name.startsWith('style:') || !name.endsWith('-properties')) return;
    if (a['text:display'] !== undefined) s.display = a['text:display'] !== 'none';
    if (a['style:use-window-font-color'] === 'true') s.color = 'window';
    else if (a['fo:color']) s.color = a['fo:color'];
    if (a['fo:background-color']) s.background = a['fo:background-color'];
    if (a['fo:font-size']) Object.assign(s, fontSize(a['fo:font-size']));
    if (a['table:display'] !== undefined) s.tableHidden = a['table:display'] === 'false';
    if (a['presentation:visibility'] !== undefined) s.pageHidden = a['presentation:visibility'] === 'hidden';
    if (a['draw:fill'] !== undefined) s.fill = fillOf(a['draw:fill'], a['draw:fill-color']);
  }

  close(name: string): void {
    if (name === 'style:style') this.current = undefined;
    else if (name === 'style:page-layout') this.pageLayout = undefined;
  }

  /** The page size in points of a master page (a slide's, by its `draw:master-page-name`), when its page layout says it. */
  pageSize(master: string | undefined): { cx: number; cy: number } | undefined {
    const layout = master === undefined ? undefined : this.masterLayouts.get(master);
    const size = layout === undefined ? undefined : this.pageSizes.get(layout);
    if (size?.cx && size.cy && size.cx > 0 && size.cy > 0) return { cx: size.cx, cy: size.cy };
    return this.shared?.pageSize(master);
  }

  /**
   * A text document's page colour: the background of the default master page's layout (`Standard`,
   * else the first master page), when it paints one. Writer shows it on screen and in print.
   */
  pageBackground(): string | undefined {
    const master = this.masterLayouts.has('Standard') ? 'Standard' : this.masterLayouts.keys().next().value;
    const layout = master === undefined ? undefined : this.masterLayouts.get(master);
    const background = layout === undefined ? undefined : this.pageSizes.get(layout)?.background;
    return shadedBackground(background) ? background : this.shared?.pageBackground();
  }

  /** The drawing-page style of a master page (a slide's background when its own page style paints none). */
  masterPageStyle(name: string | undefined): string | undefined {
    return name === undefined ? undefined : (this.masters.get(name) ?? this.shared?.masterPageStyle(name));
  }

  /** A style by family and name, with what its parents say; empty when unknown. */
  get(family: string, name: string | undefined, depth = 0): OdfStyle {
    if (!name) return {};
    const key = `${family}:${name}`;
    const done = this.resolved.get(key);
    if (done) return done;
    const raw = this.own.get(key);
    if (!raw) return this.shared?.get(family, name, depth) ?? {};
    // Guard the cycle before following it (`A` → `B` → `A`).
    this.resolved.set(key, {});
    const parent = depth < MAX_DEPTH ? this.get(family, raw.parent, depth + 1) : {};
    const { parent: _, ...mine } = raw;
    const merged: OdfStyle = { ...parent, ...Object.fromEntries(Object.entries(mine).filter(([, v]) => v !== undefined)) };
    if (mine.sizePercent !== undefined && mine.size === undefined) merged.size = ((parent.size ?? 12) * mine.sizePercent) / 100;
    if (merged.color === 'window') delete merged.color;
    this.resolved.set(key, merged);
    return merged;
  }
}
