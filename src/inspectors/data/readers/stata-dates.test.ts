import { describe, expect, it } from 'vitest';
import { stataDateKind, stataDateText } from './stata-dates.js';

/** Milliseconds since 1960 of a UTC time, as `%tc` counts them. */
const tc = (iso: string) => Date.parse(`${iso}Z`) - Date.UTC(1960, 0, 1);

describe("Stata's date formats", () => {
  it.each([
    ['%td', 'days'],
    ['%tdDD/NN/CCYY', 'days'],
    ['%-td', 'days'],
    ['%d', 'days'],
    ['%dD_m_Y', 'days'],
    ['%tc', 'ms'],
    ['%tcHH:MM', 'ms'],
    ['%tC', 'msLeap'],
    ['%tw', 'week'],
    ['%tm', 'month'],
    ['%tmMon_CCYY', 'month'],
    ['%tq', 'quarter'],
    ['%th', 'half'],
    ['%ty', 'year'],
    ['%tb', undefined],
    ['%tg', undefined],
    ['%9.0g', undefined],
    ['%10.0g', undefined],
    ['', undefined],
  ])('format %s reads as %s', (format, kind) => {
    expect(stataDateKind(format)).toBe(kind);
  });

  it('writes periods as Stata displays them, before 1960 too', () => {
    expect(stataDateText(3185, 'week')).toBe('2021w14');
    expect(stataDateText(-2, 'week')).toBe('1959w51');
    expect(stataDateText(734, 'month')).toBe('2021m3');
    expect(stataDateText(-1, 'month')).toBe('1959m12');
    expect(stataDateText(245, 'quarter')).toBe('2021q2');
    expect(stataDateText(122, 'half')).toBe('2021h1');
    expect(stataDateText(-1, 'half')).toBe('1959h2');
    expect(stataDateText(2021, 'year')).toBe('2021');
    expect(stataDateText(7442, 'days')).toBe('1980-05-17');
    expect(stataDateText(7442.75, 'days')).toBe('1980-05-17');
    // Past Stata's calendar (0100–9999): the number.
    expect(stataDateText(1e9, 'month')).toBe('1000000000');
    expect(stataDateText(50, 'year')).toBe('50');
  });

  it('takes the leap seconds out of %tC and keeps %tc as it is', () => {
    // 2024: 27 leap seconds since 1972 — %tC is 27,000 ms ahead of %tc.
    expect(stataDateText(tc('2024-03-01T09:30:27'), 'msLeap')).toBe('2024-03-01 09:30:00');
    expect(stataDateText(tc('2024-03-01T09:30:27'), 'ms')).toBe('2024-03-01 09:30:27');
    // Before the first leap second the two agree; the first is 30 June 1972 23:59:60.
    expect(stataDateText(tc('1972-06-30T23:59:59'), 'msLeap')).toBe('1972-06-30 23:59:59');
    expect(stataDateText(tc('1972-07-01T00:00:00'), 'msLeap')).toBe('1972-06-30 23:59:60');
    expect(stataDateText(tc('1972-07-01T00:00:01'), 'msLeap')).toBe('1972-07-01');
    // The last, 31 December 2016 23:59:60, is the 27th: 26 seconds after its midnight on the %tc scale.
    expect(stataDateText(tc('2017-01-01T00:00:25'), 'msLeap')).toBe('2016-12-31 23:59:59');
    expect(stataDateText(tc('2017-01-01T00:00:26.5'), 'msLeap')).toBe('2016-12-31 23:59:60');
    expect(stataDateText(tc('2017-01-01T00:00:27'), 'msLeap')).toBe('2017-01-01');
    expect(stataDateText(tc('1955-01-01T12:00:00'), 'msLeap')).toBe('1955-01-01 12:00:00');
  });
});
