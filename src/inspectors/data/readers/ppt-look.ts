import { nearColour, rgbHex } from './slide-colour.js';
import { foptFill, isBackgroundShape, paints, type PptFill } from './ppt-fill.js';
import type { PptRecord } from './ppt-records.js';
import type { RunColour } from './ppt-text-style.js';

/**
 * What a `.ppt` slide's text sits on, gathered in the deck's first walk: each slide's (and the
 * master's) colour scheme (SlideSchemeColorSchemeAtom, recInstance 1: eight RGB entries, the first
 * the background) and background shape's fill (the drawing's shape whose FSP says fBackground). A
 * slide without a background shape shows the master's, and without a scheme uses the master's.
 * A background of a picture, gradient or pattern is not known, and nothing is matched against it;
 * nor is placeholder text on a slide with a picture or a filled shape drawn on it (it may sit over
 * them: white text on a photograph).
 */

const RT_SLIDE = 0x03ee;
const RT_MAIN_MASTER = 0x03f8;
const RT_COLOR_SCHEME = 0x07f0;
const RT_SP_CONTAINER = 0xf004;
const RT_FSP = 0xf00a;
const RT_FOPT = 0xf00b;

/** A slide's colours: its scheme (`RRGGBB` × 8) and its background's colour (undefined when not known). */
export interface SlideColours {
  scheme?: string[];
  background?: string;
}

export class PptLook {
  private readonly schemes = new Map<number, string[]>();
  private readonly backgrounds = new Map<number, PptFill>();
  private master: number | undefined;
  /** Slides (their containers' offsets) with a picture or a filled shape drawn on them. */
  private readonly paintedSlides = new Set<number>();
  private backgroundShape: number | undefined;

  /** Fed every record of the first walk. */
  visit(rec: PptRecord, path: readonly PptRecord[]): void {
    const type = rec.type;
    // Most records are none of these: let them by before anything else is looked at.
    if (type !== RT_FSP && type !== RT_FOPT && type !== RT_COLOR_SCHEME && type !== RT_MAIN_MASTER) return;
    const parent = path[path.length - 1];
    if (rec.type === RT_MAIN_MASTER) this.master ??= rec.at;
    else if (rec.type === RT_COLOR_SCHEME && rec.instance === 1 && rec.body.length >= 32 && (parent?.type === RT_SLIDE || parent?.type === RT_MAIN_MASTER)) {
      this.schemes.set(parent.at, Array.from({ length: 8 }, (_, i) => rgbAt(rec.body, i * 4)));
    } else if (rec.type === RT_FSP && parent?.type === RT_SP_CONTAINER && isBackgroundShape(rec.body)) this.backgroundShape = parent.at;
    else if (rec.type === RT_FOPT && parent && parent.at === this.backgroundShape) {
      const owner = path.findLast((c) => c.type === RT_SLIDE || c.type === RT_MAIN_MASTER);
      if (owner && !this.backgrounds.has(owner.at)) this.backgrounds.set(owner.at, foptFill(rec.body, rec.instance, true));
    } else if (parent?.type === RT_SP_CONTAINER && paints(rec)) {
      const owner = path.findLast((c) => c.type === RT_SLIDE);
      if (owner) this.paintedSlides.add(owner.at);
    }
  }

  /** Whether a picture or filled shape is drawn on the slide at `at`: its placeholder text may sit over it. */
  painted(at: number | undefined): boolean {
    return at !== undefined && this.paintedSlides.has(at);
  }

  private readonly worked = new Map<number | undefined, SlideColours>();

  /** The colours of the Slide container at `at` (undefined: a slide not found, the master's), worked out once. */
  colours(at: number | undefined): SlideColours {
    let done = this.worked.get(at);
    if (!done) this.worked.set(at, (done = this.work(at)));
    return done;
  }

  private work(at: number | undefined): SlideColours {
    const scheme = (at !== undefined ? this.schemes.get(at) : undefined) ?? (this.master !== undefined ? this.schemes.get(this.master) : undefined);
    const fill = (at !== undefined ? this.backgrounds.get(at) : undefined) ?? (this.master !== undefined ? this.backgrounds.get(this.master) : undefined) ?? { kind: 'solid' };
    let background: string | undefined;
    if (fill.kind === 'none') background = 'FFFFFF';
    else if (fill.kind === 'solid') background = fill.colour ? resolve(fill.colour, scheme) : (scheme?.[0] ?? 'FFFFFF');
    return { scheme, background };
  }
}

function rgbAt(body: Uint8Array, at: number): string {
  return rgbHex(body[at]!, body[at + 1]!, body[at + 2]!);
}

function resolve(c: RunColour, scheme: string[] | undefined): string | undefined {
  return 'rgb' in c ? c.rgb : scheme?.[c.scheme];
}

/**
 * Why a run of `colour` is not seen: coloured like the shape's fill under it, or, where the shape is
 * not filled (`behind` none, or placeholder text kept in the slides list: undefined), like the
 * slide's background. A fill not known matches nothing.
 */
export function runHiddenBy(colour: RunColour | undefined, behind: PptFill | undefined, slide: SlideColours): string | undefined {
  if (!colour) return undefined;
  const mine = resolve(colour, slide.scheme);
  if (behind?.kind === 'solid') {
    const fill = resolve(behind.colour ?? { rgb: 'FFFFFF' }, slide.scheme);
    return mine && fill && nearColour(mine, fill) ? 'text coloured like its shape fill' : undefined;
  }
  if (behind?.kind === 'unknown' || behind?.kind === 'unsaid') return undefined;
  return mine && slide.background && nearColour(mine, slide.background) ? 'text coloured like its slide background' : undefined;
}
