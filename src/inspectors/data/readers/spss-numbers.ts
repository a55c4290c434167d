import { EPOCH_1582_MS, clockText, dateTimeText, numberText } from './stat-numbers.js';

/**
 * What an SPSS numeric variable's value reads as: its value label when it has one (record types
 * 3 and 4: 1 → "Type 2 diabetes"), a date or date and time under a date format (seconds since
 * 14 October 1582), a time under a time format (`HH:MM:SS`), its digits otherwise. System-missing and the variable's declared missing
 * values (up to three values, a range, or a range and a value) give nothing.
 * Format codes and missing-value layout from GNU PSPP's "System File Format" documentation.
 */
export interface NumericVar {
  /** The print format's type (byte 2 of the format word). */
  format: number;
  /** Declared missing values: discrete values, and a range when `range` is set. */
  missing: number[];
  range?: [number, number];
  labels?: Map<number, string>;
}

/** DATE, ADATE, JDATE, EDATE, SDATE, MOYR, QYR, WKYR: a day (their seconds are a midnight). */
const DATE_FORMATS: ReadonlySet<number> = new Set([20, 23, 24, 28, 29, 30, 38, 39]);
/** DATETIME, YMDHMS: a day and a time. */
const DATETIME_FORMATS: ReadonlySet<number> = new Set([22, 41]);
/** TIME, DTIME, MTIME: seconds of a time of day or a duration. */
const TIME_FORMATS: ReadonlySet<number> = new Set([21, 25, 40]);
/** The system-missing value SPSS and PSPP write (the header's own is the same, -DBL_MAX). */
const SYSMIS = -Number.MAX_VALUE;

/** The n_missing_values word and the values after it, as `NumericVar` keeps them. */
export function declaredMissing(n: number, values: number[]): Pick<NumericVar, 'missing' | 'range'> {
  if (n >= 0) return { missing: values.slice(0, n) };
  return { missing: values.slice(2), range: [values[0]!, values[1]!] };
}

export function numericCell(v: NumericVar, x: number): string | undefined {
  if (x === SYSMIS || Number.isNaN(x) || v.missing.includes(x) || (v.range && x >= v.range[0] && x <= v.range[1])) return undefined;
  const label = v.labels?.get(x);
  if (label !== undefined) return label;
  if (DATE_FORMATS.has(v.format) || DATETIME_FORMATS.has(v.format)) return dateTimeText(x * 1000, EPOCH_1582_MS);
  if (TIME_FORMATS.has(v.format)) return clockText(x);
  return numberText(x);
}
