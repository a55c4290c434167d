import { hidingSelectors, PAGE_MATCH_BUDGET, selects, type ElementInfo, type HidingSelector, type MatchBudget } from './css-hiding.js';

/** Colour rules kept from a page's stylesheets (css-hiding keeps as many hiding rules). */
const MAX_COLOUR_RULES = 2000;
/**
 * Ancestor checks one element may spend on chained colour rules: a real page's element spends a
 * few dozen; a hostile one (thousands of `.x .y …` rules ending on one class, a deep nest) would
 * otherwise take the page's whole budget on its first elements.
 */
export const ELEMENT_MATCH_BUDGET = 20_000;

/**
 * Text coloured like what is behind it (white on white, `#fefefe` on white, black on black): the
 * classic way to hide a prompt in a page a person reads and a loader extracts. The HTML reader
 * follows, per open element, the text colour and the colour behind it, and calls text hidden when
 * the two are all but the same (CIE76 colour difference under MAX_DIFFERENCE: `#f3f3f3` on white,
 * `#0d0d0d` on black, not `#eee` on white, `#1a1a1a` on black nor yellow on white) or the text is transparent. A difference
 * in lightness alone (the WCAG contrast ratio) called yellow on white hidden: it shows, by its hue.
 *
 * Recognised: inline `color`, `background-color` and `background` (its colour; an image or gradient
 * leaves what is behind unknown); the `<font color>` and `bgcolor` attributes; the page's own
 * `<style>` rules whose selector is compounds joined by descendant and child combinators (`p`,
 * `.note`, `div.a[data-x]`, `.ad p`, `div.note > span`), the more specific winning (ids, then
 * classes and attributes, then tags, summed over the compounds; then the later rule). A chained
 * selector is matched against the open ancestors by css-hiding's bounded matcher: at most
 * MAX_COLOUR_RULES rules, ELEMENT_MATCH_BUDGET ancestor checks per element and PAGE_MATCH_BUDGET
 * per page (past which chained rules stop matching, and the reader says so).
 * Colours as `#rgb(a)`, `#rrggbb(aa)`, `rgb()`/`rgba()` and a few names; `transparent`, `inherit`
 * and `currentcolor`. A page without a background is white, as a browser draws it.
 *
 * Not recognised (so never called hidden): sibling selectors and pseudo-classes in colour rules, `!important`, `var()`, `hsl()`, other colour names, external stylesheets,
 * images behind text, positioning that puts text over another element's background. Text whose
 * colour nothing on the page sets is not judged: its colour may come from a rule not resolved
 * (`:root { color: … }`), so a dark background alone does not hide it.
 */

/** An sRGB colour, channels 0–255 and alpha 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/**
 * Under this CIE76 difference (ΔE; about 2 is the least a person tells apart on a patch, 100 is
 * black from white) text strokes do not show.
 */
export const MAX_DIFFERENCE = 5;

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
const NAMED: Record<string, string> = {
  white: 'fff', black: '000', snow: 'fffafa', ivory: 'fffff0', whitesmoke: 'f5f5f5', ghostwhite: 'f8f8ff', floralwhite: 'fffaf0', mintcream: 'f5fffa', azure: 'f0ffff',
  aliceblue: 'f0f8ff', honeydew: 'f0fff0', seashell: 'fff5ee', linen: 'faf0e6', oldlace: 'fdf5e6', lavenderblush: 'fff0f5', red: 'f00', green: '008000', blue: '00f',
  yellow: 'ff0', gray: '808080', grey: '808080', silver: 'c0c0c0', navy: '000080', maroon: '800000', purple: '800080', teal: '008080', olive: '808000', lime: '0f0',
  aqua: '0ff', fuchsia: 'f0f', orange: 'ffa500',
};

/** What a declaration says a colour is: a colour, see-through, the parent's, or unknown (null). */
type Declared = Rgba | 'transparent' | 'inherit' | null;

function hex(h: string): Rgba | null {
  const s = h.length <= 4 ? [...h].map((c) => c + c).join('') : h;
  if (s.length !== 6 && s.length !== 8) return null;
  const n = (k: number) => Number.parseInt(s.slice(k, k + 2), 16);
  return { r: n(0), g: n(2), b: n(4), a: s.length === 8 ? n(6) / 255 : 1 };
}

/** A colour value as written in CSS, or null when it is not one recognised. */
export function parseColour(value: string): Declared {
  const v = value.trim().toLowerCase().replace(/\s*!important$/, '');
  if (v === 'transparent') return 'transparent';
  if (v === 'inherit' || v === 'currentcolor' || v === 'unset') return 'inherit';
  let m = /^#([0-9a-f]{3,8})$/.exec(v);
  if (m) return hex(m[1]!);
  if (NAMED[v]) return hex(NAMED[v]);
  m = /^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(v);
  if (!m) return null;
  const channel = (t: string) => Math.min(255, t.endsWith('%') ? (Number.parseFloat(t) * 255) / 100 : Number.parseFloat(t));
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number.parseFloat(m[4]) / 100 : Number.parseFloat(m[4]);
  return { r: channel(m[1]!), g: channel(m[2]!), b: channel(m[3]!), a: Math.min(1, alpha) };
}

