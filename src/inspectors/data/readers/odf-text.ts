import { type OdfStyles, odtHiddenBy, shadedBackground } from './odf-styles.js';
import type { DataRow } from './types.js';
import type { RowBudget } from './sheet-table.js';
import { parseXml } from './xml.js';
import { type Backdrop, OdpBackdrops, odpHiddenBy, shapeTextColour } from './odp-backdrop.js';
import { offPage } from './odp-place.js';
import { OdtTables } from './odt-tables.js';

/**
 * The paragraphs of an OpenDocument text (`.odt`) or presentation (`.odp`) part, as a loader reads
 * them: headings, list items, table cells, text boxes, footnotes and endnotes (`text:note`), each
 * paragraph a row of one cell (a paragraph inside another — a note, a text box — is a row of its
 * own, the text around it kept whole). What the document hides is a cell of its own whose field
 * says why: comments (`office:annotation`), deleted tracked changes (`text:deletion`), hidden
 * text and paragraphs (`text:hidden-text`, `text:hidden-paragraph`), sections not displayed, text
 * whose style says `text:display="none"`, is under 1 point, or is white with nothing shaded under
 * it (a document) or the colour of the slide background or frame fill it sits on (a deck:
 * odp-backdrop.ts), and slides the deck hides.
 */

export type OdfDocKind = 'odt' | 'odp';

/** Characters of text read from a part at most (`<text:s text:c="1024"/>` is 22 bytes for 1,024 spaces). */
const MAX_CHARS = 64 << 20;
const MAX_SPACES = 1024;

/** Characters an element stands for (ODF collapses white space in text: these keep it). */
export function spacing(name: string, a: Record<string, string>): string | undefined {
  if (name === 'text:s') return ' '.repeat(Math.min(Math.max(1, Math.floor(Number(a['text:c'])) || 1), MAX_SPACES));
  if (name === 'text:tab') return '\t';
  if (name === 'text:line-break') return '\n';
  return undefined;
}

/** ODF §6.1.2: a run of white space in a paragraph's text is one space. */
export function collapse(text: string): string {
  return text.replace(/[ \t\r\n]+/g, ' ');
}

/** What holds at an element: why its text is hidden, its text format, whether it is read at all. */
interface Scope {
  why?: string;
  hiddenDisplay: boolean;
  color?: string;
  size?: number;
  shaded: boolean;
  skip: boolean;
  note?: string;
  /** On a slide: what the text sits on (odp-backdrop.ts). */
  behind?: Backdrop;
}

interface Para {
  n: number;
  field: string;
  parts: string[];
  why?: string;
  cells: { text: string; why?: string }[];
  hidden?: string;
}

const PARAGRAPH = new Set(['text:p', 'text:h']);
/** A presentation's header, footer and date-time declarations (`presentation:footer-decl`): text of their own. */
const DECL = new Set(['presentation:header-decl', 'presentation:footer-decl', 'presentation:date-time-decl']);
const HEADER_FOOTER = /^style:(?:header|footer)(?:-left|-first)?$/;
/** Elements whose text is no paragraph's: a note's number, a list label, a comment's or change's author and date. */
const LABEL = new Set(['text:note-citation', 'text:number', 'dc:creator', 'dc:date', 'meta:date-string', 'office:change-info']);
const STYLE_FAMILY: Record<string, string> = { 'text:span': 'text', 'text:a': 'text', 'text:p': 'paragraph', 'text:h': 'paragraph', 'table:table-cell': 'table-cell', 'draw:page': 'drawing-page' };

/**
 * Reads one part's body and headers and footers (`content.xml`, `styles.xml`, or a flat file's
 * whole document), feeding `styles` the part's own styles as they pass, and handing each paragraph
 * to `emit` once it and any paragraph around it have closed; `budget` counts them over the whole
 * document. Returns whether the part held more than was read (MAX_CHARS, or the budget).
 */
