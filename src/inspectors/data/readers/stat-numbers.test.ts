import { describe, expect, it } from 'vitest';
import { EPOCH_1582_MS, EPOCH_1960_MS, clockText, dateTimeText, daysText, numberText } from './stat-numbers.js';

describe('numbers of the statistics packages as text', () => {
  it.each([
    [123456789, '123456789'],
    [4155550123, '4155550123'],
    [1e20, '100000000000000000000'],
    [1e22, '10000000000000000000000'],
    [-0, '0'],
    [-42, '-42'],
    [61.5, '61.5'],
    [0.1, '0.1'],
    [1e-7, '1e-7'],
  ])('writes %s as %s: integral values whole, others in their shortest exact form', (x, text) => {
    expect(numberText(x)).toBe(text);
  });

  it('gives nothing for what is not a number', () => {
    expect(numberText(Number.NaN)).toBeUndefined();
    expect(numberText(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('counts dates from their epoch, with the time only when it is not midnight', () => {
    expect(daysText(0, EPOCH_1960_MS)).toBe('1960-01-01');
    expect(daysText(7442, EPOCH_1960_MS)).toBe('1980-05-17');
    expect(daysText(-1, EPOCH_1960_MS)).toBe('1959-12-31');
    expect(dateTimeText(7442 * 86_400_000 + 34_200_000, EPOCH_1960_MS)).toBe('1980-05-17 09:30:00');
    // SPSS: seconds since 14 October 1582; 1980-05-17 is 12,546,748,800 s after it.
    expect(dateTimeText(12_546_748_800_000, EPOCH_1582_MS)).toBe('1980-05-17');
    expect(daysText(1e12, EPOCH_1960_MS)).toBeUndefined();
  });

  it('writes seconds as a clock time: hours past a day kept, a fraction dropped, a sign before a negative', () => {
    expect(clockText(34_200)).toBe('09:30:00');
    expect(clockText(0)).toBe('00:00:00');
    expect(clockText(86_399.9)).toBe('23:59:59');
    expect(clockText(93_784)).toBe('26:03:04');
    expect(clockText(-3600)).toBe('-01:00:00');
    expect(clockText(Number.NaN)).toBeUndefined();
  });
});
