import { Parser } from 'htmlparser2';
import { htmlRows } from './html.js';
import { StreamLines } from './stream-lines.js';
import type { DataRow, TextCell } from './types.js';

/**
 * RSS 2.0 / 0.9x, RSS 1.0 and Atom feeds (a crawl's feeds in a RAG corpus; LangChain's RSS
 * loaders), read as a feed loader reads them: each `<item>` / `<entry>` is a row of cells by field
 * (`title`, `link`, `author`, `dc:creator`, `category`, `pubDate`, `description`,
 * `content:encoded`, `author/email`…), and its record for the poisoning analysis is its title and
 * the text of its description and content — not its link or its markup. Read as plain text, an
 * item's paragraph was its URL and tags, and items of different titles were near-duplicates by
 * the dozen.
 *
 * HTML in a description or content, in CDATA, entity-escaped (`&lt;p&gt;`) or inline XHTML, is read
 * by `readers/html.ts` as a page is: its text, what it hides (`display:none`, comments, alt text)
 * in cells of their own (`description, hidden (display:none)`). Every value keeps its place: the
 * line and column of each stretch (a run of text, an entity, a CDATA section) are kept, so a hit
 * maps to its exact place in the file, in escaped HTML too. The channel's own elements (its title,
 * description, `managingEditor`) are header cells; no text of the file is dropped.
 *
 * Streamed: fed decoded text chunk by chunk (`write`), each item's row handed on when it closes;
 * memory is bounded by the caps below whatever the feed's size.
 */

/** Elements that are an item of the feed: RSS's `<item>` (in RSS 1.0 a sibling of the channel), Atom's `<entry>`. */
const ITEM = new Set(['item', 'entry']);
/** The feed itself: RSS's `<channel>`, Atom's `<feed>` root, RSS 1.0's `<rdf:RDF>`. */
const CHANNEL = new Set(['channel', 'feed', 'rdf:RDF']);
/** Fields whose value is HTML (or Atom's `type="text"` text, read as such). */
const HTML_FIELD = new Set(['description', 'summary', 'content', 'content:encoded', 'xhtml:body', 'body']);
/** Attributes that are an element's value (Atom's `<link href>`, `<category term>`; RSS's `<enclosure url>`). */
const VALUE_ATTRIBUTES: Record<string, string> = { link: 'href', category: 'term', enclosure: 'url', 'media:content': 'url', source: 'url' };

/** Other attributes whose value is text a reader of the feed may be given (a link, an address). */
const URI_ATTRIBUTES = new Set(['href', 'url', 'rdf:resource']);

/** Longest value kept of a field (1 MiB): the rest of it is scanned for secrets as raw text only. */
const MAX_VALUE = 1 << 20;
/** Characters of an item's cells held before they are handed on without waiting for its end. */
const MAX_ROW_CHARS = 4 << 20;
/** A token (CDATA, comment, tag) the parser buffers whole: past this with no event, reading as a feed stops. */
export const MAX_TOKEN = 16 << 20;
/** Problem lines kept per feed. */
const MAX_PROBLEMS = 20;

/** A value being read: its text and where each stretch of it sits (flattened offset, line, column triples), verbatim stretches or not. */
interface OpenValue {
  name: string;
  /** Field name: the element's path under its item or channel (`author/email`). */
  field: string;
  html: boolean;
  /** Atom's `type="text"`: plain text, not HTML. */
  plain: boolean;
  parts: string[];
  length: number;
  spans: number[];
  /** Per stretch (by index in spans / 3): whether its text is the file's as written. */
  verbatim: boolean[];
  cut: boolean;
}

interface OpenItem {
  row: number;
  line: number;
  cells: TextCell[];
  chars: number;
  title: string[];
  text: string[];
}

export interface FeedEvents {
  row(r: DataRow): void;
}

export class FeedReader {
  private readonly parser: Parser;
  private readonly lines = new StreamLines();
  private readonly stack: string[] = [];
  private readonly values: OpenValue[] = [];
  /** Depth of the innermost item (the stack's length when it opened), or -1. */
  private itemDepth = -1;
  private item: OpenItem | undefined;
  private items = 0;
  private cdata = false;
  /** Where the last start tag ended (a self-closing tag's close comes at the same place). */
  private lastOpen = -1;
  /** Where the last parser event ended: a token past MAX_TOKEN beyond it is one the parser buffers. */
  private lastEvent = 0;
  private written = 0;
  private stopped = false;
  private malformed = 0;
  private firstMalformed = '';
  private cutValues = 0;
  readonly problems: string[] = [];

