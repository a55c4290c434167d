import { describe, expect, it } from 'vitest';
import { SheetHiding } from './sheet-hiding.js';

describe("a legacy sheet's hidden rows, columns and cells", () => {
  it('names a hidden row first, then a hidden column, then a cell its format hides', () => {
    const h = new SheetHiding();
    h.row(4);
    h.columns(1, 2);
    h.cell(1, 0, 'white text');
    h.cell(4, 0, 'white text');
    expect(h.at(5, 'A')).toBe('hidden row');
    expect([h.at(2, 'B'), h.at(2, 'C'), h.at(2, 'D')]).toEqual(['hidden column', 'hidden column', undefined]);
    expect(h.at(2, 'A')).toBe('white text');
    // A cell written again in a format that shows it is no longer hidden.
    h.cell(1, 0, undefined);
    expect(h.at(2, 'A')).toBeUndefined();
  });

  it('bounds what a crafted sheet of a million full-width column ranges costs, keeping the first ranges', () => {
    const h = new SheetHiding();
    h.columns(300, 299);
    h.columns(7, 7);
    // Without the cap each range was a loop over its columns: a 14 MB file of COLINFO records ran for minutes.
    for (let i = 0; i < 1_000_000; i++) h.columns(0, 65_535);
    expect(h.at(1, 'H')).toBe('hidden column');
    expect(h.at(1, 'CRXP')).toBe('hidden column');
  });
});
