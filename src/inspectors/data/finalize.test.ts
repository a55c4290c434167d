import { describe, expect, it } from 'vitest';
import { poisonRowsText } from './finalize.js';

describe('poisoning example rows in messages', () => {
  it('shows duplicates and conflicting labels as the pairs they are, a trigger\'s rows as a list', () => {
    expect(poisonRowsText({ kind: 'near-duplicates', rows: [226, 283, 226, 285, 9, 24, 1, 2] })).toBe('226 & 283, 226 & 285, 9 & 24');
    expect(poisonRowsText({ kind: 'conflicting-labels', rows: [177, 181] })).toBe('177 & 181');
    expect(poisonRowsText({ kind: 'trigger-token', rows: [3, 9, 12, 40, 41, 50, 60] })).toBe('3, 9, 12, 40, 41, 50');
  });
});