  constructor(private readonly events: FeedEvents) {
    this.parser = new Parser(
      {
        onopentag: (name, attribs) => this.open(name, attribs),
        onclosetag: (name, implied) => this.close(name, implied),
        ontext: (t) => this.text(t),
        oncdatastart: () => (this.cdata = true),
        oncdataend: () => (this.cdata = false),
        oncomment: (c) => this.comment(c),
      },
      { xmlMode: true, decodeEntities: true },
    );
  }

  /** Whether text of the feed was left out of its fields (a value past its cap, the rest after a token past the cap): it was matched for secrets only. */
  get leftOut(): boolean {
    return this.stopped || this.cutValues > 0;
  }

  /** How many items were read. */
  get rows(): number {
    return this.items;
  }

  write(text: string): void {
    if (this.stopped) return;
    this.lines.add(text);
    this.written += text.length;
    this.parser.write(text);
    this.lines.forget(this.lastEvent);
    if (this.written - this.lastEvent > MAX_TOKEN) {
      // One CDATA section, comment or tag the parser holds whole: past the cap it is no feed to read on.
      this.stopped = true;
      this.problems.push(`one XML token of over ${MAX_TOKEN} characters from line ${this.lines.at(this.lastEvent).line} (an unclosed CDATA section, comment or tag): the rest was read as raw text for secrets only`);
      this.flushItem();
    }
  }

  end(): void {
    if (!this.stopped) this.parser.end();
    this.flushItem();
    if (this.malformed) this.problems.unshift(`malformed XML: ${this.firstMalformed}${this.malformed > 1 ? `, and ${this.malformed - 1} more element${this.malformed > 2 ? 's' : ''} not closed` : ''}`);
    if (this.cutValues) this.problems.push(`${this.cutValues} value(s) over ${MAX_VALUE} characters: only their first ${MAX_VALUE} were read as fields`);
    if (this.problems.length > MAX_PROBLEMS) this.problems.splice(MAX_PROBLEMS, this.problems.length, `and ${this.problems.length - MAX_PROBLEMS} more problems`);
  }

  private here(offset = this.parser.startIndex): { line: number; column: number } {
    return this.lines.at(offset);
  }

