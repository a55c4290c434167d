import { describe, expect, it } from 'vitest';
import { MarkdownTables, splitRow } from './markdown-tables.js';

/** Each table body cell as `field=text@line:column`. */
function cells(md: string): string[] {
  const t = new MarkdownTables();
  return md.split('\n').flatMap((l, i) => t.line(l, i + 1)?.cells.map((c) => `${c.field}=${c.text}@${c.line}:${c.column}`) ?? []);
}

describe('splitRow', () => {
  it('splits on pipes outside code spans and escapes, with where each cell starts', () => {
    expect(splitRow('| a | b\\|c | `x|y` |')).toEqual([
      { text: 'a', at: 2 },
      { text: 'b\\|c', at: 6 },
      { text: '`x|y`', at: 13 },
    ]);
    expect(splitRow('a | b').map((c) => c.text)).toEqual(['a', 'b']);
  });
});

describe('MarkdownTables', () => {
  it("names a body row's cells by the header above the delimiter row, at their line and column", () => {
    const md = ['Intro text.', '', '| name | email |', '|------|:-----:|', '| Ana Ruiz | ana@acme-corp.com |', '| Ben | ben@acme-corp.com |', '', 'After.'].join('\n');
    expect(cells(md)).toEqual(['name=Ana Ruiz@5:3', 'email=ana@acme-corp.com@5:14', 'name=Ben@6:3', 'email=ben@acme-corp.com@6:9']);
  });

  it('reads tables without outer pipes, and ends a table at a line without one', () => {
    const md = ['patient | diagnosis', '--- | ---', 'Cy Park | asthma', 'plain prose after the table', 'x | y'].join('\n');
    expect(cells(md)).toEqual(['patient=Cy Park@3:1', 'diagnosis=asthma@3:11']);
  });

  it('takes no table where the header and delimiter disagree, in a code fence, or from a lone dash line', () => {
    expect(cells(['| a | b |', '|---|', '| 1 | 2 |'].join('\n'))).toEqual([]);
    expect(cells(['```', '| a | b |', '|---|---|', '| 1 | 2 |', '```'].join('\n'))).toEqual([]);
    // A setext heading underline (`---` under a line holding a pipe) is only a table with a pipe in the delimiter row too.
    expect(cells(['a | b', '---', 'c | d'].join('\n'))).toEqual([]);
  });
});
