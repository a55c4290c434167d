import { cpSpans } from './doc-hidden-spans.js';
import type { ParaRun } from './doc-papx.js';
import type { TablePlace } from './doc-para-format.js';
import type { Piece } from './doc-pieces.js';
import { TableMarks } from './doc-table-marks.js';
import type { ParagraphMarks } from './doc-text.js';
import type { DataRow } from './types.js';
import { firstEndingPast } from './sorted-ranges.js';

/**
 * A Word 97–2003 document's tables read as columns, as a `.docx`'s are (`docx-tables.ts`). A `.doc`
 * holds no table elements: a table is its paragraphs, each marked in its paragraph properties
 * (PAPX, `doc-papx.ts`) as in a table and how deep (sprmPFInTable, sprmPItap); a cell's last
 * paragraph ends with a cell mark (0x07; a paragraph mark with sprmPFInnerTableCell in a nested
 * table) and each row with a paragraph of its own whose mark is the row mark (sprmPFTtp;
 * sprmPFInnerTtp nested). The text reader (`doc-text.ts`) hands over each paragraph's visible
 * text and its mark's CP; the mark's paragraph properties say what it ends (`doc-table-marks.ts`):
 * the first row names the columns and each body cell comes out as a `columnsOnly` row named by its
 * column's header. Its text already went to the detectors as the row's paragraph, so the row only
 * counts toward column classification.
 *
 * A paragraph's properties are those of the run holding its mark (MS-DOC 2.4.6.1): its text is held
 * until the mark says where it goes, at most MAX_PARAGRAPH_CHARS of it (a value, not a chapter).
 * A row of the outer table repeated as a header on each page (sprmTTableHeader, Word's
 * `w:tblHeader`) names columns too; Word keeps that in the row's end paragraph, after its cells, so
 * a row's first paragraph looks ahead for its end (at most MAX_ROW_LOOKAHEAD paragraphs).
 */

/** Characters of one paragraph held for its cell. */
const MAX_PARAGRAPH_CHARS = 64 << 10;
/** Table paragraphs a row's first one looks past for the row's end (Word's rows have 63 cells at most). */
const MAX_ROW_LOOKAHEAD = 4096;

/** Characters [start, end) of paragraphs in a table, and their place in it. */
export interface TableSpan {
  start: number;
  end: number;
  table: TablePlace;
}

/** The table paragraphs' runs (sorted by FC, not overlapping) as CP spans through the piece table; `capped` when too many. */
export function tableCpSpans(runs: readonly ParaRun[], pieces: readonly Piece[]): { spans: TableSpan[]; capped: boolean } {
  const table = runs.flatMap((r) => (r.table ? [{ start: r.start, end: r.end, table: r.table }] : []));
  return cpSpans(table, pieces, () => false);
}

/** One story's tables, fed by the text reader. */
export class DocTables implements ParagraphMarks {
  private readonly marks: TableMarks;
  private parts: string[] = [];
  private chars = 0;
  /** A row of the outer table is open (its header mark looked up). */
  private inRow = false;

  constructor(
    private readonly spans: readonly TableSpan[],
    emit: (row: DataRow) => void,
  ) {
    this.marks = new TableMarks(emit);
  }

  text(text: string): void {
    if (this.chars >= MAX_PARAGRAPH_CHARS) return;
    this.parts.push(text);
    this.chars += text.length;
  }

  mark(cp: number, char: number): void {
    const at = firstEndingPast(this.spans, cp, (x) => x.end);
    const place = this.spans[at] && this.spans[at]!.start <= cp ? this.spans[at]!.table : undefined;
    const depth = place?.depth ?? 0;
    if (depth >= 1 && !this.inRow && this.rowIsHeader(at)) this.marks.markHeaderNext();
    this.inRow = depth > 1 || (depth === 1 && !place!.rowEnd);
    const text = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    if (text) this.marks.text(depth, text);
    if (!place) this.marks.paragraphEnd(0);
    else if (place.rowEnd) this.marks.rowEnd(depth);
    else if (char === 0x07 || place.innerCell) this.marks.cellEnd(depth);
    else this.marks.paragraphEnd(depth);
  }

  /** The story ends: so do its tables (text after its last mark is no cell's). */
  end(): void {
    this.parts = [];
    this.chars = 0;
    this.marks.end();
  }

  /** Whether the outer table's row whose first paragraph is span `from` ends with a header mark. */
  private rowIsHeader(from: number): boolean {
    for (let i = from; i < this.spans.length && i < from + MAX_ROW_LOOKAHEAD; i++) {
      const t = this.spans[i]!.table;
      if (t.depth === 1 && t.rowEnd) return t.header;
    }
    return false;
  }
}
