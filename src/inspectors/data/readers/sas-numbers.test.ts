import { describe, expect, it } from 'vitest';
import { sasNumberKind, sasNumberText } from './sas-numbers.js';
import { numberText } from './stat-numbers.js';

describe('SAS numbers as text', () => {
  it.each([
    ['DATE9.', 'date'],
    ['DATE', 'date'],
    ['MMDDYY10.', 'date'],
    ['MMDDYYS10.', 'date'],
    ['yymmdd10.', 'date'],
    ['E8601DA.', 'date'],
    ['DATETIME20.', 'datetime'],
    ['E8601DT19.', 'datetime'],
    ['IS8601DT.', 'datetime'],
    ['EURDFDD10.', 'date'],
    ['WORDDATX18.', 'date'],
    ['BEST12.', 'number'],
    ['8.2', 'number'],
    ['', 'number'],
  ])('format %s makes %s', (format, kind) => {
    expect(sasNumberKind(format)).toBe(kind);
  });

  it('writes integers without a fraction, dates and datetimes as ISO, and nothing for a missing value', () => {
    expect(sasNumberText(536228741, 'number')).toBe('536228741');
    expect(sasNumberText(-12, 'number')).toBe('-12');
    expect(sasNumberText(51.5, 'number')).toBe('51.5');
    expect(sasNumberText(7378, 'date')).toBe('1980-03-14');
    expect(sasNumberText(-3000, 'date')).toBe('1951-10-15');
    expect(sasNumberText(2.0e9, 'datetime')).toBe('2023-05-18 03:33:20');
    expect(sasNumberText(2.0e9 + 0.25, 'datetime')).toBe('2023-05-18 03:33:20');
    expect(sasNumberText(Number.NaN, 'date')).toBeUndefined();
    // Past the calendar: the number itself.
    expect(sasNumberText(1e300, 'date')).toBe(numberText(1e300));
  });
});
