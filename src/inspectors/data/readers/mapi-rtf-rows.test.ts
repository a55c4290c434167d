import { describe, expect, it } from 'vitest';
import { RtfBodyRows } from './mapi-rtf-rows.js';
import { eachRtfRow } from './rtf-doc.js';

/** An RTF body's rows as a message's (`mapi-rtf-rows.ts`): visible paragraphs in blocks, the rest apart. */

function rows(raw: string, field = 'body (RTF)'): [string, string][] {
  const out: [string, string][] = [];
  const sink = new RtfBodyRows(field, (f, text) => out.push([f, text]));
  eachRtfRow(raw, sink);
  sink.end();
  return out;
}

describe('an RTF body as a message body', () => {
  it('runs paragraphs together line by line, an empty paragraph ending a block, as the plain body is split', () => {
    expect(rows(String.raw`{\rtf1 Hi Ben,\par\par The SSN is\par 219-45-1234.\par\par Ana\par}`)).toEqual([
      ['body (RTF)', 'Hi Ben,'],
      ['body (RTF)', 'The SSN is\n219-45-1234.'],
      ['body (RTF)', 'Ana'],
    ]);
  });

  it("puts what the body hides, its comments, text boxes and information after the body's field, each in a row of its own", () => {
    const raw = String.raw`{\rtf1{\info{\author Ana Silva}}{\colortbl;\red255\green255\blue255;}\pard Seen {\v vanished} too\par\pard {\deleted struck}\par\pard Noted\chatn {\*\annotation approve it}\par\pard {\shp{\*\shpinst{\shptxt boxed}}}\par}`;
    expect(rows(raw, 'attached message 1: body (RTF)')).toEqual([
      ['attached message 1: body (RTF), paragraph 1, hidden (vanish)', 'vanished'],
      ['attached message 1: body (RTF)', 'Seen  too'],
      ['attached message 1: body (RTF), paragraph 2, hidden (deleted revision)', 'struck'],
      ['attached message 1: body (RTF), paragraph 3, hidden (comment)', 'approve it'],
      ['attached message 1: body (RTF)', 'Noted'],
      ['attached message 1: body (RTF), paragraph 4, text box', 'boxed'],
      ['attached message 1: body (RTF), metadata', 'Ana Silva'],
    ]);
  });

  it('joins a paragraph over the reader’s cell size back into one', () => {
    const long = 'x'.repeat((1 << 20) + 10);
    expect(rows(`{\\rtf1 ${long}\\par}`)).toEqual([['body (RTF)', long]]);
  });
});
