import { resolvePart } from './opc-paths.js';
import { DEFAULT_MAP, resolveColour, type SlideScheme } from './slide-colour.js';
import { type Fill, FillReader } from './slide-fill.js';
import { type ThemeColours, themeColours } from './theme-colours.js';
import { parseXml } from './xml.js';

/**
 * What a slide's text sits on, from the parts behind it: the slide's layout, the layout's master and
 * the master's theme, each found through the part's relationships (`ppt/slides/_rels/slide1.xml.rels`
 * → `../slideLayouts/slideLayout2.xml` → … → `../theme/theme1.xml`). A slide without a background of
 * its own shows its layout's, else its master's (`p:cSld/p:bg`); scheme colours go through the
 * colour map (the master's `p:clrMap`, overridden by the layout's or slide's `a:overrideClrMapping`)
 * to the theme. Also the slide size (`p:sldSz` in `ppt/presentation.xml`). Each part is parsed once,
 * MAX_DESIGN_PARTS at most; past that, or where a part is missing, the background is not known and
 * nothing is matched against it.
 */

/** Layouts, masters, themes and relationship parts parsed at most (a deck has a few dozen). */
const MAX_DESIGN_PARTS = 512;

/** The parts this reads besides the slides, for the zip filter. */
export const DESIGN_PARTS = /^ppt\/(?:presentation\.xml|slideLayouts\/slideLayout\d+\.xml|slideMasters\/slideMaster\d+\.xml|theme\/theme\d+\.xml|(?:slides|slideLayouts|slideMasters)\/_rels\/\w+\.xml\.rels)$/;

/** A layout's or master's background and colour map (a slide's own are read with its text). */
interface PartDesign {
  background?: Fill;
  map?: Record<string, string>;
}

/** What a slide's text is read against. */
export interface SlideLook {
  scheme: SlideScheme;
  /** `RRGGBB` of the background the slide shows, given its own (`p:bg`) when it has one; undefined when not known. */
  background(own: Fill | undefined): string | undefined;
  /** The slide's size in EMU, when the deck says it. */
  size?: { cx: number; cy: number };
}

/** A colour map's attributes (`bg1="lt1" tx1="dk1" …`), lower-cased values. */
function mapOf(a: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(a).filter(([k]) => !k.includes(':')).map(([k, v]) => [k, v.toLowerCase()]));
}

/** A layout's or master's background fill and colour map. */
function partDesign(xml: string): PartDesign {
  const out: PartDesign = {};
  const fills = new FillReader((container, fill) => {
    if (container === 'p:bgpr' || container === 'p:bg') out.background ??= fill;
  });
  parseXml(xml, {
    open(name, a) {
      const n = name.toLowerCase();
      fills.open(n, a);
      if (n === 'p:clrmap' || n === 'a:overrideclrmapping') out.map = mapOf(a);
    },
    close: (name) => fills.close(name.toLowerCase()),
  });
  return out;
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
    return {
      scheme,
      size: this.size,
      background: (own) => {
        const fill = own ?? inherited;
        return fill && backgroundRgb(fill, scheme, theme);
      },
    };
  }
}
