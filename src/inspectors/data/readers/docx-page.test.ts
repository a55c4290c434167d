import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { docxDocument } from '../testing/format-writers.js';
import { officeRows } from './office.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const run = (text: string, props = '') => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
const para = (...runs: string[]) => `<w:p>${runs.join('')}</w:p>`;
const fields = (bytes: Uint8Array) => officeRows(bytes, 'docx').rows.map((r) => [r.cells[0]!.field, r.cells[0]!.text]);

/** White, black and default-coloured runs, one paragraph each. */
const body = [para(run('white words', '<w:color w:val="FFFFFF"/>')), para(run('black words', '<w:color w:val="000000"/>')), para(run('plain words')), para(run('black on white shading', '<w:color w:val="000000"/><w:shd w:val="clear" w:fill="FFFFFF"/>'))].join('');

function docx(background: string, settings: string | undefined, theme?: string): Uint8Array {
  const parts: Record<string, Uint8Array> = { 'word/document.xml': strToU8(`<w:document ${W}>${background}<w:body>${body}</w:body></w:document>`) };
  if (settings !== undefined) parts['word/settings.xml'] = strToU8(`<w:settings ${W}>${settings}</w:settings>`);
  if (theme) parts['word/theme/theme1.xml'] = strToU8(theme);
  return zipSync(parts);
}

describe("a Word document's page colour", () => {
  it('is what text is judged against when Word shows it: white text on a black page is read, black text on it is hidden', () => {
    expect(fields(docxDocument(['Dark mode résumé.'], {}, { background: '000000', shown: true }))).toEqual([['word/document.xml paragraph 1', 'Dark mode résumé.']]);
    expect(fields(docx('<w:background w:color="000000"/>', '<w:displayBackgroundShape/>'))).toEqual([
      ['word/document.xml paragraph 1', 'white words'],
      ['word/document.xml paragraph 2, hidden (text coloured like the page)', 'black words'],
      ['word/document.xml paragraph 3', 'plain words'],
      // Shading paints under the run: it is read on that, not on the page.
      ['word/document.xml paragraph 4', 'black on white shading'],
    ]);
  });

  it('is white when settings.xml does not have Word show the background (w:displayBackgroundShape), and for a white or automatic one', () => {
    const whitePage = [
      ['word/document.xml paragraph 1, hidden (white text)', 'white words'],
      ['word/document.xml paragraph 2', 'black words'],
      ['word/document.xml paragraph 3', 'plain words'],
      ['word/document.xml paragraph 4', 'black on white shading'],
    ];
    expect(fields(docx('<w:background w:color="000000"/>', ''))).toEqual(whitePage);
    expect(fields(docx('<w:background w:color="000000"/>', undefined))).toEqual(whitePage);
    expect(fields(docx('<w:background w:color="000000"/>', '<w:displayBackgroundShape w:val="false"/>'))).toEqual(whitePage);
    expect(fields(docx('<w:background w:color="auto"/>', '<w:displayBackgroundShape/>'))).toEqual(whitePage);
    expect(fields(docx('<w:background w:color="FFFFFF"/>', '<w:displayBackgroundShape/>'))).toEqual(whitePage);
  });

  it("takes a theme colour from the document's theme, and a tinted or shaded one from the colour Word worked out", () => {
    const theme = '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="0E2841"/></a:dk2></a:clrScheme></a:themeElements></a:theme>';
    // w:color says white; the theme's text1 is black, and the theme is what Word shows.
    const themed = fields(docx('<w:background w:color="FFFFFF" w:themeColor="text1"/>', '<w:displayBackgroundShape/>', theme));
    expect(themed[1]).toEqual(['word/document.xml paragraph 2, hidden (text coloured like the page)', 'black words']);
    expect(themed[0]).toEqual(['word/document.xml paragraph 1', 'white words']);
    const tinted = fields(docx('<w:background w:color="FFFFFF" w:themeColor="text1" w:themeTint="00"/>', '<w:displayBackgroundShape/>', theme));
    expect(tinted[0]).toEqual(['word/document.xml paragraph 1, hidden (white text)', 'white words']);
  });

  it("reads a table cell's text on the cell's shading (w:tcPr/w:shd), a nested cell's on its outer cell's", () => {
    const cell = (props: string, inner: string) => `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${inner}</w:tc>`;
    const white = (text: string) => para(run(text, '<w:color w:val="FFFFFF"/>'));
    const nested = `<w:tbl><w:tr>${cell('', white('nested on navy'))}</w:tr></w:tbl>`;
    const table = `<w:tbl><w:tr>${cell('<w:shd w:val="clear" w:fill="1F3864"/>', `${white('on navy')}${nested}`)}${cell('<w:shd w:val="clear" w:fill="auto"/>', white('on the page'))}</w:tr></w:tbl>`;
    const doc = zipSync({ 'word/document.xml': strToU8(`<w:document ${W}><w:body>${table}${white('after the table')}</w:body></w:document>`) });
    expect(fields(doc)).toEqual([
      ['word/document.xml paragraph 1', 'on navy'],
      ['word/document.xml paragraph 2', 'nested on navy'],
      ['word/document.xml paragraph 3, hidden (white text)', 'on the page'],
      ['word/document.xml paragraph 4, hidden (white text)', 'after the table'],
    ]);
  });
});
