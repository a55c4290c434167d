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
    ['DDMMYY10.', 'date'],
    ['DDMMYYB10.', 'date'],
    ['YYMMDD10.', 'date'],
    ['YYMMDDN8.', 'date'],
    ['B8601DA8.', 'date'],
    ['YYWEEKV7.', 'date'],
    ['NLDATEYM.', 'date'],
    ['DATETIME20.', 'datetime'],
    ['E8601DT.', 'datetime'],
    ['DTYYQC.', 'datetime'],
    ['NLDATMW.', 'datetime'],
    // A European datetime, though `EURDF` opens the European dates' names.
    ['EURDFDT20.', 'datetime'],
    ['TIME8.', 'time'],
    ['TIME.', 'time'],
    ['HHMM5.', 'time'],
    ['TIMEAMPM11.', 'time'],
    ['E8601TM8.', 'time'],
    ['MMSS.', 'time'],
    ['TOD8.', 'timeOfDay'],
    ['TOD.', 'timeOfDay'],
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
    // Times: seconds since midnight; TIME. is a duration too, TOD. the time within its day.
    expect(sasNumberText(34_200, 'time')).toBe('09:30:00');
    expect(sasNumberText(100_000, 'time')).toBe('27:46:40');
    expect(sasNumberText(2.0e9, 'timeOfDay')).toBe('03:33:20');
    expect(sasNumberText(-60, 'timeOfDay')).toBe('23:59:00');
    // Past the calendar: the number itself.
    expect(sasNumberText(1e300, 'date')).toBe(numberText(1e300));
  });
});
