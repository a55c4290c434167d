import { Parser } from 'htmlparser2';
import { LineIndex } from '../../../core/index.js';
import { ColourRules, colourHiding, colourState, ELEMENT_MATCH_BUDGET, PAGE_COLOURS, type ColourState } from './html-colour.js';
import { hidingSelectors, PAGE_MATCH_BUDGET, selects, type ElementInfo, type HidingSelector, type MatchBudget } from './css-hiding.js';
import type { DataRow, TextCell } from './types.js';

/**
 * HTML pages in a RAG or training corpus (crawled pages, exported help centres), read the way a
 * loader feeds them to a model: the text of every element, scripts and styles aside — including
 * what a person reading the page never sees. Text hidden by markup (`display:none`,
 * `visibility:hidden`, zero font size or opacity, off-screen positioning, the `hidden` attribute,
 * `aria-hidden`, `<template>`, or a selector of the page's own stylesheet: `css-hiding.ts`; text coloured
 * like its background: `html-colour.ts`) and comments is
 * where indirect prompt injection hides; such text is its own cell, whose field says how it was
 * hidden, so a finding in it says so. So is the text of attributes a reader does not see but a
 * loader or an agent passes on (`alt`, `aria-label`, `title`, a `<meta name="description">`).
 *
 * Each block (paragraph, list item, heading, cell, …) is a cell located at its first character's
 * line and column; a hit inside maps to its exact line and column, from where each stretch of the
 * block's text starts (between inline tags and entities). A page is not a dataset of records: its
 * blocks are not records for the duplicate and trigger analysis (a page repeats its navigation;
 * 1,500 documentation pages gave 829 "duplicate" findings that way).
 */

/** Landmark roles around a page's content (WAI-ARIA). */
const CHROME_ROLE = /^(?:navigation|banner|contentinfo|complementary|search|menu|menubar)$/i;
/** Class or id words of navigation and sidebars as site generators write them (Sphinx, MkDocs, Docusaurus, Bootstrap, texinfo). */
const CHROME_NAME = /(?:^|[\s_-])(?:sidebar|sphinxsidebar(?:wrapper)?|sidenav|navbar|nav|navigation|menu|toc|breadcrumbs?|footer|related|wy-nav-side|md-sidebar|nav-panel)(?:$|[\s_-])/i;

/**
 * Whether an element is the page's chrome rather than its content: `<nav>`, `<aside>`, `<footer>`,
 * a landmark role around the content, or a block whose class or id names navigation. A site's
 * pages repeat it; as text for a near-duplicate sketch it made 131 of Debian's documentation pages
 * (Sphinx's sidebar, texinfo's licence comment) "near-duplicates" of each other.
 */
function isPageChrome(name: string, attribs: Record<string, string>): boolean {
  if (name === 'nav' || name === 'aside' || name === 'footer') return true;
  if (attribs.role !== undefined && CHROME_ROLE.test(attribs.role)) return true;
  if (name !== 'div' && name !== 'ul' && name !== 'section' && name !== 'header') return false;
  return (attribs.class !== undefined && CHROME_NAME.test(attribs.class)) || (attribs.id !== undefined && CHROME_NAME.test(attribs.id));
}

/** Elements whose content is not text a loader keeps. */
const SKIP = new Set(['script', 'style']);
/** Elements that end a block of text. */
const BLOCK = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'td', 'th', 'table', 'thead', 'tbody', 'section', 'article', 'header',
  'footer', 'nav', 'aside', 'main', 'blockquote', 'pre', 'br', 'hr', 'figure', 'figcaption', 'form', 'title', 'option', 'body', 'html', 'head', 'details', 'summary', 'caption', 'address', 'label', 'button', 'textarea', 'template', 'noscript',
]);

/** The style rules that hide an element's text from a person (and not from a text extractor). */
const HIDING_STYLE: readonly [RegExp, string][] = [
  [/display\s*:\s*none/i, 'display:none'],
  [/visibility\s*:\s*hidden/i, 'visibility:hidden'],
  [/(?:^|[;\s])font-size\s*:\s*0(?:\.0+)?(?:px|pt|em|rem|%)?\s*(?:;|$|!)/i, 'font-size:0'],
  [/(?:^|[;\s])opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)/i, 'opacity:0'],
  [/(?:left|top|text-indent)\s*:\s*-\d{3,}(?:px|em|rem)/i, 'positioned off-screen'],
  [/clip(?:-path)?\s*:\s*(?:rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)|inset\(\s*50%)/i, 'clipped away'],
];

