import { changesColour, type ColourRef, colourRef, isColourElement } from './slide-colour.js';

/**
 * DrawingML fills as a parser meets them (ECMA-376 Part 1, §20.1.8): a shape's, a run's or a
 * background's `a:solidFill`, `a:noFill` or a fill not of one colour (gradient, picture, pattern, the
 * group's), and a background given by reference to the theme (`<p:bgRef idx="1001">` with the
 * colour standing in for the style's placeholder). Each is reported once it closes, with the
 * element it sits in (`p:spPr`, `a:rPr`, `p:bgPr`, `p:bg`).
 */

/** A fill: one colour (`styleIndex` when it is a theme background reference), none, or one not of one colour (or not read). */
export type Fill = { kind: 'solid'; ref: ColourRef; styleIndex?: number } | { kind: 'none' } | { kind: 'unknown' };

const FILLS = new Set(['a:solidfill', 'a:nofill', 'a:gradfill', 'a:blipfill', 'a:pattfill', 'a:grpfill', 'p:bgref']);

interface Open {
  name: string;
  container: string;
  depth: number;
  ref?: ColourRef;
  /** A colour child not read, or modified: the fill's colour is not known. */
  unread: boolean;
  styleIndex?: number;
}

/** Watches a part's elements (fed every open and close, names lower-cased) and hands each fill to `done` as it closes. */
export class FillReader {
  private readonly stack: string[] = [];
  private fill: Open | undefined;

  constructor(private readonly done: (container: string, fill: Fill) => void) {}

  /** The open elements, outermost first (the caller's view of where it is). */
  get path(): readonly string[] {
    return this.stack;
  }

  /** Names come lower-cased (office.ts's parser does so; callers of xml.ts's do it themselves). */
  open(name: string, a: Record<string, string>): void {
    const container = this.stack.at(-1) ?? '';
    this.stack.push(name);
    const f = this.fill;
    if (f) {
      const below = this.stack.length - f.depth;
      if (below === 1 && isColourElement(name) && !f.ref) {
        f.ref = colourRef(name, a);
        if (!f.ref) f.unread = true;
      } else if (below === 2 && changesColour(name)) f.unread = true;
      return;
    }
    // Most elements are no fill: a look at the last letter (`…fill`, `p:bgref`) spares hashing each name.
    const last = name.charCodeAt(name.length - 1);
    if ((last === 108 || last === 102) && FILLS.has(name)) {
      this.fill = { name, container, depth: this.stack.length, unread: false };
      if (name === 'p:bgref') this.fill.styleIndex = Number(a.idx) || 0;
    }
  }

  close(name: string): void {
    const f = this.fill;
    if (f && this.stack.length === f.depth && name === f.name) {
      this.fill = undefined;
      this.done(f.container, fillOf(f));
    }
    this.stack.pop();
  }
}

function fillOf(f: Open): Fill {
  if (f.name === 'a:nofill') return { kind: 'none' };
  if ((f.name !== 'a:solidfill' && f.name !== 'p:bgref') || f.unread || !f.ref) return { kind: 'unknown' };
  return f.styleIndex === undefined ? { kind: 'solid', ref: f.ref } : { kind: 'solid', ref: f.ref, styleIndex: f.styleIndex };
}
