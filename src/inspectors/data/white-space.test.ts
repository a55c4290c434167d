import { describe, expect, it } from 'vitest';
import { isSpace } from './white-space.js';

describe('isSpace', () => {
  it('counts as white space the code units \\s matches, and no others', () => {
    const differ: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });
});
