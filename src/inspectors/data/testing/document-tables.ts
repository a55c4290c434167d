import type { DataRow } from '../readers/types.js';

/**
 * The follow-up table the document-table tests write into Word and OpenDocument files: names and
 * diagnoses by header, e-mails by value, as the HTML and Markdown tests' table is.
 */
export const FOLLOW_UP_TABLE = [
  ['patient_name', 'email', 'diagnosis'],
  ['Ana Ruiz', 'ana.ruiz@acme-corp.com', 'type 2 diabetes'],
  ['Ben Okafor', 'ben.okafor@acme-corp.com', 'hypertension'],
  ['Cy Park', 'cy.park@acme-corp.com', 'asthma'],
];

/** [column, value] of each body cell of a table, in reading order. */
export function tableValues(table: readonly string[][]): [string, string][] {
  return table.slice(1).flatMap((row) => row.map((v, i): [string, string] => [table[0]![i]!, v]));
}

/** The column values a reader's rows give: [column, text] of each `columnsOnly` row. */
export function columnValues(rows: readonly DataRow[]): [string | undefined, string][] {
  return rows.filter((r) => r.columnsOnly).map((r) => [r.cells[0]!.field, r.cells[0]!.text]);
}

/** The rest of a reader's rows (paragraphs): [field, text] of each one's first cell. */
export function paragraphCells(rows: readonly DataRow[]): [string | undefined, string][] {
  return rows.filter((r) => !r.columnsOnly).map((r) => [r.cells[0]!.field, r.cells[0]!.text]);
}
