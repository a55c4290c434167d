import { RecordTextBuilder } from './csv-record.js';
import type { RowSink } from './sheet-table.js';
import type { TextCell } from './types.js';

/**
 * One row of a statistics package's table (Stata, SAS, SPSS), cell by cell: each text value a cell
 * named by its variable, and the row's record for the poisoning analysis — its text cells by a CSV
 * row's rule (`csv-record.ts`: long prose, and short words beside it; no codes), with the label
 * variable's value as its label.
 */
export class RecordRow {
  private cells: TextCell[] = [];
  private readonly record = new RecordTextBuilder();
  private label: string | undefined;

  /**
   * `prose` false for a number, a date or a value label: a cell, and the record's label when it is
   * the label variable, but no part of the record's text — a value label repeats on every row it
   * codes, and rows of nothing else would read as duplicate training examples.
   */
  add(field: string, text: string, isLabel: boolean, prose = true): void {
    if (!text) return;
    this.cells.push({ text, field, verbatim: false });
    if (isLabel) this.label = text.trim();
    else if (prose) this.record.add(text);
  }

  /** Hands the row to `sink` and starts the next. */
  emit(sink: RowSink, row: number): void {
    const { cells, label } = this;
    const record = this.record.take();
    sink.row({ row, cells, ...(record ? { record: { text: record, label } } : {}) });
    this.cells = [];
    this.label = undefined;
  }
}
