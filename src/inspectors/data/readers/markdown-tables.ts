import type { DataRow, TextCell } from './types.js';

/** GFM's delimiter row: cells of dashes, each with an optional leading / trailing colon. */
const DELIMITER = /^ {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$|^ {0,3}\|?[ \t]*:?-+:?[ \t]*$/;
/** Headers past this many columns are not kept (a table is a table; a line of 500 pipes is not). */
const MAX_COLUMNS = 64;
const MAX_HEADER = 64;

/**
 * GitHub-flavoured Markdown pipe tables, read line by line beside the text blocks: a header line,
 * a delimiter row (`|---|:--:|`), then body rows until a blank line or a line without a pipe. Each
 * body row comes out as cells named by their column's header (`tableColumn`), so a RAG page's table
 * of `patient | diagnosis | phone` is classified by column as a CSV is. The text around stays in
 * the blocks, where it is scanned as before.
 */
export class MarkdownTables {
  private prev = '';
  private prevLine = 0;
  private headers: string[] | undefined;
  private fence = '';
  private row = 0;

  /** Feeds line `lineNo` (1-based); returns the line's cells when it is a table body row. */
  line(l: string, lineNo: number): DataRow | undefined {
    const fence = mayOpenFence(l) ? /^ {0,3}(`{3,}|~{3,})/.exec(l)?.[1] : undefined;
    if (this.fence) {
      // Inside a fenced code block nothing is a table; it closes with a fence of the same kind, at least as long.
      if (fence && fence[0] === this.fence[0] && fence.length >= this.fence.length) this.fence = '';
      return this.remember(l, lineNo);
    }
    if (fence) {
      this.fence = fence;
      this.headers = undefined;
      return this.remember(l, lineNo);
    }
    if (this.headers) {
      if (l.includes('|') && l.trim() !== '') return { row: ++this.row, cells: this.cells(l, lineNo, this.headers) };
      this.headers = undefined;
    } else if (this.prevLine === lineNo - 1 && this.prev.includes('|') && DELIMITER.test(l)) {
      const head = splitRow(this.prev);
      const width = splitRow(l).length;
      // GFM: the header row and the delimiter row have the same number of cells, or it is no table.
      if (head.length === width && width > 0) this.headers = head.slice(0, MAX_COLUMNS).map((h) => h.text.slice(0, MAX_HEADER));
    }
    return this.remember(l, lineNo);
  }

  private remember(l: string, lineNo: number): undefined {
    this.prev = l;
    this.prevLine = lineNo;
    return undefined;
  }

  private cells(l: string, lineNo: number, headers: readonly string[]): TextCell[] {
    const out: TextCell[] = [];
    const parts = splitRow(l);
    for (let i = 0; i < parts.length && i < headers.length; i++) {
      const p = parts[i]!;
      if (!p.text) continue;
      const field = headers[i];
      out.push({ text: p.text, line: lineNo, column: p.at + 1, verbatim: true, ...(field ? { field, tableColumn: true } : {}) });
    }
    return out;
  }
}

/** Whether the line's first non-space character (within three spaces) is a backtick or tilde: a cheap test before the regex, run on every line. */
function mayOpenFence(l: string): boolean {
  let i = 0;
  while (i < 3 && l.charCodeAt(i) === 32) i++;
  const c = l.charCodeAt(i);
  return c === 96 || c === 126;
}

/** A row's cells, trimmed, with where each starts: split on pipes outside code spans and not escaped. */
export function splitRow(l: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let i = 0;
  while (i < l.length && (l[i] === ' ' || l[i] === '\t')) i++;
  if (l[i] === '|') i++;
  let start = i;
  let code = 0;
  const push = (end: number) => {
    const raw = l.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    out.push({ text: raw.trim(), at: start + lead });
  };
  for (; i < l.length; i++) {
    const c = l[i];
    if (c === '\\') i++;
    else if (c === '`') {
      let n = 1;
      while (l[i + n] === '`') n++;
      code = code === n ? 0 : code || n;
      i += n - 1;
    } else if (c === '|' && !code) {
      push(i);
      start = i + 1;
    }
  }
  // A trailing pipe closes the last cell; text after the last pipe is a cell of its own.
  if (l.slice(start).trim() !== '') push(l.length);
  return out;
}