export function odfParagraphs(part: string, xml: string, kind: OdfDocKind, styles: OdfStyles, budget: RowBudget, emit: (row: DataRow) => void, opts: { tables?: boolean } = {}): boolean {
  // A paragraph nested in another (a note, a text box) closes first: rows wait here until the
  // outermost paragraph closes, and go in the order paragraphs open.
  let pending: { n: number; row: DataRow }[] = [];
  // Only the body and the headers and footers hold text a reader sees (a flat file's styles come first).
  const scopes: Scope[] = [{ hiddenDisplay: false, shaded: false, skip: true }];
  const paras: Para[] = [];
  let count = 0;
  let slide = 0;
  let notes = false;
  /** The slide's page size in points (odp-place.ts). */
  let page: { cx: number; cy: number } | undefined;
  let chars = 0;
  let truncated = false;
  const backdrops = new OdpBackdrops();
  // A text's tables: body cells also come out named by their column's header (odt-tables.ts).
  const tables = opts.tables ? new OdtTables(emit) : undefined;

  // A text's page colour, looked up once its page layouts are known (styles.xml was read first; a
  // flat file's master styles come before its body).
  let pageColour: string | undefined | null = null;
  const pageColourOf = () => (pageColour === null ? (pageColour = styles.pageBackground()) : pageColour);
  const reason = (s: Scope): string | undefined =>
    s.why ?? (s.hiddenDisplay ? 'display none' : s.size !== undefined && s.size < 1 ? 'font size under 1 point' : s.shaded ? undefined : kind === 'odt' ? odtHiddenBy(s.color, pageColourOf()) : odpHiddenBy(s.color, s.behind));
  const flushCell = (p: Para) => {
    const text = p.parts.join('').trim();
    if (text) p.cells.push({ text, why: p.why });
    p.parts = [];
  };
  const add = (text: string, why: string | undefined) => {
    const p = paras.at(-1);
    if (!p || !text) return;
    if (chars + text.length > MAX_CHARS) {
      truncated = true;
      return;
    }
    chars += text.length;
    if (p.parts.length && why !== p.why) flushCell(p);
    p.why = why;
    p.parts.push(text);
    // A column's value is what the cell shows: not hidden, and not a note's body (read at the note's mark).
    if (!why && !p.hidden && !scopes.at(-1)!.note) tables?.text(text);
  };
  const closePara = () => {
    const p = paras.pop()!;
    flushCell(p);
    for (const c of p.cells) {
      if (budget.count >= budget.max) {
        truncated = true;
        break;
      }
      budget.count++;
      const why = c.why ?? p.hidden;
      pending.push({ n: p.n, row: { cells: [{ text: c.text, field: `${p.field}${why ? `, hidden (${why})` : ''}`, verbatim: false }] } });
    }
    if (paras.length) return;
    if (pending.length > 1) pending.sort((x, y) => x.n - y.n);
    for (const o of pending) emit(o.row);
    pending = [];
  };

  parseXml(xml, {
    open(name, a) {
      styles.open(name, a);
      tables?.open(name, a);
      const up = scopes.at(-1)!;
      const s: Scope = { ...up };
      scopes.push(s);
      const family = STYLE_FAMILY[name];
      if (family) {
        const st = styles.get(family, a['text:style-name'] ?? a['table:style-name'] ?? a['draw:style-name']);
        if (st.display === false) s.hiddenDisplay = true;
        if (st.color !== undefined) s.color = st.color;
        if (st.size !== undefined) s.size = st.size;
        if (shadedBackground(st.background)) s.shaded = true;
        if (st.pageHidden) s.why ??= 'hidden slide';
      }
      if (kind === 'odp') {
        if (name === 'draw:page') page = styles.pageSize(a['draw:master-page-name']);
        else if (!notes && a['svg:x'] !== undefined && offPage(a, page)) s.why ??= 'off the slide';
        const behind = backdrops.open(name, a, styles);
        if (behind) s.behind = behind;
        const color = name.startsWith('draw:') ? shapeTextColour(styles, a) : undefined;
        if (color) s.color = color;
      }
      if (HEADER_FOOTER.test(name) || name === 'office:body') s.skip = false;
      else if (LABEL.has(name)) s.skip = true;
      // A frame's alt text (its title and description): shown to no reader of the page, read by
      // screen readers and by loaders that describe images. A cell of the paragraph holding it.
      else if (name === 'svg:title' || name === 'svg:desc') {
        s.why ??= 'alt text';
        // Title and description apart (their texts would otherwise run together).
        if (!s.skip) add(' ', s.why);
      } else if (name === 'text:conditional-text') {
        // The element's text is the branch its condition shows; the other is only in an attribute
        // (ODF: `text:current-value` false unless said), there for whoever edits the condition.
        const other = a['text:current-value'] === 'true' ? a['text:string-value-if-false'] : a['text:string-value-if-true'];
        if (!s.skip && other?.trim()) add(other, s.why ?? 'conditional text, other branch');
      } else if (DECL.has(name) && !s.skip) {
        // A deck's header, footer or date text, shown on the slides that use it.
        paras.push({ n: ++count, field: `slide ${name.slice(13, -5)}`, parts: [], cells: [] });
      } else if (name === 'draw:page') {
        slide++;
        notes = false;
      } else if (name === 'presentation:notes') notes = true;
      else if (name === 'text:deletion') s.why ??= 'deleted revision';
      else if (name === 'office:annotation' || name === 'officeooo:annotation') s.why ??= 'comment';
      else if (name === 'text:section' && (a['text:display'] === 'none' || a['text:display'] === 'condition')) s.why ??= 'hidden section';
      else if (name === 'text:note') s.note = a['text:note-class'] ?? 'footnote';
      else if (name === 'text:hidden-text') {
        // Its text is the attribute; the content, when there is any, repeats it.
        if (!s.skip) add(a['text:string-value'] ?? '', s.why ?? 'hidden text');
        s.skip = true;
      } else if (name === 'text:hidden-paragraph' && paras.length) paras.at(-1)!.hidden ??= 'hidden paragraph';
      else if (PARAGRAPH.has(name) && !s.skip) {
        const n = ++count;
        const field = kind === 'odp' ? `slide ${slide}${notes ? ' notes' : ''}` : `${part} paragraph ${n}${s.note ? ` (${s.note})` : ''}`;
        paras.push({ n, field, parts: [], cells: [] });
      } else if (!s.skip) {
        const space = spacing(name, a);
        if (space) add(space, reason(s));
      }
    },
    close(name) {
      styles.close(name);
      tables?.close(name);
      const s = scopes.pop();
      if (name === 'presentation:notes') notes = false;
      else if ((PARAGRAPH.has(name) || DECL.has(name)) && s && !s.skip && paras.length) closePara();
    },
    text(t) {
      const s = scopes.at(-1)!;
      if (!s.skip) add(collapse(t), reason(s));
    },
  });
  while (paras.length) closePara();
  return truncated;
}
