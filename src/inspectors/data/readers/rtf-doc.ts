import { hyperlinkTarget } from './doc-text.js';
import { CP1252_C1 } from './msg-codepage.js';
import { CellText } from './rtf-cell.js';
import { RtfTables } from './rtf-tables.js';
import { FontTable } from './rtf-fonts.js';
import { ColourTable, hiddenWhy, PLAIN, setFormat, type RtfFormat } from './rtf-format.js';
import { StyleSheet } from './rtf-styles.js';
import { CollectedRows, type DocumentRead, type RowSink, type SheetRead } from './sheet-table.js';

/**
 * RTF documents (`.rtf`: clinical notes, legal documents, WordPad and Word exports) in a data
 * folder, read as a loader extracts them: paragraph by paragraph (`\par`, a table's `\row`), each
 * a row whose cell sits at the line and column in the file where its text starts (`paragraph 3`),
 * a hit inside mapped to its exact place, an escaped character (`\'e9`, `\u8364?`) to its escape's.
 *
 * What the document hides from its reader is a cell of its own, taken out of the paragraph's text,
 * whose field says why in the `.docx` reader's words (`paragraph 2, hidden (vanish)`): `\v` hidden
 * text, `\deleted` revisions, white text (`\cfN` a colour table entry of 250 or more in every
 * channel, unless the run or paragraph is painted with another colour: `\highlightN`, `\cbN`,
 * `\chcbpatN`, `\cbpatN`) and `\fs0`/`\fs1` (under 1 point), whether the run says so or its paragraph
 * (`\sN`) or character (`\csN`) style in the stylesheet does (`rtf-styles.ts`). A field's result is kept and its
 * instruction dropped, but for a HYPERLINK's target, put after the link's text as ` <URL>` as the
 * `.doc` reader does (placed where the instruction has it); font, colour and style tables,
 * pictures, objects and every other `\*` destination are not text. A comment (`\*\annotation`) is `paragraph 2, hidden (comment)`, at the
 * paragraph it is attached to, and a drawing's text box (`\shptxt` in `\*\shpinst`; not its
 * `\shprslt` picture of it) `paragraph 2, text box`. The document information
 * (`{\info{\title …}{\author …}}`) is one `metadata` cell: its title, subject, keywords, comments,
 * and its author and last editor, who are personal data. With `tables`, a table's body cells also
 * come out as `columnsOnly` rows named by their column's header (`rtf-tables.ts`).
 *
 * An Outlook message's RTF body is read the same way (`mapi-text.ts`). One converted from HTML
 * (`\fromhtml1`, [MS-OXRTFEX]) keeps the HTML's tags in `\*\htmltag` destinations (skipped, as
 * every `\*` one is) and marks RTF-only layout with `\htmlrtf` … `\htmlrtf0` (scoped by groups):
 * that text is left out, as Outlook leaves it out when it rebuilds the HTML; its formatting still
 * applies (a white `\cfN` set there colours the HTML's text), and its breaks keep words apart.
 *
 * Bounded: one pass, MAX_TEXT characters (or the caller's cap), groups nested MAX_DEPTH deep (deeper
 * ones read as the deepest), control words of 32 letters (a longer run of letters is skipped and
 * said), `\binN` data skipped by its length within what is left of the file. What breaks — a file
 * cut inside its groups, a `\bin` past its end — is a problem, and the text before it is read;
 * `truncated` only when text was left unread (the cap, a `\bin` past the end).
 */

/** The most characters read from one document: 32 Mi, as a `.doc`'s. */
export const MAX_TEXT = 32 << 20;
/** Groups nested deeper than this are read as part of the deepest one: nothing recurses. */
export const MAX_DEPTH = 1000;
/** A paragraph longer than this goes on in a cell of its own (its spans are held until it ends). */
const MAX_CELL = 1 << 20;
/** The longest control word RTF allows. */
const MAX_WORD = 32;

/**
 * Where a group's text goes: the page, nowhere, the colour table, the font table, the stylesheet
 * and one style in it, the document information, a comment or a text box (cells of their own), a
 * shape's properties (nowhere, but its text box is text).
 */
