import { EPOCH_1960_MS, dateTimeText, daysText, numberText } from './stat-numbers.js';

/**
 * A SAS numeric value (a `.sas7bdat` data set's or a transport file's) as the text a person would
 * read: SAS keeps dates as days and datetimes as seconds since 1960-01-01, and only the variable's
 * format (`DATE9.`, `MMDDYY10.`, `DATETIME20.`) says which a number is. Read as a bare number a
 * birth date is `7378`, which no detector knows for a date; read by its format it is `1980-03-14`,
 * which the date-of-birth column check does. Format names as SAS's documentation, pandas, parso and
 * ReadStat list them (SAS's own lists are longer; these are the common ones).
 */

const DATE_FORMATS = new Set(['DATE', 'DAY', 'DDMMYY', 'DOWNAME', 'JULDAY', 'JULIAN', 'MMDDYY', 'MMYY', 'MONNAME', 'MONTH', 'MONYY', 'QTR', 'QTRR', 'NENGO', 'WEEKDATE', 'WEEKDATX', 'WEEKDAY', 'WEEKV', 'WORDDATE', 'WORDDATX', 'YEAR', 'YYMM', 'YYMON', 'YYMMDD', 'YYQ', 'YYQR', 'E8601DA', 'B8601DA', 'IS8601DA', 'MINGUO', 'NLDATE']);
const DATETIME_FORMATS = new Set(['DATETIME', 'DTWKDATX', 'B8601DN', 'B8601DT', 'B8601DX', 'B8601DZ', 'B8601LX', 'E8601DN', 'E8601DT', 'E8601DX', 'E8601DZ', 'E8601LX', 'IS8601DT', 'DATEAMPM', 'DTDATE', 'DTMONYY', 'DTYEAR', 'MDYAMPM', 'NLDATM']);
/** Families named by their prefix (`EURDFDD`, `EURDFWKX`: the European date formats). */
const DATE_PREFIXES = /^(?:EURDF|WORDDAT|WEEKDAT)/;

export type SasNumberKind = 'date' | 'datetime' | 'number';

/**
 * What a variable's format makes its numbers: the format's name without width, decimals or the
 * separator letter some take (`MMDDYY10.` and `MMDDYYS10.` are both MMDDYY dates).
 */
export function sasNumberKind(format: string): SasNumberKind {
  const name = format.trim().toUpperCase().replace(/^\$/, '').replace(/\d*\.?\d*$/, '');
  if (DATETIME_FORMATS.has(name)) return 'datetime';
  if (DATE_FORMATS.has(name) || DATE_FORMATS.has(name.replace(/[BCDNPS]$/, '')) || DATE_PREFIXES.test(name)) return 'date';
  return 'number';
}

/**
 * The value as text, or undefined for a missing value (SAS's `.`, `.A`…`.Z`, `._` are NaNs): an
 * integral value as an integer, a date as `YYYY-MM-DD`, a datetime as the statistics readers write
 * one (stat-numbers.ts); a date out of the calendar's range stays a number.
 */
export function sasNumberText(value: number, kind: SasNumberKind): string | undefined {
  if (Number.isNaN(value)) return undefined;
  if (kind === 'date') return daysText(Math.floor(value), EPOCH_1960_MS) ?? numberText(value);
  if (kind === 'datetime') return dateTimeText(value * 1000, EPOCH_1960_MS) ?? numberText(value);
  return numberText(value);
}