  private open(name: string, attribs: Record<string, string>): void {
    this.lastEvent = this.parser.endIndex + 1;
    this.lastOpen = this.parser.endIndex;
    const top = this.values[this.values.length - 1];
    // Inside an HTML field (Atom's `type="xhtml"`, raw XHTML in a description): the element is markup of its value.
    if (top?.html) {
      let tag = `<${name}`;
      for (const a in attribs) tag += ` ${a}="${attribs[a]!.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
      this.append(top, `${tag}>`, false);
      this.stack.push(name);
      return;
    }
    this.stack.push(name);
    if (ITEM.has(name) && this.itemDepth < 0) {
      this.itemDepth = this.stack.length;
      this.item = { row: ++this.items, line: this.here().line, cells: [], chars: 0, title: [], text: [] };
      return;
    }
    if (CHANNEL.has(name) && this.itemDepth < 0) return;
    const depth = this.itemDepth >= 0 ? this.itemDepth : channelDepth(this.stack);
    const path = this.stack.slice(depth).join('/');
    const field = this.itemDepth >= 0 ? path : `${this.stack.includes('channel') ? 'channel' : 'feed'} ${path}`;
    // Values kept in attributes: an Atom link's `href`, a category's `term`; a `mailto:` in RSS 1.0's `rdf:resource`.
    const valueAttr = VALUE_ATTRIBUTES[name];
    for (const a in attribs) {
      if (a !== valueAttr && !URI_ATTRIBUTES.has(a)) continue;
      const text = attribs[a]!.trim();
      if (text) this.cell({ text, ...this.here(), verbatim: false, field: a === valueAttr ? field : `${field} (${a})` }, this.item === undefined);
    }
    const type = attribs.type?.toLowerCase();
    // Atom says what its text constructs are (`type="html"` on a title too); RSS's description is HTML as often as not.
    const html = this.stack.length === depth + 1 && (type === 'html' || type === 'xhtml' || (HTML_FIELD.has(name) && type !== 'text'));
    this.values.push({ name, field, html, plain: type === 'text', parts: [], length: 0, spans: [], verbatim: [], cut: false });
  }

  private close(name: string, implied: boolean): void {
    this.lastEvent = this.parser.endIndex + 1;
    // htmlparser2 calls a self-closing tag's close implied too: it ends where its open did.
    if (implied && !this.stopped && this.parser.endIndex !== this.lastOpen) {
      this.malformed++;
      if (this.malformed === 1) this.firstMalformed = `<${name}> not closed before line ${this.here(Math.min(this.parser.startIndex, this.written)).line}${this.parser.startIndex >= this.written ? ' (the end of the file: cut short?)' : ''}`;
    }
    const top = this.values[this.values.length - 1];
    const depth = this.stack.length;
    this.stack.pop();
    if (top?.html && top.name !== name) {
      if (!implied) this.append(top, `</${name}>`, false);
      return;
    }
    if (top && top.name === name && depth > (this.itemDepth >= 0 ? this.itemDepth : 0)) {
      this.values.pop();
      this.finishValue(top);
      return;
    }
    if (depth === this.itemDepth) this.flushItem();
  }

  private text(t: string): void {
    const start = this.parser.startIndex;
    // A raw run's length is its stretch of the file; an entity's decoded text is shorter than the entity.
    const verbatim = this.cdata || this.parser.endIndex - start + 1 === t.length;
    const at = this.cdata ? start + 9 : start; // `<![CDATA[`
    this.lastEvent = this.parser.endIndex + 1;
    const top = this.values[this.values.length - 1];
    if (top) {
      this.appendAt(top, t, verbatim, this.here(at));
      return;
    }
    // Text outside any element of the feed (stray text, a broken file): kept as a cell of its own.
    const body = t.trim();
    if (!body) return;
    const lead = t.length - t.trimStart().length;
    const { line, column } = this.here(at + (verbatim ? lead : 0));
    this.cell({ text: body, line, column, verbatim }, this.item === undefined);
  }

  /** A comment: markup of an HTML value; elsewhere text no reader of the feed sees, as a page's comment is (`hidden (comment)`). */
  private comment(c: string): void {
    const top = this.values[this.values.length - 1];
    if (top?.html) this.append(top, `<!--${c}-->`, false);
    else if (c.trim()) {
      const lead = c.length - c.trimStart().length;
      this.cell({ text: c.trim(), ...this.here(this.parser.startIndex + 4 + lead), verbatim: true, field: 'hidden (comment)' }, this.item === undefined);
    }
    this.lastEvent = this.parser.endIndex + 1;
  }

  private append(v: OpenValue, t: string, verbatim: boolean): void {
    this.appendAt(v, t, verbatim, this.here());
  }

  private appendAt(v: OpenValue, t: string, verbatim: boolean, at: { line: number; column: number }): void {
    if (v.length >= MAX_VALUE) {
      if (!v.cut) this.cutValues++;
      v.cut = true;
      return;
    }
    v.spans.push(v.length, at.line, at.column);
    v.verbatim.push(verbatim);
    v.parts.push(t);
    v.length += t.length;
  }

  /** A closed element's value as its cell(s): HTML through the page reader, the rest as text. */
  private finishValue(v: OpenValue): void {
    const text = v.parts.join('');
    if (!text.trim()) return;
    const inItem = this.itemDepth >= 0;
    if (!v.html) {
      const cell = valueCell(text, v.spans, v.verbatim, v.field);
      if (!cell) return;
      this.cell(cell, !inItem);
      if (inItem && v.field === 'title') this.item!.title.push(cell.text);
      else if (inItem && v.plain) this.item!.text.push(cell.text);
      return;
    }
    const problems: string[] = [];
    // Where the HTML's lines start: its cells say line and column in it.
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    for (const r of htmlRows(text, problems)) {
      for (const c of r.cells) {
        const cell = placeHtmlCell(c, text, starts, v.spans, v.verbatim, v.field);
        this.cell(cell, !inItem);
        if (inItem) (v.field === 'title' ? this.item!.title : this.item!.text).push(cell.text);
      }
    }
    for (const p of problems) this.problems.push(`${v.field}: ${p}`);
  }

  /** A cell into the open item's row, or a header row of its own outside any item. */
  private cell(c: TextCell, header = false): void {
    if (!this.item || header) {
      this.events.row({ cells: [c], header: true });
      return;
    }
    this.item.cells.push(c);
    this.item.chars += c.text.length;
    if (this.item.chars > MAX_ROW_CHARS) {
      this.events.row({ row: this.item.row, cells: this.item.cells });
      this.item.cells = [];
      this.item.chars = 0;
    }
  }

  private flushItem(): void {
    const it = this.item;
    if (!it) return;
    this.item = undefined;
    this.itemDepth = -1;
    this.values.length = 0;
    const text = [...it.title, ...it.text].join('\n').slice(0, MAX_VALUE);
    this.events.row({ row: it.row, cells: it.cells, ...(text.trim() ? { record: { text, line: it.line } } : {}) });
  }
}

/** How deep the innermost channel-like element (`channel`, Atom's `feed`, `rdf:RDF`) is: the path of a channel's field starts below it. */
function channelDepth(stack: readonly string[]): number {
  for (let i = stack.length - 1; i >= 0; i--) if (CHANNEL.has(stack[i]!)) return i + 1;
  return 0;
}

/** A plain value as a cell, trimmed: verbatim when it is one stretch as written, else placed stretch by stretch. */
function valueCell(text: string, spans: number[], verbatim: boolean[], field: string): TextCell | undefined {
  const body = text.trim();
  if (!body) return undefined;
  const lead = text.length - text.trimStart().length;
  const start = positionIn(text, spans, verbatim, lead);
  if (verbatim.length === 1 && verbatim[0]) return { text: body, ...start, verbatim: true, field };
  return { text: body, ...start, verbatim: false, field, spans: stretches(text, spans, verbatim, lead, body.length, 0) };
}

/** The file position of offset `o` of a value: from its stretch's start, counting line breaks in a verbatim stretch; an entity's at the entity. */
function positionIn(text: string, spans: number[], verbatim: boolean[], o: number): { line: number; column: number } {
  const k = stretchAt(spans, o);
  const from = spans[k] ?? 0;
  let line = spans[k + 1] ?? 1;
  let column = spans[k + 2] ?? 1;
  if (!verbatim[k / 3]) return { line, column };
  column += o - from;
  for (let i = text.indexOf('\n', from); i >= 0 && i < o; i = text.indexOf('\n', i + 1)) {
    line++;
    column = o - i;
  }
  return { line, column };
}

/**
 * Stretch triples for the part `[start, start + length)` of a value, as a cell's spans (offsets in
 * the cell from `cellOffset`): one at its start and one at each of the value's stretches inside it.
 */
function stretches(text: string, spans: number[], verbatim: boolean[], start: number, length: number, cellOffset: number): number[] {
  const at = positionIn(text, spans, verbatim, start);
  const out = [cellOffset, at.line, at.column];
  for (let k = stretchAt(spans, start) + 3; k < spans.length; k += 3) {
    const s = spans[k]!;
    if (s >= start + length) break;
    out.push(cellOffset + s - start, spans[k + 1]!, spans[k + 2]!);
  }
  return out;
}

/** Index in `spans` of the stretch offset `o` falls in (the last starting at or before it): a binary search, as escaped HTML makes a stretch of every entity. */
function stretchAt(spans: readonly number[], o: number): number {
  let lo = 0;
  let hi = spans.length / 3 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (spans[mid * 3]! <= o) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo) * 3;
}

/** A cell of HTML in a value (its lines and columns the value's own) placed in the file, its field the value's (`description, hidden (display:none)`). */
function placeHtmlCell(c: TextCell, html: string, starts: readonly number[], spans: number[], verbatim: boolean[], field: string): TextCell {
  const offsetOf = (line: number, column: number) => (starts[line - 1] ?? 0) + column - 1;
  const named = `${field}${c.field ? `, ${c.field}` : ''}`;
  if (c.line === undefined || c.column === undefined) return { text: c.text, verbatim: false, field: named };
  // The cell's stretches in the HTML (one when it is verbatim there), each split where the value's own stretches start.
  const own = c.spans ?? [0, c.line, c.column];
  const out: number[] = [];
  for (let k = 0; k < own.length; k += 3) {
    const from = own[k]!;
    const to = k + 3 < own.length ? own[k + 3]! : c.text.length;
    out.push(...stretches(html, spans, verbatim, offsetOf(own[k + 1]!, own[k + 2]!), to - from, from));
  }
  return { text: c.text, line: out[1]!, column: out[2]!, verbatim: false, field: named, spans: out };
}
