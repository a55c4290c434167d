import { resolvePart } from './opc-paths.js';
import { DEFAULT_MAP, resolveColour, type SlideScheme } from './slide-colour.js';
import { mapOf, type PartDesign, partDesign, type PlaceholderDesign } from './pptx-part-design.js';
import type { Fill } from './slide-fill.js';
import type { Rect } from './slide-place.js';
import { type ThemeColours, themeColours } from './theme-colours.js';
import { parseXml } from './xml.js';

/**
 * What a slide's text sits on, from the parts behind it: the slide's layout, the layout's master and
 * the master's theme, each found through the part's relationships (`ppt/slides/_rels/slide1.xml.rels`
 * → `../slideLayouts/slideLayout2.xml` → … → `../theme/theme1.xml`). A slide without a background of
 * its own shows its layout's, else its master's (`p:cSld/p:bg`); scheme colours go through the
 * colour map (the master's `p:clrMap`, overridden by the layout's or slide's `a:overrideClrMapping`)
 * to the theme. A slide's placeholder inherits its fill, place and text colours from its layout's
and master's placeholders and the master's text styles (pptx-part-design.ts), and any other shape
its text colours from the master's other-text style. Also the slide size (`p:sldSz` in
`ppt/presentation.xml`). Each part is parsed once,
 * MAX_DESIGN_PARTS at most; past that, or where a part is missing, the background is not known and
 * nothing is matched against it.
 */

/** Layouts, masters, themes and relationship parts parsed at most (a deck has a few dozen). */
const MAX_DESIGN_PARTS = 512;

/** The parts this reads besides the slides, for the zip filter. */
export const DESIGN_PARTS = /^ppt\/(?:presentation\.xml|slideLayouts\/slideLayout\d+\.xml|slideMasters\/slideMaster\d+\.xml|theme\/theme\d+\.xml|(?:slides|slideLayouts|slideMasters)\/_rels\/\w+\.xml\.rels)$/;

/** What a slide's shape inherits from its layout and master: a placeholder from theirs of its kind, a shape that is none from the master's other-text style. */
export interface Inherited {
  /** The fill its layout's placeholder has, else its master's. */
  fill?: Fill;
  /** Where its layout's placeholder lies, else its master's. */
  at?: Rect;
  /** The text fill of a run of `level` with none of its own: the placeholders' list styles, then the master's text style. */
  text(level: number): Fill | undefined;
}

/** What a slide's text is read against. */
export interface SlideLook {
  scheme: SlideScheme;
  /** `RRGGBB` of the background the slide shows, given its own (`p:bg`) when it has one; undefined when not known. */
  background(own: Fill | undefined): string | undefined;
  /** The slide's size in EMU, when the deck says it. */
  size?: { cx: number; cy: number };
  /** What a placeholder (`p:ph type idx`; `type` `obj` when not given) inherits, or a shape that is none (undefined). */
  inherited(ph: { type: string; idx?: string } | undefined): Inherited;
  /** Where the master's and layout's own pictures and filled shapes paint the slide, under all of its own. */
  painted: readonly (Rect | 'anywhere')[];
}

