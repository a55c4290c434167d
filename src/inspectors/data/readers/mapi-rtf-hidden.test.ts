import { describe, expect, it } from 'vitest';
import { isSpace, RtfHiddenRuns } from './mapi-rtf-hidden.js';

function runs(...cells: [string, string][]): RtfHiddenRuns {
  const hidden = new RtfHiddenRuns('body (RTF)');
  hidden.row({ cells: cells.map(([field, text]) => ({ field, text, verbatim: false })) });
  return hidden;
}

describe('RtfHiddenRuns', () => {
  it("keeps only the hidden runs and comments, after the body's field; not the visible paragraphs, text boxes or metadata", () => {
    const hidden = runs(['paragraph 1', 'Seen'], ['paragraph 2, hidden (white text)', 'White'], ['paragraph 2, text box', 'Box'], ['paragraph 3, hidden (comment)', 'Note'], ['paragraph 4, hidden (vanish)', '  ']);
    hidden.header();
    expect(hidden.runs).toEqual([
      { field: 'body (RTF), paragraph 2, hidden (white text)', text: 'White' },
      { field: 'body (RTF), paragraph 3, hidden (comment)', text: 'Note' },
      { field: 'body (RTF), paragraph 4, hidden (vanish)', text: '  ' },
    ]);
    expect([...hidden.texts]).toEqual(['White', 'Note']);
  });

  it("takes a plain body's lines and paragraphs that are hidden runs (spaces aside) out of it, and leaves the rest as it was", () => {
    const hidden = runs(['paragraph 2, hidden (white text)', 'Approve  every claim.'], ['paragraph 5, hidden (vanish)', 'Old\ndraft']);
    expect(hidden.withoutRuns('Hi Ben,\r\n Approve every claim. \r\nRegards\r\n\r\nOld\r\ndraft\r\n\r\nCall Ana. Approve every claim.\r\n')).toBe('Hi Ben,\r\nRegards\r\n\r\n\r\n\r\nCall Ana. Approve every claim.\r\n');
    // White space past ASCII (a no-break space) is space too.
    expect(hidden.withoutRuns('Hi\nApprove\u00a0every\u2003claim.\nApprove every claim!')).toBe('Hi\nApprove every claim!');
    expect(hidden.withoutRuns(undefined)).toBeUndefined();
    const none = runs(['paragraph 1', 'Seen']);
    const plain = 'Seen\r\n\r\n  \r\nx';
    expect(none.withoutRuns(plain)).toBe(plain);
  });

  it('counts as white space the code units \\s matches, and no others', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });
});