/** The colour a `background` shorthand paints: an image or gradient is not a known colour. */
function backgroundColour(value: string): Declared | undefined {
  const v = value.trim().toLowerCase();
  if (/url\(|gradient\(|var\(/.test(v)) return null;
  if (v === 'none' || v === 'initial') return 'transparent';
  const whole = parseColour(v);
  if (whole !== null) return whole;
  // A colour among the shorthand's other parts (`#fff no-repeat`, `rgb(0 0 0) fixed`).
  const token = /#[0-9a-f]{3,8}\b|rgba?\([^)]*\)|\b[a-z]+\b/g;
  for (let m = token.exec(v); m; m = token.exec(v)) {
    const c = parseColour(m[0]);
    if (c !== null) return c;
  }
  return undefined;
}

/** The text and background colours a declaration block sets (undefined: it does not set one). */
export interface ColourDeclarations {
  color?: Declared;
  background?: Declared;
}

/** The colours one declaration block sets; the last declaration of each wins. */
export function colourDeclarations(style: string): ColourDeclarations | undefined {
  if (!/colou?r|background/i.test(style)) return undefined;
  let out: ColourDeclarations | undefined;
  for (const decl of style.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const prop = decl.slice(0, colon).trim().toLowerCase();
    const value = decl.slice(colon + 1);
    if (prop === 'color') (out ??= {}).color = parseColour(value);
    else if (prop === 'background-color') (out ??= {}).background = parseColour(value);
    else if (prop === 'background') {
      const c = backgroundColour(value);
      if (c !== undefined) (out ??= {}).background = c;
    }
  }
  return out;
}

/** A stylesheet rule that colours what it selects, with its selector's specificity and order. */
interface ColourRule extends ColourDeclarations {
  sel: HidingSelector;
  rank: number;
}

/** Specificity counts past this are clamped, so a rank's parts cannot spill into one another. */
const MAX_COUNT = 999;

/**
 * The colour rules of a page's `<style>` blocks, by the key their last compound selector needs
 * (an id, a class, a tag, or none), so an element is matched against the few that can apply.
 */
export class ColourRules {
  private readonly byKey = new Map<string, ColourRule[]>();
  private order = 0;
  size = 0;
  /** Ancestor checks left for chained rules on this page. */
  private readonly budget: MatchBudget = { left: PAGE_MATCH_BUDGET };
  /** Whether chained rules went unmatched somewhere (the page's or an element's budget ran out). */
  cutShort = false;

  add(css: string): void {
    const decls = new Map<string, ColourDeclarations>();
    // The selector reader of css-hiding.ts, given the declarations as the "reason" a rule applies.
    const sels = hidingSelectors(css, (d) => {
      const c = colourDeclarations(d);
      if (!c) return undefined;
      const key = String(decls.size);
      decls.set(key, c);
      return key;
    });
    for (const sel of sels) {
      if (this.size >= MAX_COLOUR_RULES) return;
      // Descendant and child combinators only: sibling links are kept only for the page's hiding rules.
      if (sel.combinators.some((c, k) => k > 0 && c !== ' ' && c !== '>')) continue;
      let ids = 0;
      let classes = 0;
      let tags = 0;
      for (const p of sel.parts) {
        ids += p.ids.length;
        classes += p.classes.length + p.attrs.length;
        tags += p.tag ? 1 : 0;
      }
      const rank = (Math.min(ids, MAX_COUNT) * 1e6 + Math.min(classes, MAX_COUNT) * 1e3 + Math.min(tags, MAX_COUNT)) * 1e4 + this.order++;
      const p = sel.parts[sel.parts.length - 1]!;
      const key = p.ids[0] ? `#${p.ids[0]}` : p.classes[0] ? `.${p.classes[0]}` : p.tag ? p.tag : '*';
      const list = this.byKey.get(key) ?? [];
      list.push({ sel, rank, ...decls.get(sel.why) });
      this.byKey.set(key, list);
      this.size++;
    }
  }

  /** The colours the rules set on the innermost of the open elements `stack` (outermost first). */
  on(stack: readonly ElementInfo[]): ColourDeclarations | undefined {
    if (!this.size) return undefined;
    const el = stack[stack.length - 1]!;
    let color: ColourRule | undefined;
    let background: ColourRule | undefined;
    const element: MatchBudget = { left: Math.min(ELEMENT_MATCH_BUDGET, this.budget.left) };
    const start = element.left;
    const visit = (list: ColourRule[] | undefined) => {
      if (!list) return;
      for (const r of list) {
        // A rule that could not change the winner is not matched (no ancestor walk for it).
        if ((r.color === undefined || (color && r.rank < color.rank)) && (r.background === undefined || (background && r.rank < background.rank))) continue;
        if (!selects(r.sel, stack, element)) continue;
        if (r.color !== undefined && (!color || r.rank > color.rank)) color = r;
        if (r.background !== undefined && (!background || r.rank > background.rank)) background = r;
      }
    };
    visit(this.byKey.get('*'));
    visit(this.byKey.get(el.name));
    if (el.attribs.id) visit(this.byKey.get(`#${el.attribs.id}`));
    for (const c of el.classes) visit(this.byKey.get(`.${c}`));
    this.budget.left -= start - Math.max(0, element.left);
    // At 0 the matcher refuses chained rules without a word: a rule may have gone unmatched.
    if (element.left <= 0) this.cutShort = true;
    if (!color && !background) return undefined;
    return { ...(color ? { color: color.color } : {}), ...(background ? { background: background.background } : {}) };
  }
}

/**
 * The colours in force at an element: its text colour (undefined: the page's default, never set;
 * null: unknown) and the colour behind it (null: unknown, as over an image).
 */
export interface ColourState {
  fg: Rgba | null | undefined;
  bg: Rgba | null;
}

export const PAGE_COLOURS: ColourState = { fg: undefined, bg: WHITE };

/** `top` painted over `under` at its alpha. */
function over(top: Rgba, under: Rgba): Rgba {
  const k = top.a;
  return { r: top.r * k + under.r * (1 - k), g: top.g * k + under.g * (1 - k), b: top.b * k + under.b * (1 - k), a: 1 };
}

/** Form controls draw their own colours (a browser's, not the page's): their text is not judged. */
const OWN_COLOURS = new Set(['button', 'input', 'select', 'textarea']);

/** The colours in force at an element, from its parent's and what it sets (inline over rules). */
export function colourState(parent: ColourState, name: string, attribs: Record<string, string>, rules: ColourDeclarations | undefined): ColourState {
  // Most elements set no colour: the parent's state, with no allocation.
  if (!rules && !attribs.style && !attribs.bgcolor && !attribs.color && !OWN_COLOURS.has(name) && name !== 'a') return parent;
  const inline = attribs.style ? colourDeclarations(attribs.style) : undefined;
  let color = inline?.color !== undefined ? inline.color : rules?.color;
  let background = inline?.background !== undefined ? inline.background : rules?.background;
  if (color === undefined && name === 'font' && attribs.color) color = parseColour(attribs.color);
  if (background === undefined && attribs.bgcolor) background = parseColour(attribs.bgcolor);
  let { fg, bg } = parent;
  if (color === undefined && OWN_COLOURS.has(name)) fg = undefined;
  // A link is the browser's blue unless the page colours it: not a colour the page chose.
  else if (color === undefined && name === 'a' && 'href' in attribs) fg = undefined;
  else if (color === 'transparent') fg = { r: 0, g: 0, b: 0, a: 0 };
  else if (color !== undefined && color !== 'inherit') fg = color;
  if (background === undefined && OWN_COLOURS.has(name)) bg = null;
  else if (background === null) bg = null;
  else if (background && background !== 'transparent' && background !== 'inherit') bg = bg && background.a < 1 ? over(background, bg) : background.a < 1 ? null : background;
  return { fg, bg };
}

/** CIE L*a*b* of an sRGB colour (D65 white). */
function lab(c: Rgba): [number, number, number] {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = [lin(c.r), lin(c.g), lin(c.b)];
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** CIE76 colour difference. */
export function difference(p: Rgba, q: Rgba): number {
  const [a, b] = [lab(p), lab(q)];
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

function css(c: Rgba): string {
  return `#${[c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Why text in these colours does not show (`text coloured like its background, #fefefe on #ffffff`),
 * or undefined. `linkedSheet`: the page links a stylesheet (not read), which may set the background
 * this reader takes as a browser's white; the reason then says so (Python's test page saved from a
 * dark-themed site has `<font color="#ffffff">` headers on the dark background of its linked sheet).
 */
export function colourHiding(s: ColourState, linkedSheet = false): string | undefined {
  if (!s.fg || !s.bg) return undefined;
  if (s.fg.a === 0) return 'transparent text';
  const fg = s.fg.a < 1 ? over(s.fg, s.bg) : s.fg;
  if (difference(fg, s.bg) >= MAX_DIFFERENCE) return undefined;
  // A page that sets no background is white in a browser, unless a stylesheet this reader does not
  // see (a linked one) sets another: the label says which it compared with.
  const bg = s.bg !== WHITE ? css(s.bg) : linkedSheet ? 'the default white, which a linked stylesheet may change' : 'the default white';
  return `text coloured like its background, ${css(s.fg)} on ${bg}`;
}
