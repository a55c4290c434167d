import { describe, expect, it } from 'vitest';
import { isMarkupOnly } from './markup-only.js';
import { readText } from './text.js';

async function* lines(text: string): AsyncGenerator<string> {
  yield* text.split('\n');
}

describe('isMarkupOnly', () => {
  it('knows a paragraph that is an image or a link alone, raw or escaped as a feed escapes it', () => {
    expect(isMarkupOnly('<p><img alt="689.jpg" src="http://www.y-moto.com/bd-1/archives/689.jpg" width="250" height="188" /></p>')).toBe(true);
    expect(isMarkupOnly('&lt;p&gt;&lt;a href="http://x.example/1"&gt;&lt;img src="a.png"/&gt;&lt;/a&gt;&lt;/p&gt;')).toBe(true);
    expect(isMarkupOnly('<p>&nbsp;</p>\n<br/>')).toBe(true);
  });

  it('keeps a paragraph with text in it, markup or not', () => {
    expect(isMarkupOnly('<p>　印旛沼CRを走る（別名県道406号線）。流石に元旦早々走っている人は少ない</p>')).toBe(false);
    expect(isMarkupOnly('<a href="https://example.org">Read the full report here</a>')).toBe(false);
    expect(isMarkupOnly('a < b and c > d in every row of the table')).toBe(false);
    expect(isMarkupOnly('plain text without any tag')).toBe(false);
  });
});

describe('readText records', () => {
  it('leaves paragraphs of markup alone out of the records, keeping the others and their numbers', async () => {
    const text = ['First paragraph with words in it.', '', '<p><img src="a/1.jpg" width="250"/></p>', '', '<p><img src="a/2.jpg" width="250"/></p>', '', 'Last paragraph, words again.'].join('\n');
    const records = [];
    for await (const r of readText(lines(text), { records: true })) if (r.record) records.push([r.row, r.record.text]);
    expect(records).toEqual([
      [1, 'First paragraph with words in it.'],
      [4, 'Last paragraph, words again.'],
    ]);
  });
});
