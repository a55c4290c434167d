import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnValues, FOLLOW_UP_TABLE, paragraphCells as paragraphs, tableValues } from '../testing/document-tables.js';
import { docxDocument } from '../testing/format-writers.js';
import { officeRows } from './office.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const para = (text: string, props = '') => `<w:p><w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const cell = (body: string, props = '') => `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${body}</w:tc>`;
const docx = (body: string) => zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(`<w:document ${W}><w:body>${body}</w:body></w:document>`) });


describe('Word tables', () => {
  const table = { table: FOLLOW_UP_TABLE };

  it("names each body cell by its column's header, as a row that only counts toward columns; the paragraphs stay as they were", () => {
    const { rows } = officeRows(docxDocument(['Follow-ups', table, 'Call them back.']), 'docx');
    expect(columnValues(rows)).toEqual(tableValues(FOLLOW_UP_TABLE));
    expect(rows.filter((r) => r.columnsOnly).every((r) => r.cells[0]!.tableColumn === true && r.row === undefined)).toBe(true);
    // Exactly the rows the reader gave before tables were read.
    expect(paragraphs(rows)).toEqual([
      ['word/document.xml paragraph 1', 'Follow-ups'],
      ...table.table.flat().map((t, i) => [`word/document.xml paragraph ${i + 2}`, t]),
      [`word/document.xml paragraph ${FOLLOW_UP_TABLE.flat().length + 2}`, 'Call them back.'],
    ]);
  });

  it('takes rows marked as repeated headers (w:tblHeader) as headers too, and a spanning header names each column it spans', () => {
    const body = `<w:tbl>
      <w:tr>${cell(para('Contact'), '<w:gridSpan w:val="2"/>')}${cell(para('Clinical'))}</w:tr>
      <w:tr><w:trPr><w:tblHeader/></w:trPr>${cell(para('x'))}${cell(para('email'))}${cell(para('diagnosis'))}</w:tr>
      <w:tr>${cell(para('Ana Ruiz'))}${cell(para('ana.ruiz@acme-corp.com'))}${cell(para('asthma'))}</w:tr>
      <w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>${cell(para('hypertension'))}</w:tr>
    </w:tbl>`;
    expect(columnValues(officeRows(docx(body), 'docx').rows)).toEqual([
      ['Contact', 'Ana Ruiz'],
      ['Contact', 'ana.ruiz@acme-corp.com'],
      ['Clinical', 'asthma'],
      ['Clinical', 'hypertension'],
    ]);
  });

  it("takes a first row of one cell spanning the table as its title, and the row after it as the columns' names", () => {
    const body = `<w:tbl><w:tr>${cell(para('Follow-ups, week 12'), '<w:gridSpan w:val="2"/>')}</w:tr><w:tr>${cell(para('patient_name'))}${cell(para('diagnosis'))}</w:tr><w:tr>${cell(para('Ana Ruiz'))}${cell(para('asthma'))}</w:tr></w:tbl>`;
    expect(columnValues(officeRows(docx(body), 'docx').rows)).toEqual([
      ['patient_name', 'Ana Ruiz'],
      ['diagnosis', 'asthma'],
    ]);
  });

  it('gives a nested table its own header, and its cells are not its outer cell\'s value', () => {
    const inner = `<w:tbl><w:tr>${cell(para('ssn'))}</w:tr><w:tr>${cell(para('219-09-9999'))}</w:tr></w:tbl>`;
    const body = `<w:tbl><w:tr>${cell(para('name'))}${cell(para('record'))}</w:tr><w:tr>${cell(para('Ana Ruiz'))}${cell(`${para('See:')}${inner}`)}</w:tr></w:tbl>`;
    expect(columnValues(officeRows(docx(body), 'docx').rows)).toEqual([
      ['name', 'Ana Ruiz'],
      ['ssn', '219-09-9999'],
      ['record', 'See:'],
    ]);
  });

  it('keeps hidden text (vanish, white, deleted revisions) out of a column value; a cell of paragraphs is one value', () => {
    const hiddenCell = `${para('asthma')}${para('secret note', '<w:vanish/>')}${para('white note', '<w:color w:val="FFFFFF"/>')}<w:p><w:del><w:r><w:delText>old diagnosis</w:delText></w:r></w:del></w:p>${para('stage 2')}`;
    const body = `<w:tbl><w:tr>${cell(para('diagnosis'))}${cell(para('notes'))}</w:tr><w:tr>${cell(hiddenCell)}${cell(para('only hidden', '<w:vanish/>'))}</w:tr></w:tbl>`;
    const { rows } = officeRows(docx(body), 'docx');
    expect(columnValues(rows)).toEqual([['diagnosis', 'asthma\nstage 2']]);
    // The hidden paragraphs are still read, as they were, as hidden cells of their own.
    expect(paragraphs(rows).map(([f]) => f)).toEqual(expect.arrayContaining(['word/document.xml paragraph 4, hidden (vanish)', 'word/document.xml paragraph 5, hidden (white text)', 'word/document.xml paragraph 6, hidden (deleted revision)']));
  });

  it('reads no table out of comments, and a table without a header row of text names nothing', () => {
    const doc = zipSync({
      'word/document.xml': strToU8(`<w:document ${W}><w:body><w:tbl><w:tr>${cell('<w:p/>')}</w:tr><w:tr>${cell(para('Ana Ruiz'))}</w:tr></w:tbl></w:body></w:document>`),
      'word/comments.xml': strToU8(`<w:comments ${W}><w:comment><w:tbl><w:tr>${cell(para('name'))}</w:tr><w:tr>${cell(para('Ana Ruiz'))}</w:tr></w:tbl></w:comment></w:comments>`),
    });
    expect(columnValues(officeRows(doc, 'docx').rows)).toEqual([]);
  });

  it('names 1,024 columns of a table at most, so a row of cells spanning thousands of columns costs no more than its cells', () => {
    const wide = (n: number, props = '') => `<w:tr>${Array.from({ length: n }, (_, i) => cell(para(`c${i}`), props)).join('')}</w:tr>`;
    expect(columnValues(officeRows(docx(`<w:tbl>${wide(2000)}${wide(2000)}</w:tbl>`), 'docx').rows)).toHaveLength(1024);
    // 100,000 cells of 1,000 columns each: 6.4 million header places before the bound (27 s, over 2 GB);
    // now the first cell names columns 0 to 63 and the second 1,000 to 1,023.
    const started = performance.now();
    const spanning = wide(100_000, '<w:gridSpan w:val="1000"/>');
    expect(columnValues(officeRows(docx(`<w:tbl>${spanning}${spanning}</w:tbl>`), 'docx').rows)).toEqual([
      ['c0', 'c0'],
      ['c1', 'c1'],
    ]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