type Dest = 'text' | 'skip' | 'colortbl' | 'fonttbl' | 'stylesheet' | 'style' | 'info' | 'meta' | 'comment' | 'textbox' | 'shape' | 'fldinst';

interface Group {
  dest: Dest;
  /** Characters that follow `\uN` in place of it (`\ucN`). */
  uc: number;
  /** `\htmlrtf`: RTF-only layout of a body converted from HTML (Outlook), not its text. */
  htmlRtf: boolean;
  f: RtfFormat;
  /** A field group whose instruction is a HYPERLINK: its target, put after the result when the field ends. */
  link?: Link;
}

/** A HYPERLINK's target and where it is written in the instruction (offset, line, column; -1 when not as it is). */
interface Link {
  url: string;
  at: number;
  line: number;
  column: number;
}

/** The most characters of a field's instruction kept (for a HYPERLINK's target). */
const MAX_INSTRUCTION = 4096;

/** Groups whose text is not shown (tables, metadata, binary data, field codes), starred or not. */
const SKIP_DESTINATIONS: ReadonlySet<string> = new Set(['fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'objdata', 'objclass', 'fldinst', 'themedata', 'colorschememapping', 'latentstyles', 'datastore', 'xmlnstbl', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'filetbl', 'revtbl', 'pgdsctbl', 'bkmkstart', 'bkmkend']);
/** `\info` groups whose text is the document's description (`\*\company` too). */
const INFO_TEXT = new Set(['title', 'subject', 'author', 'operator', 'keywords', 'doccomm', 'comment', 'company', 'manager', 'category']);
/** Control words that end a paragraph. */
const PARAGRAPH_END = new Set(['par', 'sect', 'row', 'nestrow']);
/** Control words that stand for a character. */
const SYMBOL: Record<string, string> = { tab: '\t', cell: '\t', nestcell: '\t', line: '\n', page: '\n', emdash: '—', endash: '–', bullet: '•', lquote: '‘', rquote: '’', ldblquote: '“', rdblquote: '”', emspace: ' ', enspace: ' ', qmspace: ' ' };

/**
 * The text of an RTF document (`raw`, as read from the file), each paragraph's visible text and
 * each hidden run a row handed to `sink` as it ends, the document information a header row.
 */
export function eachRtfRow(raw: string, sink: RowSink, maxChars = MAX_TEXT, o: RtfOptions = {}): DocumentRead {
  return new RtfReader(raw, sink, Math.min(maxChars, MAX_TEXT), o.tables ? new RtfTables((row) => sink.row(row)) : undefined).read();
}

/** The rows of an RTF document held whole (small files: tests, the bench). */
export function rtfRows(raw: string, maxChars = MAX_TEXT, o: RtfOptions = {}): SheetRead {
  const rows = new CollectedRows();
  return rows.read(eachRtfRow(raw, rows, maxChars, o));
}

export interface RtfOptions {
  /**
   * Tables' body cells also come out as `columnsOnly` rows named by their column's header
   * (`rtf-tables.ts`): a document's, not a mail body's (there a row is its text, as an HTML body's
   * table cells are not named either).
   */
  tables?: boolean;
}

class RtfReader {
  private readonly problems: string[] = [];
  private truncated = false;
  private readonly stack: Group[] = [];
  private g: Group = { dest: 'text', uc: 1, htmlRtf: false, f: { ...PLAIN } };
  private readonly colours = new ColourTable();
  private readonly fonts = new FontTable();
  private readonly styles = new StyleSheet(this.problems);
  /** `\ansicpgN`: the code page of `\'hh` bytes in a font that names none. */
  private ansicpg: number | undefined;
  private line = 1;
  private lineStart = 0;
  private total = 0;
  private paragraph = 1;
  private readonly visible = new CellText();
  private readonly hidden = new CellText();
  private hiddenAs: string | undefined;
  private readonly meta = new CellText();
  /** A comment's (`\*\annotation`) or a text box's paragraph being read. */
  private readonly aside = new CellText();
  /** The field instruction being read, and where it starts. */
  private instruction = '';
  private instructionAt = 0;
  /** `\'hh` bytes not decoded yet (a double-byte character is two), with where each was written: offset, line, column. */
  private bytes: number[] = [];
  private byteAt: number[] = [];
  /** Control words over MAX_WORD letters: the first is said, with how many more there were. */
  private longWords = 0;

  constructor(
    private readonly raw: string,
    private readonly sink: RowSink,
    private readonly max: number,
    private tables: RtfTables | undefined,
  ) {}

  read(): DocumentRead {
    const raw = this.raw;
    const n = raw.length;
    /** Groups opened past MAX_DEPTH: read as the deepest kept one, closed without popping it. */
    let overflow = 0;
    /** The group just opened has met nothing yet (its first control word may name a destination). */
    let groupStart = false;
    /** `\*` opened the group: the destination is ignorable (skipped unless it is document information). */
    let starred = false;
    /** Fallback characters still to skip after a `\uN`. */
    let skipChars = 0;
    let i = 0;
    while (i < n && this.total < this.max) {
      const c = raw.charCodeAt(i);
      if (c === 0x7b /* { */ || c === 0x7d /* } */) {
        this.flushBytes();
        if (c === 0x7b) {
          if (this.stack.length < MAX_DEPTH) {
            this.stack.push(this.g);
            this.g = { dest: this.g.dest, uc: this.g.uc, htmlRtf: this.g.htmlRtf, f: { ...this.g.f } };
            // Each group in the stylesheet is a style.
            if (this.g.dest === 'stylesheet') {
              this.g.dest = 'style';
              this.styles.begin();
            }
          } else if (overflow++ === 0) this.problems.push(`groups nested deeper than ${MAX_DEPTH} levels from line ${this.line}: read as part of the ${MAX_DEPTH}th`);
          groupStart = true;
        } else {
          const closed = this.g;
          if (overflow) overflow--;
          else this.g = this.stack.pop() ?? this.g;
          if (closed.dest !== this.g.dest && (closed.dest === 'comment' || closed.dest === 'textbox')) this.endAside(closed.dest);
          if (closed.dest === 'style' && this.g.dest === 'stylesheet') this.styles.end();
          if (closed.dest === 'fldinst' && this.g.dest !== 'fldinst') this.g.link = this.linkOf(i);
          // A link's target after its text, as the .doc reader puts it.
          if (closed.link && closed !== this.g) this.emitLink(closed.link, i);
          groupStart = false;
        }
        starred = false;
        skipChars = 0;
        i++;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        // Line breaks in the file are not text.
        if (c === 0x0a) {
          this.line++;
          this.lineStart = i + 1;
        }
        i++;
        continue;
      }
      if (c !== 0x5c /* \ */) {
        let j = i + 1;
        while (j < n) {
          const d = raw.charCodeAt(j);
          if (d === 0x5c || d === 0x7b || d === 0x7d || d === 0x0a || d === 0x0d) break;
          j++;
        }
        if (skipChars > 0) {
          const drop = Math.min(skipChars, j - i);
          skipChars -= drop;
          i += drop;
        }
        if (i < j) {
          this.flushBytes();
          this.emit(raw.slice(i, j), i, true);
        }
        groupStart = false;
        i = j;
        continue;
      }
      const next = raw.charCodeAt(i + 1);
      if (next === 0x27 /* ' */) {
        const code = parseInt(raw.slice(i + 2, i + 4), 16);
        if (skipChars > 0) skipChars--;
        else if (Number.isFinite(code)) {
          this.bytes.push(code);
          this.byteAt.push(i, this.line, i - this.lineStart + 1);
        }
        groupStart = false;
        i += 4;
        continue;
      }
      if (!isLetter(next)) {
        i = this.controlSymbol(next, i);
        if (next === 0x2a /* * */ && groupStart) starred = true;
        else groupStart = false;
        continue;
      }
      // A control word: letters, an optional signed number, and the space that ends it.
      let j = i + 1;
      while (j < n && isLetter(raw.charCodeAt(j))) j++;
      const word = raw.slice(i + 1, Math.min(j, i + 1 + MAX_WORD + 1));
      let param: number | undefined;
      let k = j;
      if (raw.charCodeAt(k) === 0x2d /* - */ && isDigit(raw.charCodeAt(k + 1))) k++;
      const digits = k;
      while (k < n && isDigit(raw.charCodeAt(k))) k++;
      if (k > digits) param = Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Number(raw.slice(j, Math.min(k, digits + 10)))));
      if (raw.charCodeAt(k) === 0x20) k++;
      const at = i;
      i = k;
      if (j - at - 1 > MAX_WORD) {
        if (this.longWords++ === 0) this.problems.push(`a control word of ${j - at - 1} letters at line ${this.line} (RTF allows ${MAX_WORD}): skipped`);
        groupStart = false;
        continue;
      }
      this.flushBytes();
      if (groupStart) this.destination(word, starred, at);
      groupStart = starred = false;
      if (word === 'u') {
        if (param !== undefined) this.emit(String.fromCharCode(param < 0 ? param + 65536 : param & 0xffff), at, false);
        skipChars = this.g.uc;
      } else if (word === 'bin') i = this.skipBinary(i, param ?? 0);
      else this.controlWord(word, param, at);
    }
    this.flushBytes();
    if (this.total >= this.max && i < n) {
      this.truncated = true;
      this.problems.push(`text over ${this.max} characters; the rest was not read`);
    }
    if (this.longWords > 1) this.problems.push(`${this.longWords - 1} more control words over ${MAX_WORD} letters: skipped`);
    if (this.stack.length + overflow > 0 && i >= n) this.problems.push(`the file ends inside ${this.stack.length + overflow} groups not closed (cut short?); its text was read to the end`);
    // A file cut inside a comment or a text box: what it held so far is read too.
    if (this.g.dest === 'comment' || this.g.dest === 'textbox') this.endAside(this.g.dest);
    this.endParagraph();
    this.tables?.end();
    const meta = this.meta.take('metadata');
    if (meta) this.sink.header({ header: true, cells: [meta] });
    return { problems: this.problems, truncated: this.truncated };
  }

  /** A group's first control word: a destination whose text is skipped, the colour table, document information. */
  private destination(word: string, starred: boolean, at: number): void {
    const g = this.g;
    // A style's first word (`\s15`, `\*\cs16`) is no destination.
    if (g.dest === 'style' || g.dest === 'stylesheet') return;
    // A field's instruction (`{\*\fldinst HYPERLINK "…"}`): kept apart, for a link's target.
    if (word === 'fldinst' && this.stack.at(-1)?.dest !== 'skip') {
      g.dest = 'fldinst';
      this.instruction = '';
      this.instructionAt = at;
      return;
    }
    // A comment (`{\*\annotation …}` after its `\chatn` mark): text no reader of the page sees.
    if (starred && word === 'annotation' && this.stack.at(-1)?.dest === 'text') {
      g.dest = 'comment';
      return;
    }
    // A drawing (`{\shp{\*\shpinst …{\shptxt …}}{\shprslt …}}`): its properties are no text, its text box is.
    if (starred && word === 'shpinst' && this.stack.at(-1)?.dest === 'text') {
      g.dest = 'shape';
      return;
    }
    if (word === 'shptxt' && g.dest === 'shape') {
      g.dest = 'textbox';
      return;
    }
    if (g.dest === 'skip') return;
    if (g.dest === 'info') {
      if (INFO_TEXT.has(word)) {
        g.dest = 'meta';
        if (!this.meta.empty) this.meta.add('\n', this.lineStart, this.line, 1, false);
      }
      return;
    }
    if (word === 'colortbl' && !starred) g.dest = 'colortbl';
    else if (word === 'fonttbl' && !starred) g.dest = 'fonttbl';
    else if (word === 'stylesheet' && !starred) g.dest = 'stylesheet';
    else if (word === 'info' && !starred) g.dest = 'info';
    // A shape's picture for readers that do not read shapes: the text box again, or an image.
    else if (starred || SKIP_DESTINATIONS.has(word) || word === 'shprslt') g.dest = 'skip';
  }

  /** A backslash and a character that is not a letter (an escape, `\*`, `\~`…); returns where reading goes on. */
  private controlSymbol(next: number, at: number): number {
    this.flushBytes();
    const g = this.g;
    if (next === 0x2a /* * */) {
      // An ignorable destination: skipped unless the group's first word says it is document information.
      // A character style's `{\*\cs16 …}` is read; a group inside a style (`{\*\keycode …}`) is not.
      if (g.dest === 'style') g.dest = this.stack.at(-1)?.dest === 'style' ? 'skip' : g.dest;
      else if (g.dest !== 'info') g.dest = g.dest === 'text' || g.dest === 'meta' ? 'skip' : g.dest;
    } else if (next === 0x5c || next === 0x7b || next === 0x7d) this.emit(String.fromCharCode(next), at, false);
    else if (next === 0x7e /* ~ */) this.emit('\u00a0', at, false);
    else if (next === 0x5f /* _ */) this.emit('-', at, false);
    else if (next === 0x0a || next === 0x0d) {
      // `\` before a line break is `\par`; the break itself is counted as the file's next.
      this.controlWord('par', undefined, at);
      return at + 1;
    }
    return Math.min(at + 2, this.raw.length);
  }

  private controlWord(word: string, param: number | undefined, at: number): void {
    const g = this.g;
    if (g.dest === 'colortbl') return this.colours.word(word, param);
    if (g.dest === 'fonttbl') return this.fonts.word(word, param);
    if (g.dest === 'style') return this.styles.word(word, param);
    if (g.dest === 'stylesheet') return;
    if (this.tables && !g.htmlRtf && (g.dest === 'text' || g.dest === 'skip')) this.tables.word(word, param, g.dest === 'text');
    if (setFormat(g.f, word, param)) return;
    // A paragraph or character style: its formatting, the run's own words after it over it.
    if (word === 's' || word === 'cs') return this.styles.apply(g.f, word, param);
    // An HTML-converted body's RTF-only break (`\htmlrtf \par \htmlrtf0`, `\line` for a `<br>`)
    // adds no text, but the HTML breaks there with a tag: the words on either side stay apart.
    if (g.htmlRtf && g.dest === 'text' && (PARAGRAPH_END.has(word) || word === 'line' || word === 'page')) return this.endParagraph();
    const symbol = SYMBOL[word];
    if (symbol !== undefined) return this.emit(symbol, at, false);
    if (PARAGRAPH_END.has(word)) {
      if (g.dest === 'text') this.endParagraph();
      else if (g.dest === 'comment' || g.dest === 'textbox') this.endAside(g.dest);
      return;
    }
    if (word === 'uc') g.uc = Math.max(0, Math.min(param ?? 1, 8));
    else if (word === 'htmlrtf') g.htmlRtf = param !== 0;
    else if (word === 'ansicpg') this.ansicpg = param;
    else if (word === 'deff') this.fonts.deff = param ?? -1;
  }

  /** `\binN`: N bytes of data, skipped whole (within what is left of the file); returns where reading goes on. */
  private skipBinary(from: number, length: number): number {
    const left = this.raw.length - from;
    if (length > left) {
      this.truncated = true;
      this.problems.push(`\\bin${length} at line ${this.line} claims more data than the ${left} characters left in the file; the rest was skipped`);
    }
    const end = from + Math.max(0, Math.min(length, left));
    for (let nl = this.raw.indexOf('\n', from); nl >= 0 && nl < end; nl = this.raw.indexOf('\n', nl + 1)) {
      this.line++;
      this.lineStart = nl + 1;
    }
    return end;
  }

  /** The `\'hh` bytes read so far as characters of the document's code page, each at its escape when they map one to one. */
  private flushBytes(): void {
    const bytes = this.bytes;
    if (!bytes.length) return;
    const at = this.byteAt;
    const decode = this.fonts.decoder(this.g.f.font, this.ansicpg);
    if (!decode) {
      // Windows-1252, the usual code page: a character a byte, no buffer.
      for (let k = 0; k < bytes.length; k++) {
        const b = bytes[k]!;
        this.emit(b >= 0x80 && b < 0xa0 ? CP1252_C1[b - 0x80]! : String.fromCharCode(b), at[3 * k]!, false, at[3 * k + 1], at[3 * k + 2]);
      }
    } else {
      const text = decode(Uint8Array.from(bytes));
      if (text.length === bytes.length) for (let k = 0; k < text.length; k++) this.emit(text[k]!, at[3 * k]!, false, at[3 * k + 1], at[3 * k + 2]);
      else this.emit(text, at[0]!, false, at[1], at[2]);
    }
    bytes.length = 0;
    at.length = 0;
  }

  /**
   * Text read at file offset `at` (`literal`: the file's own characters there), into the cell its
   * group and formatting say; on the current line unless `line` and `column` say otherwise.
   */
  private emit(text: string, at: number, literal: boolean, line = this.line, column = at - this.lineStart + 1): void {
    const g = this.g;
    if (g.dest === 'skip' || g.dest === 'info' || g.dest === 'fonttbl' || g.dest === 'stylesheet' || g.dest === 'style' || g.dest === 'shape' || g.htmlRtf) return;
    if (g.dest === 'fldinst') {
      if (this.instruction.length < MAX_INSTRUCTION) this.instruction += text;
      return;
    }
    if (g.dest === 'colortbl') return this.colours.text(text);
    if (this.total + text.length > this.max) text = text.slice(0, this.max - this.total);
    this.total += text.length;
    if (g.dest === 'meta') return this.meta.add(text, at, line, column, literal);
    if (g.dest === 'comment' || g.dest === 'textbox') return this.aside.add(text, at, line, column, literal);
    const why = hiddenWhy(g.f, this.colours.colours);
    if (why) {
      if (why !== this.hiddenAs) this.endHidden();
      this.hiddenAs = why;
      this.hidden.add(text, at, line, column, literal);
      return;
    }
    if (this.hiddenAs) {
      // White space between two hidden runs keeps them one cell; text a reader sees ends it.
      if (/\S/.test(text)) this.endHidden();
      else this.hidden.add(text, at, line, column, literal);
    }
    this.visible.add(text, at, line, column, literal);
    this.tables?.text(text);
    if (this.visible.length >= MAX_CELL) this.endVisible();
  }

  private endHidden(): void {
    const why = this.hiddenAs;
    this.hiddenAs = undefined;
    const cell = why && this.hidden.take(`paragraph ${this.paragraph}, hidden (${why})`);
    if (cell) this.sink.row({ cells: [cell] });
  }

  /** The HYPERLINK target of the instruction just read (ending at `end`), placed where the file has it as it is. */
  private linkOf(end: number): Link | undefined {
    const url = hyperlinkTarget(this.instruction);
    if (!url) return undefined;
    const at = this.raw.slice(this.instructionAt, Math.min(end, this.instructionAt + 2 * MAX_INSTRUCTION)).indexOf(url);
    if (at < 0) return { url, at: -1, line: this.line, column: end - this.lineStart + 1 };
    // Its line: this one, less the line breaks between it and here.
    let line = this.line;
    for (let nl = this.raw.indexOf('\n', this.instructionAt + at); nl >= 0 && nl < end; nl = this.raw.indexOf('\n', nl + 1)) line--;
    const from = this.instructionAt + at;
    return { url, at: from, line, column: from - this.raw.lastIndexOf('\n', from - 1) };
  }

  /** ` <URL>` after a link's text, at the field's end; the URL at its place in the instruction. */
  private emitLink(link: Link, end: number): void {
    // A link's target is the paragraph's text, not its table cell's value.
    const tables = this.tables;
    this.tables = undefined;
    this.emit(' <', end, false);
    this.emit(link.url, link.at < 0 ? end : link.at, false, link.line, link.column);
    this.emit('>', end, false);
    this.tables = tables;
  }

  private endAside(dest: 'comment' | 'textbox'): void {
    const cell = this.aside.take(`paragraph ${this.paragraph}, ${dest === 'comment' ? 'hidden (comment)' : 'text box'}`);
    if (cell) this.sink.row({ cells: [cell] });
  }

  private endVisible(): void {
    const cell = this.visible.take(`paragraph ${this.paragraph}`);
    if (cell) this.sink.row({ cells: [cell] });
  }

  private endParagraph(): void {
    this.endHidden();
    this.endVisible();
    this.paragraph++;
  }
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Whether a file's first bytes open an RTF document (`{\rtf`). */
export function isRtf(head: Uint8Array): boolean {
  return head[0] === 0x7b && head[1] === 0x5c && head[2] === 0x72 && head[3] === 0x74 && head[4] === 0x66;
}