/**
 * Attributes whose text a reader of the page does not see but a model may be given (alt text by
 * HTML-to-Markdown loaders, `aria-label` by agents reading the accessibility tree, `title` on
 * hover only): a prompt injection in `<img alt="…">` is invisible on the page.
 */
const TEXT_ATTRIBUTES: Record<string, string> = { alt: 'hidden (alt attribute)', 'aria-label': 'hidden (aria-label attribute)', 'aria-description': 'hidden (aria-description attribute)', title: 'title attribute', placeholder: 'placeholder attribute' };
/** `<meta>` names and properties whose `content` is a summary search engines and agents read. */
const META_TEXT = /^(?:description|keywords|author|(?:og|twitter):(?:title|description))$/i;

/** Why a style declaration block hides what it applies to, or undefined. */
function hidingStyle(style: string): string | undefined {
  for (const [re, why] of HIDING_STYLE) if (re.test(style)) return why;
  return undefined;
}

/**
 * How an element hides its content, or undefined when it does not. `stack` is the open elements
 * (outermost first, this one last) that the page's hiding `rules` are matched against.
 */
export function hiddenBy(name: string, attribs: Record<string, string>, rules?: readonly HidingSelector[], stack?: readonly ElementInfo[], budget: MatchBudget = { left: PAGE_MATCH_BUDGET }): string | undefined {
  if (name === 'template') return 'template';
  if ('hidden' in attribs) return 'hidden attribute';
  if (attribs['aria-hidden']?.toLowerCase() === 'true') return 'aria-hidden';
  const style = attribs.style && hidingStyle(attribs.style);
  if (style) return style;
  if (rules?.length && stack?.length) {
    for (const r of rules) if (selects(r, stack, budget)) return `${r.why} by ${r.text}`;
  }
  return undefined;
}

/**
 * A table being read: its header texts by column (from `<thead>` or its first row's `<th>`), the
 * row and column the reader is at, and whether it is inside a header or data cell.
 */
interface OpenTable {
  headers: string[];
  row: number;
  col: number;
  inHead: boolean;
  cell?: 'th' | 'td';
  span: number;
}

/** Longest header text taken as a column's name. */
const MAX_HEADER = 64;

/**
 * The text blocks of an HTML document, as rows of one cell each; what could not be resolved goes to
 * `problems`. With `tableFields`, a table cell's text is named by its column's header (`ssn`,
 * `email`: pandas' to_html, exported reports), as a CSV cell is, so its findings say the column
 * and the header is context for what the cell holds. Mail readers leave it off: there a cell with a
 * field is text the plain body does not show.
 */
