import { TableMarks } from './doc-table-marks.js';
import type { DataRow } from './types.js';

/**
 * An RTF document's tables read as columns, as a Word file's are (`docx-tables.ts`, `doc-tables.ts`).
 * RTF has no table element either (RTF 1.9.1, "Table Definitions"): a row opens with its definition
 * (`\trowd`), its paragraphs are marked as in a table (`\intbl`, and `\itapN` for a table nested N
 * deep), each cell ends with `\cell` (`\nestcell` in a nested table) and the row with `\row`
 * (`\nestrow`, which Word writes inside the ignorable `{\*\nesttableprops …}` group). The first row
 * names the columns, or a row defined as a header row (`\trhdr` before its cells); each body cell's
 * visible text comes out as a `columnsOnly` row named by its column's header (`doc-table-marks.ts`).
 * Its text already went to the detectors in the row's paragraph, so the row only counts toward
 * column classification.
 *
 * Paragraph properties are reader state, not group state, here: pandoc writes each cell's text as
 * `{\pard … text\par}\cell`, so a `\pard` inside a row does not take its text out of the table
 * (between `\trowd` and `\row` a paragraph is at least in the outer table).
 */
export class RtfTables {
  private readonly marks: TableMarks;
  private inTable = false;
  private itap: number | undefined;
  /** Between a row's definition (`\trowd`) or first `\intbl` and its `\row`. */
  private inRow = false;

  constructor(emit: (row: DataRow) => void) {
    this.marks = new TableMarks(emit);
  }

  /** The depth of the paragraph being read: 0 outside tables. */
  private get depth(): number {
    const own = this.itap ?? (this.inTable ? 1 : 0);
    return Math.max(own, this.inRow ? 1 : 0);
  }

  /** Text a reader sees, in the document's body. */
  text(text: string): void {
    this.marks.text(this.depth, text);
  }

  /**
   * A control word in the document's body (`inText`) or in an ignorable group (where only Word's
   * `\nestrow` counts).
   */
  word(word: string, param: number | undefined, inText: boolean): void {
    if (!inText) {
      if (word === 'nestrow') this.marks.rowEnd(Math.max(2, this.depth));
      return;
    }
    switch (word) {
      case 'pard':
        this.inTable = false;
        this.itap = undefined;
        break;
      case 'intbl':
        this.inTable = true;
        this.inRow = true;
        break;
      case 'itap':
        this.itap = Math.max(0, param ?? 1);
        if (this.itap) this.inRow = true;
        break;
      case 'trowd':
        this.inRow = true;
        break;
      case 'trhdr':
        if (param !== 0) this.marks.markHeaderNext();
        break;
      case 'cell':
        this.marks.cellEnd(1);
        break;
      case 'nestcell':
        this.marks.cellEnd(Math.max(2, this.depth));
        break;
      case 'row':
        this.marks.rowEnd(1);
        this.inRow = false;
        break;
      case 'nestrow':
        this.marks.rowEnd(Math.max(2, this.depth));
        break;
      case 'par':
      case 'sect':
        this.marks.paragraphEnd(this.depth);
        break;
    }
  }

  /** The document ends: so do its tables. */
  end(): void {
    this.marks.end();
  }
}
