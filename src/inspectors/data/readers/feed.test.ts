import { describe, expect, it } from 'vitest';
import { FeedReader, MAX_TOKEN } from './feed.js';
import type { DataRow } from './types.js';

const FEED = [
  '<rss version="2.0"><channel><title>Shop</title>',
  '<item><title>Red &amp; blue mugs</title>',
  '<description><![CDATA[<p>Two colours,',
  'one price.</p>]]></description></item>',
  '<item><title>Teapots</title><description>&lt;p&gt;Cast iron &lt;i&gt;and&lt;/i&gt; glass.&lt;/p&gt;</description></item>',
  '</channel></rss>',
].join('\n');

function read(chunks: string[]): { rows: DataRow[]; problems: string[] } {
  const rows: DataRow[] = [];
  const r = new FeedReader({ row: (x) => rows.push(x) });
  for (const c of chunks) r.write(c);
  r.end();
  return { rows, problems: r.problems };
}

describe('FeedReader', () => {
  it('gives each item its cells by field and a record of its title and text, the same however the text is cut into chunks', () => {
    const whole = read([FEED]);
    const seen = (rows: DataRow[]) => rows.map((r) => [r.row, r.header === true, r.cells.map((c) => [c.field, c.text, c.line, c.column]), r.record?.text]);
    expect(seen(whole.rows)).toEqual([
      [undefined, true, [['channel title', 'Shop', 1, 36]], undefined],
      [1, false, [['title', 'Red & blue mugs', 2, 14], ['description', 'Two colours,\none price.', 3, 26]], 'Red & blue mugs\nTwo colours,\none price.'],
      [2, false, [['title', 'Teapots', 5, 14], ['description', 'Cast iron and glass.', 5, 51]], 'Teapots\nCast iron and glass.'],
    ]);
    const cut = read(FEED.match(/[^]{1,7}/g)!);
    // Cut into chunks, a value has more stretches (one per chunk), each placed where it is.
    expect(seen(cut.rows)).toEqual(seen(whole.rows));
    expect(whole.problems).toEqual([]);
  });

  it("reads Atom's text constructs by their type: an html title's text, a text summary as it is, xhtml content's hidden span flagged", () => {
    const atom = [
      '<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &lt;b&gt;bold&lt;/b&gt; blog</title>',
      '<entry><title type="html">Tea &amp;amp; &lt;i&gt;cakes&lt;/i&gt;</title><summary type="text">Use &lt;b&gt; for bold</summary>',
      '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Shown</p><span style="display:none">Hidden words</span></div></content></entry></feed>',
    ].join('\n');
    const { rows } = read([atom]);
    expect(rows.map((r) => [r.cells.map((c) => [c.field, c.text, c.line, c.column]), r.record?.text])).toEqual([
      [[['feed title', 'A bold blog', 1, 62]], undefined],
      [
        [
          ['title', 'Tea & cakes', 2, 27],
          ['summary', 'Use <b> for bold', 2, 94],
          ['content', 'Shown', 3, 68],
          ['content, hidden (display:none)', 'Hidden words', 3, 104],
        ],
        'Tea & cakes\nUse <b> for bold\nShown\nHidden words',
      ],
    ]);
  });

  it('stops at a token the parser would hold whole past the cap, says from which line, keeps the items before', () => {
    const rows: DataRow[] = [];
    const r = new FeedReader({ row: (x) => rows.push(x) });
    r.write('<rss><channel>\n<item><title>Kept</title></item>\n<item><description><![CDATA[');
    const block = 'x'.repeat(1 << 20);
    for (let n = 0; n <= MAX_TOKEN >> 20; n++) r.write(block);
    r.end();
    expect(rows.find((x) => x.row === 1)?.record?.text).toBe('Kept');
    expect(r.leftOut).toBe(true);
    expect(r.problems[0]).toMatch(/^one XML token of over \d+ characters from line 3 \(an unclosed CDATA section/);
  });
});
