import { LineRun } from './line-run.js';
import { MarkdownTables } from './markdown-tables.js';
import { isMarkupOnly } from './markup-only.js';
import type { DataRow } from './types.js';

/** Block size for free text: big enough to amortise regex start-up, small enough to bound memory. */
const BLOCK_CHARS = 256 * 1024;

/**
 * Plain text, Markdown and source files: verbatim blocks of whole lines. With `records`, each
 * paragraph (blank-line separated) is also a record for the poisoning analysis (RAG chunks).
 */
export async function* readText(lineIter: AsyncIterable<string>, opts: { records?: boolean; firstLine?: number } = {}): AsyncGenerator<DataRow> {
  const blocks = new TextBlocks(opts);
  const out: DataRow[] = [];
  for await (const l of lineIter) {
    blocks.line(l, out);
    yield* out;
    out.length = 0;
  }
  blocks.end(out);
  yield* out;
}

/** The block / paragraph builder behind `readText`, push-style and synchronous. */
export class TextBlocks {
  private readonly block = new LineRun();
  private blockStart: number;
  private lineNo: number;
  private para: string[] = [];
  private paraLine = 0;
  private paraRow = 0;
  private readonly pending: DataRow[] = [];
  private readonly records: boolean;
  /** Markdown's pipe tables, when the text is Markdown: their rows also come out as named cells. */
  private readonly tables: MarkdownTables | undefined;

  constructor(opts: { records?: boolean; firstLine?: number; markdownTables?: boolean } = {}) {
    this.blockStart = opts.firstLine ?? 1;
    this.lineNo = (opts.firstLine ?? 1) - 1;
    this.records = opts.records ?? false;
    if (opts.markdownTables) this.tables = new MarkdownTables();
  }

  private flushPara(): void {
    if (this.para.length) {
      const text = this.para.join('\n');
      // A paragraph that is markup alone (an image, a link) is no record; it keeps its number.
      ++this.paraRow;
      if (!isMarkupOnly(text)) this.pending.push({ row: this.paraRow, cells: [], record: { text, line: this.paraLine } });
    }
    this.para = [];
  }

  /**
   * Feeds one line; appends finished blocks, then finished paragraph records, to `out`. With where
   * the line came from (`LineFn`'s `src` and `start`), a block is a slice of that text, not a join.
   */
  line(l: string, out: DataRow[], src?: string, start?: number): void {
    const lineNo = ++this.lineNo;
    this.block.add(l, src, start);
    if (this.records) {
      if (l.trim() === '') this.flushPara();
      else {
        if (!this.para.length) this.paraLine = lineNo;
        if (this.para.length < 200) this.para.push(l);
      }
    }
    if (this.tables) {
      const row = this.tables.line(l, lineNo);
      if (row) this.pending.push({ ...row, columnsOnly: true });
    }
    if (this.block.size >= BLOCK_CHARS) {
      out.push({ cells: [{ text: this.block.text(), line: this.blockStart, column: 1, verbatim: true }] });
      this.block.clear();
      this.blockStart = lineNo + 1;
    }
    if (this.pending.length) {
      out.push(...this.pending);
      this.pending.length = 0;
    }
  }

  end(out: DataRow[]): void {
    this.flushPara();
    if (this.block.count) out.push({ cells: [{ text: this.block.text(), line: this.blockStart, column: 1, verbatim: true }] });
    this.block.clear();
    out.push(...this.pending);
    this.pending.length = 0;
  }
}