export function htmlRows(raw: string, problems: string[] = [], opts: { tableFields?: boolean } = {}): DataRow[] {
  const rows: DataRow[] = [];
  const tables: OpenTable[] = [];
  const budget: MatchBudget = { left: PAGE_MATCH_BUDGET };
  let budgetLine = 0;
  const lines = new LineIndex(raw);
  /** Hiding rules of the `<style>` blocks read so far (styles sit in the head, before what they hide). */
  const rules: HidingSelector[] = [];
  let css = '';
  /** Colour rules of the `<style>` blocks read so far (compounds joined by descendant and child combinators). */
  const colourRules = new ColourRules();
  let colourBudgetLine = 0;
  /** Whether the page links or imports a stylesheet this reader does not see (see colourHiding). */
  let linkedSheet = false;
  /**
   * Open elements: their names, how the innermost hiding one hides (`hidden`, with `structural`
   * the part a child cannot undo: a child of white-on-white text may set a colour that shows), and
   * the colours in force.
   */
  const open: { name: string; hidden?: string; structural?: string; colours: ColourState; chrome: boolean }[] = [];
  /** The same elements as the selector matcher sees them (kept only once the page has hiding rules). */
  const elements: ElementInfo[] = [];
  /** Per open element (and the page itself, first), its last closed child element. */
  const lastChild: (ElementInfo | undefined)[] = [undefined];
  /** Whether the page's rules so far have a sibling combinator (only then are siblings linked). */
  let siblingRules = false;
  let skipping = 0;
  let parts: string[] = [];
  /** Where each part starts: (offset in the block's text, line, column) triples. */
  let spans: number[] = [];
  let length = 0;
  let start = -1;
  /** The one raw stretch the block's text came from, while it is one (else -1). */
  let rawEnd = -1;
  let contiguous = true;
  let blockHidden: string | undefined;
  /** Whether the block's text sits in the page's navigation, sidebar or footer (`isPageChrome`). */
  let blockChrome = false;

  const hiddenNow = () => open[open.length - 1]?.hidden;
  const flush = () => {
    const text = parts.join('');
    const lead = text.length - text.trimStart().length;
    const body = text.trim();
    if (body) {
      const verbatim = contiguous && raw.slice(start, rawEnd) === text;
      const { line, column } = lines.at(start + lead);
      const header = blockHidden || !opts.tableFields ? undefined : columnOf(body);
      const field = blockHidden ? `hidden (${blockHidden})` : header;
      const cell: TextCell = { text: body, line, column, verbatim, ...(field ? { field } : {}), ...(header ? { tableColumn: true } : {}), ...(blockChrome ? { boilerplate: true as const } : {}) };
      // Offsets in the trimmed text: the leading whitespace's stretch starts where the text does.
      if (!verbatim) cell.spans = spans.map((v, k) => (k % 3 === 0 ? Math.max(0, v - lead) : v));
      rows.push({ cells: [cell] });
    }
    parts = [];
    spans = [];
    length = 0;
    start = -1;
    rawEnd = -1;
    contiguous = true;
  };

  /** A header cell's text is its column's name (first row or `<thead>`); a data cell's field is that name. */
  const columnOf = (body: string): string | undefined => {
    const t = tables[tables.length - 1];
    if (!t?.cell) return undefined;
    if (t.cell === 'th' && (t.inHead || t.row === 0)) {
      // A header spanning columns names each of them.
      for (let k = 0; k < Math.min(t.span, 64); k++) t.headers[t.col + k] ??= body.slice(0, MAX_HEADER);
      return undefined;
    }
    return t.cell === 'td' ? t.headers[t.col] : undefined;
  };

  /** An element's text attributes (and a summary `<meta>`'s content), each a row at its value's position. */
  const attributeRows = (name: string, attribs: Record<string, string>, tagStart: number, tagEnd: number) => {
    const meta = name === 'meta' && META_TEXT.test(attribs.name ?? attribs.property ?? '') ? `hidden (meta ${(attribs.name ?? attribs.property)!.toLowerCase()})` : undefined;
    let tag: string | undefined;
    // for…in, not Object.entries: most elements have no such attribute, and an array per element was garbage.
    for (const attr in attribs) {
      const field = attr === 'content' ? meta : TEXT_ATTRIBUTES[attr];
      if (!field) continue;
      const text = attribs[attr]!.trim();
      if (!text) continue;
      // The value as written in the tag, when it is there as it is (no entities): its exact place.
      // Searched in the tag alone: a search of the rest of the page per attribute is quadratic.
      tag ??= raw.slice(tagStart, tagEnd + 1);
      const inTag = tag.indexOf(text);
      const verbatim = inTag >= 0;
      const { line, column } = lines.at(verbatim ? tagStart + inTag : tagStart);
      rows.push({ cells: [{ text, line, column, verbatim, field, boilerplate: true }] });
    }
  };

  // Tables nest (a layout table around a data table): each keeps its own header and place. Bounded
  // by the parser's open elements; a cell's colspan moves the column on by at most 1,000.
  const openTablePart = (name: string, attribs: Record<string, string>) => {
    if (name === 'table') tables.push({ headers: [], row: -1, col: 0, inHead: false, span: 1 });
    const t = tables[tables.length - 1];
    if (!t) return;
    if (name === 'thead') t.inHead = true;
    else if (name === 'tr') {
      t.row++;
      t.col = 0;
    } else if (name === 'th' || name === 'td') {
      t.cell = name;
      t.span = Math.min(1000, Math.max(1, Number.parseInt(attribs.colspan ?? '1', 10) || 1));
    }
  };
  const closeTablePart = (name: string) => {
    const t = tables[tables.length - 1];
    if (!t) return;
    if (name === 'table') tables.pop();
    else if (name === 'thead') t.inHead = false;
    else if ((name === 'th' || name === 'td') && t.cell) {
      t.col += t.span;
      t.cell = undefined;
    }
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (BLOCK.has(name)) flush();
        if (opts.tableFields) openTablePart(name, attribs);
        if (!skipping) attributeRows(name, attribs, parser.startIndex, parser.endIndex);
        const parentHidden = hiddenNow();
        // Its earlier siblings are closed by now: the last one is known, for `+` and `~` selectors.
        // Linked only when the page has such a selector: the links keep every element alive.
        const prev = siblingRules ? lastChild[lastChild.length - 1] : undefined;
        // One object shape for every element (a conditional spread gave two, and a slower match).
        const el = { name, attribs, classes: (rules.length || colourRules.size) && attribs.class ? attribs.class.split(/\s+/) : [], prev };
        elements.push(el);
        lastChild.push(undefined);
        const parent = open[open.length - 1];
        const structural = parent?.structural ?? hiddenBy(name, attribs, rules, elements, budget);
        const colours = colourState(parent?.colours ?? PAGE_COLOURS, name, attribs, colourRules.on(elements));
        if (name === 'link' && /\bstylesheet\b/i.test(attribs.rel ?? '')) linkedSheet = true;
        const hidden = structural ?? colourHiding(colours, linkedSheet);
        if (budget.left < 0 && !budgetLine) budgetLine = lines.at(parser.startIndex).line;
        if (colourRules.cutShort && !colourBudgetLine) colourBudgetLine = lines.at(parser.startIndex).line;
        // Text changes from seen to unseen here: it goes into a cell of its own.
        if (hidden !== parentHidden) flush();
        open.push({ name, hidden, structural, colours, chrome: parent?.chrome === true || isPageChrome(name, attribs) });
        if (SKIP.has(name)) skipping++;
        else if (parts.length) contiguous = false;
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipping = Math.max(0, skipping - 1);
        if (name === 'style' && css) {
          hidingSelectors(css, hidingStyle, rules);
          colourRules.add(css);
          if (/@import\b/i.test(css)) linkedSheet = true;
          siblingRules = rules.some((r) => r.combinators.some((c) => c === '+' || c === '~'));
          css = '';
        }
        const top = open.pop();
        const closed = elements.pop();
        lastChild.pop();
        if (closed && lastChild.length) lastChild[lastChild.length - 1] = closed;
        if (BLOCK.has(name) || top?.hidden !== hiddenNow()) flush();
        else if (parts.length) contiguous = false;
        if (opts.tableFields) closeTablePart(name);
      },
      ontext(text) {
        if (skipping) {
          // A stylesheet's text, kept (1 MiB at most) for the classes it hides.
          if (open[open.length - 1]?.name === 'style' && css.length < 1 << 20) css += text;
          return;
        }
        const hidden = hiddenNow();
        if (parts.length && hidden !== blockHidden) flush();
        if (!parts.length) {
          start = parser.startIndex;
          blockHidden = hidden;
          blockChrome = open[open.length - 1]?.chrome === true;
        } else if (parser.startIndex !== rawEnd) contiguous = false;
        rawEnd = parser.endIndex + 1;
        const at = lines.at(parser.startIndex);
        spans.push(length, at.line, at.column);
        length += text.length;
        parts.push(text);
      },
      oncomment(data) {
        flush();
        const body = data.trim();
        if (!body) return;
        const offset = parser.startIndex + 4 + (data.length - data.trimStart().length);
        const { line, column } = lines.at(offset);
        rows.push({ cells: [{ text: body, line, column, verbatim: raw.startsWith(body, offset), field: 'hidden (comment)', boilerplate: true }] });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(raw);
  parser.end();
  flush();
  if (budgetLine) problems.push(`the stylesheet's descendant and sibling selectors were matched up to line ${budgetLine} only (${PAGE_MATCH_BUDGET} element checks); text they hide below it may read as visible`);
  if (colourBudgetLine) problems.push(`the stylesheet's colour rules with descendant selectors were matched in part from line ${colourBudgetLine} on (${ELEMENT_MATCH_BUDGET} ancestor checks an element, ${PAGE_MATCH_BUDGET} a page); text they colour like its background there may read as visible`);
  return rows;
}