/** Whether a slide hides its layout's and master's shapes (`<p:sld showMasterSp="0">`: "hide background graphics"). */
function hidesMasterShapes(xml: string): boolean {
  // A regular expression, as the map override is: the root's attributes open the part.
  return /<p:sld\b[^>]*\sshowMasterSp\s*=\s*["']0["']/.test(xml.slice(0, 4096));
}

/**
 * The kind a master's placeholder for a layout's has (PowerPoint matches them by kind): a title, a
 * date, footer, slide number or header are their own, and any other (content, body, subtitle,
 * picture, chart…) fills the body.
 */
function masterKind(type: string): string {
  if (type === 'ctrTitle' || type === 'title') return 'title';
  return ['dt', 'ftr', 'sldNum', 'hdr'].includes(type) ? type : 'body';
}

/** The text style of the master's `p:txStyles` a placeholder's text takes, by its master kind; others take `p:otherStyle`. */
const TEXT_STYLE: Record<string, string> = { title: 'p:titlestyle', body: 'p:bodystyle' };

/** A layout's placeholder for a slide's: the same index, else the same kind. */
function layoutPlaceholder(layout: PartDesign | undefined, type: string, idx: string | undefined): PlaceholderDesign | undefined {
  const list = layout?.placeholders ?? [];
  return (idx !== undefined ? list.find((p) => p.idx === idx) : undefined) ?? list.find((p) => masterKind(p.type) === masterKind(type));
}

/** A slide's own colour map override; a regular expression, as it comes after the slide's text. */
export function slideMapOverride(xml: string): Record<string, string> | undefined {
  const m = /<a:overrideClrMapping\b([^>]*)>/.exec(xml);
  if (!m) return undefined;
  const a: Record<string, string> = {};
  for (const [, k, v] of m[1]!.matchAll(/(\w+)="([^"]*)"/g)) a[k!] = v!;
  return mapOf(a);
}

/** A background fill's colour: a theme style by reference (its placeholder colour the reference's own), none is white. */
function backgroundRgb(fill: Fill, scheme: SlideScheme, theme: ThemeColours | undefined): string | undefined {
  if (fill.kind === 'none') return 'FFFFFF';
  if (fill.kind !== 'solid') return undefined;
  if (fill.styleIndex === undefined) return resolveColour(fill.ref, scheme);
  if (fill.styleIndex === 0) return 'FFFFFF';
  const style = fill.styleIndex > 1000 ? theme?.backgrounds[fill.styleIndex - 1001] : undefined;
  if (style?.kind !== 'solid') return undefined;
  return resolveColour('scheme' in style.ref && style.ref.scheme === 'phClr' ? fill.ref : style.ref, scheme);
}

export class DeckDesign {
  private readonly parsed = new Map<string, unknown>();
  private readonly decoder = new TextDecoder('utf-8');
  readonly size: { cx: number; cy: number } | undefined;

  /** `files` are the deck's inflated parts (those DESIGN_PARTS names); `problems` gets what could not be read. */
  constructor(
    private readonly files: Record<string, Uint8Array>,
    private readonly problems: string[],
  ) {
    let size: { cx: number; cy: number } | undefined;
    const pres = this.text('ppt/presentation.xml');
    if (pres) {
      parseXml(pres, {
        open(name, a) {
          const cx = Number(a.cx);
          const cy = Number(a.cy);
          if (name.toLowerCase() === 'p:sldsz' && cx > 0 && cy > 0) size ??= { cx, cy };
        },
      });
    }
    this.size = size;
  }

  private text(part: string): string | undefined {
    const bytes = this.files[part];
    return bytes ? this.decoder.decode(bytes) : undefined;
  }

  /** A part parsed once by `read`; undefined when missing or over MAX_DESIGN_PARTS. */
  private once<T>(part: string | undefined, read: (xml: string) => T): T | undefined {
    if (!part) return undefined;
    if (this.parsed.has(part)) return this.parsed.get(part) as T | undefined;
    if (this.parsed.size >= MAX_DESIGN_PARTS) {
      if (this.parsed.size === MAX_DESIGN_PARTS) this.problems.push(`over ${MAX_DESIGN_PARTS} slide layouts, masters and themes; the rest not read, the backgrounds of slides using them not known`);
      this.parsed.set('', undefined);
      return undefined;
    }
    const xml = this.text(part);
    const value = xml === undefined ? undefined : read(xml);
    this.parsed.set(part, value);
    return value;
  }

  /** The part a part's relationships name with a type ending `/kind` (`slideLayout`, `slideMaster`, `theme`). */
  private related(part: string | undefined, kind: string): string | undefined {
    if (!part) return undefined;
    const slash = part.lastIndexOf('/');
    const dir = part.slice(0, slash + 1);
    const targets = this.once(`${dir}_rels/${part.slice(slash + 1)}.rels`, (xml) => {
      const out = new Map<string, string>();
      parseXml(xml, {
        open(name, a) {
          const type = /\/(\w+)$/.exec(a.Type ?? '')?.[1];
          if (name === 'Relationship' && type && a.Target && !out.has(type)) out.set(type, resolvePart(dir, a.Target));
        },
      });
      return out;
    });
    return targets?.get(kind);
  }

  /** What a slide part's text is read against; `xml` is the slide's own, for its colour map override. */
  lookOf(slidePart: string, xml: string): SlideLook {
    const layoutPart = this.related(slidePart, 'slideLayout');
    const masterPart = this.related(layoutPart, 'slideMaster');
    const layout = this.once(layoutPart, partDesign);
    const master = this.once(masterPart, partDesign);
    const theme = this.once(this.related(masterPart, 'theme'), themeColours);
    const scheme: SlideScheme = { map: slideMapOverride(xml) ?? layout?.map ?? master?.map ?? DEFAULT_MAP, theme: theme?.scheme ?? new Map() };
    // Without a layout or master no background is known but PowerPoint's own, white.
    const inherited = layoutPart && !layout ? undefined : (layout?.background ?? (masterPart && !master ? undefined : (master?.background ?? { kind: 'none' })));
    const layoutShown = !hidesMasterShapes(xml);
    const masterShown = layoutShown && (layout?.showMasterShapes ?? true);
    return {
      scheme,
      size: this.size,
      painted: [...(masterShown ? (master?.painted ?? []) : []), ...(layoutShown ? (layout?.painted ?? []) : [])],
      background: (own) => {
        const fill = own ?? inherited;
        return fill && backgroundRgb(fill, scheme, theme);
      },
      inherited: (ph) => {
        const kind = ph && masterKind(ph.type);
        const mine = ph && layoutPlaceholder(layout, ph.type, ph.idx);
        const masters = ph && master?.placeholders.find((p) => masterKind(p.type) === kind);
        const style = master?.textStyles.get((kind && TEXT_STYLE[kind]) ?? 'p:otherstyle');
        return {
          fill: mine?.fill ?? masters?.fill,
          at: mine?.at ?? masters?.at,
          text: (level) => mine?.levels.at(level) ?? masters?.levels.at(level) ?? style?.at(level),
        };
      },
    };
  }
}
