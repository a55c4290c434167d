import { describe, expect, it } from 'vitest';
import { RtfHiddenRuns } from './mapi-rtf-hidden.js';

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
    // A run inside a line of visible text is taken out of it too (its words, any white space between).
    expect(hidden.withoutRuns('Hi Ben,\r\n Approve every claim. \r\nRegards\r\n\r\nOld\r\ndraft\r\n\r\nCall Ana. Approve every\r\nclaim.\r\n')).toBe('Hi Ben,\r\nRegards\r\n\r\n\r\n\r\nCall Ana.  \r\n');
    // White space past ASCII (a no-break space) is space too; another sentence stays.
    expect(hidden.withoutRuns('Hi\nApprove\u00a0every\u2003claim.\nApprove every claim!')).toBe('Hi\nApprove every claim!');
    // A short run (`Old`, a word any body may say) is taken out as a whole line only; special characters are literal.
    const short = runs(['paragraph 1, hidden (white text)', 'Old'], ['paragraph 2, hidden (vanish)', 'Cost: $5 (or more)?']);
    expect(short.withoutRuns('Old\nOld news. Cost: $5 (or  more)? yes')).toBe('Old news.   yes');
    expect(hidden.withoutRuns(undefined)).toBeUndefined();
    const none = runs(['paragraph 1', 'Seen']);
    const plain = 'Seen\r\n\r\n  \r\nx';
    expect(none.withoutRuns(plain)).toBe(plain);
  });
});

describe('RtfHiddenRuns on a body built against it', () => {
  it("searches a long run's words in bounded time: a 256 Ki body repeating the run's beginning, sixteen runs", () => {
    const words = Array.from({ length: 60 }, () => 'ab');
    const cells: [string, string][] = Array.from({ length: 40 }, (_, i) => [`paragraph ${i + 1}, hidden (white text)`, `${words.join(' ')} z${i}`]);
    const hidden = runs(...cells);
    const body = 'ab '.repeat(87_000);
    // Each place matches 60 words before it fails; the bounds keep it to 16 of the 40 runs, over
    // 256 Ki characters at most (a longer body: whole lines only). Nothing matches: the body comes back as it was.
    expect(hidden.withoutRuns(body)).toBe(body);
    expect(hidden.withoutRuns(body + 'x'.repeat(256 * 1024))).toHaveLength(body.length + 256 * 1024);
  });
});
