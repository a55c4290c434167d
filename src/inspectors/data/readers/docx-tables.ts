import { DocTableColumns } from './doc-table-columns.js';
import type { DataRow } from './types.js';

/** Grid columns a `w:gridSpan` or `w:gridBefore` moves on by at most (Word's grid has 63 columns). */
const MAX_SPAN = 1000;

/** A count attribute (`w:val`), at least 0 and at most MAX_SPAN. */
function count(attribs: Record<string, string>, least: number): number {
  return Math.min(MAX_SPAN, Math.max(least, Number.parseInt(attribs['w:val'] ?? '', 10) || least));
}

/** Whether an on/off property (`<w:tblHeader/>`, `w:val="0"` / `"false"` / `"off"` switching it off) is on. */
function onOff(attribs: Record<string, string>): boolean {
  const v = attribs['w:val']?.toLowerCase();
  return v === undefined || (v !== '0' && v !== 'false' && v !== 'off');
}

/**
 * A Word part's tables (`w:tbl` / `w:tr` / `w:tc`), watched beside the paragraph reader: the first
 * row, and any row marked as a repeated header (`w:trPr/w:tblHeader`), names the columns; each body
 * cell, when it closes, comes out as a `columnsOnly` row of its visible text named by its column's
 * header. Its text already went to the detectors as the cell's paragraphs, so the row only counts
 * toward column classification: a patient_name / diagnosis table in a Word file is classified as a
 * CSV's columns are. Fed every element's open and close, and only the text a reader sees.
 */
export class DocxTables {
  private readonly columns: DocTableColumns;
  private inRowProps = false;

  constructor(emit: (row: DataRow) => void) {
    this.columns = new DocTableColumns(emit);
  }

  open(name: string, attribs: Record<string, string>): void {
    if (name === 'w:tbl') this.columns.openTable();
    else if (name === 'w:tr') this.columns.openRow();
    else if (name === 'w:trpr') this.inRowProps = true;
    else if (name === 'w:tblheader' && this.inRowProps && onOff(attribs)) this.columns.markHeaderRow();
    // Grid columns the row leaves empty before its first cell.
    else if (name === 'w:gridbefore' && this.inRowProps) this.columns.skip(count(attribs, 0));
    else if (name === 'w:tc') this.columns.openCell(1);
    else if (name === 'w:gridspan') this.columns.widenCell(count(attribs, 1));
  }

  close(name: string): void {
    if (name === 'w:tbl') this.columns.closeTable();
    else if (name === 'w:trpr') this.inRowProps = false;
    else if (name === 'w:tc') this.columns.closeCell();
    else if (name === 'w:p') this.columns.paragraphEnd();
  }

  /** Text a reader sees (not hidden, not deleted). */
  text(text: string): void {
    this.columns.text(text);
  }
}
