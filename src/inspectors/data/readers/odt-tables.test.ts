import { describe, expect, it } from 'vitest';
import { odfFile, odfFlat, odsCell, odtTable, textStyle } from '../testing/odf-writer.js';
import { columnValues, FOLLOW_UP_TABLE as followUps, paragraphCells as paragraphs, tableValues } from '../testing/document-tables.js';
import { odfRows } from './opendocument.js';

const cell = (text: string, attrs = '') => `<table:table-cell${attrs}><text:p>${text}</text:p></table:table-cell>`;
const row = (...cells: string[]) => `<table:table-row>${cells.join('')}</table:table-row>`;

describe('OpenDocument text tables', () => {
  const values = tableValues(followUps);

  it("names each body cell by its column's header (declared header rows or the first row), the paragraphs as they were", () => {
    for (const headerRows of [0, 1]) {
      const read = odfRows(odfFile('odt', { body: `<text:p>Follow-ups</text:p>${odtTable(followUps, headerRows)}` }), 'odt', 1000);
      expect(columnValues(read.rows)).toEqual(values);
      expect(read.rows.filter((r) => r.columnsOnly).every((r) => r.cells[0]!.tableColumn === true)).toBe(true);
      expect(paragraphs(read.rows)).toEqual([['content.xml paragraph 1', 'Follow-ups'], ...followUps.flat().map((t, i) => [`content.xml paragraph ${i + 2}`, t])]);
    }
    // A flat file too.
    expect(columnValues(odfRows(odfFlat('odt', { body: odtTable(followUps, 1) }), 'odt', 1000).rows)).toEqual(values);
  });

  it('moves on past covered cells of a spanning cell, fills each column a repeated cell repeats over, and gives nested tables their own header', () => {
    const inner = `<table:table>${row(cell('ssn'))}${row(cell('219-09-9999'))}</table:table>`;
    const body =
      '<table:table>' +
      `<table:table-header-rows>${row(cell('Contact', ' table:number-columns-spanned="2"'), '<table:covered-table-cell/>', cell('diagnosis'), cell('record'))}</table:table-header-rows>` +
      row(cell('Ana Ruiz'), cell('ana.ruiz@acme-corp.com'), cell('asthma'), `<table:table-cell><text:p>See:</text:p>${inner}</table:table-cell>`) +
      row(cell('n/a', ' table:number-columns-spanned="2"'), '<table:covered-table-cell/>', cell('none', ' table:number-columns-repeated="2"')) +
      '</table:table>';
    expect(columnValues(odfRows(odfFile('odt', { body }), 'odt', 1000).rows)).toEqual([
      ['Contact', 'Ana Ruiz'],
      ['Contact', 'ana.ruiz@acme-corp.com'],
      ['diagnosis', 'asthma'],
      ['ssn', '219-09-9999'],
      ['record', 'See:'],
      ['Contact', 'n/a'],
      ['diagnosis', 'none'],
      ['record', 'none'],
    ]);
  });

  it("takes a first row of one cell spanning the table as its title, and the row after it as the columns' names", () => {
    const body = `<table:table>${row(cell('Follow-ups, week 12', ' table:number-columns-spanned="2"'), '<table:covered-table-cell/>')}${row(cell('patient_name'), cell('diagnosis'))}${row(cell('Ana Ruiz'), cell('asthma'))}</table:table>`;
    expect(columnValues(odfRows(odfFile('odt', { body }), 'odt', 1000).rows)).toEqual([
      ['patient_name', 'Ana Ruiz'],
      ['diagnosis', 'asthma'],
    ]);
  });

  it("keeps hidden and white text, and a footnote's body, out of a column value", () => {
    const hidden = '<text:p>asthma<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>since 2019</text:p></text:note-body></text:note><text:hidden-text text:string-value="secret note"/><text:span text:style-name="W"> white note</text:span></text:p><text:p>stage 2</text:p>';
    const body = `<table:table>${row(cell('diagnosis'))}<table:table-row><table:table-cell>${hidden}</table:table-cell></table:table-row></table:table>`;
    const read = odfRows(odfFile('odt', { body, automatic: textStyle('W', 'fo:color="#ffffff"') }), 'odt', 1000);
    expect(columnValues(read.rows)).toEqual([['diagnosis', 'asthma\nstage 2']]);
  });

  it('leaves a spreadsheet as it was: its sheets are tables already', () => {
    const sheet = `<table:table table:name="Patients">${row(odsCell('patient_name'), odsCell('diagnosis'))}${row(odsCell('Ana Ruiz'), odsCell('asthma'))}</table:table>`;
    const read = odfRows(odfFile('ods', { body: sheet }), 'ods', 1000);
    expect(read.rows.some((r) => r.columnsOnly)).toBe(false);
    expect(read.rows.map((r) => r.cells.map((c) => c.field))).toEqual([['Patients!patient_name', 'Patients!diagnosis']]);
  });
});
