import { EPOCH_1960_MS, clockText, dateTimeText, daysText, numberText } from './stat-numbers.js';

/**
 * A SAS numeric value (a `.sas7bdat` data set's or a transport file's) as the text a person would
 * read: SAS keeps dates as days and datetimes as seconds since 1960-01-01, and only the variable's
 * format (`DATE9.`, `MMDDYY10.`, `DATETIME20.`) says which a number is. Read as a bare number a
 * birth date is `7378`, which no detector knows for a date; read by its format it is `1980-03-14`,
 * which the date-of-birth column check does. Times (`TIME8.`, `HHMM.`, `TOD.`) are seconds since
 * midnight, written as `HH:MM:SS`. Format names as SAS's documentation ("Formats by Category"),
 * pandas, parso and ReadStat list them (SAS's own lists are longer; these are the common ones).
 */

const DATE_FORMATS = new Set(['DATE', 'DAY', 'DDMMYY', 'DOWNAME', 'JULDAY', 'JULIAN', 'MMDDYY', 'MMYY', 'MONNAME', 'MONTH', 'MONYY', 'QTR', 'QTRR', 'NENGO', 'WEEKDATE', 'WEEKDATX', 'WEEKDAY', 'WEEKU', 'WEEKV', 'WEEKW', 'WORDDATE', 'WORDDATX', 'YEAR', 'YYMM', 'YYMON', 'YYMMDD', 'YYQ', 'YYQR', 'YYWEEKU', 'YYWEEKV', 'YYWEEKW', 'E8601DA', 'B8601DA', 'IS8601DA', 'MINGUO', 'HDATE', 'HEBDATE']);
const DATETIME_FORMATS = new Set(['DATETIME', 'DTWKDATX', 'B8601DN', 'B8601DT', 'B8601DX', 'B8601DZ', 'B8601LX', 'E8601DN', 'E8601DT', 'E8601DX', 'E8601DZ', 'E8601LX', 'IS8601DN', 'IS8601DT', 'IS8601DZ', 'DATEAMPM', 'DTDATE', 'DTMONYY', 'DTYEAR', 'DTYYQC', 'MDYAMPM', 'EURDFDT']);
/** Times: seconds, a duration or a time of day (`TIME8.` of 100,000 is `27:46:40`). */
const TIME_FORMATS = new Set(['TIME', 'HHMM', 'HOUR', 'MMSS', 'TIMEAMPM', 'E8601TM', 'E8601TZ', 'E8601LZ', 'B8601TM', 'B8601TZ', 'B8601LZ', 'IS8601TM', 'IS8601TZ', 'IS8601LZ', 'NLTIME', 'NLTIMAP']);
/**
 * Families named by their prefix (`EURDFDD`, `EURDFWKX`: the European date formats; `NLDATEYM`,
 * `NLDATMW`: the locale-aware ones), once the whole names above (`EURDFDT` is a datetime) are looked up.
 */
const DATE_PREFIXES = /^(?:EURDF|WORDDAT|WEEKDAT|NLDATE)/;
const DATETIME_PREFIXES = /^NLDATM/;

/** `timeOfDay`: `TOD.`, the time within its day of a time or a datetime. */
export type SasNumberKind = 'date' | 'datetime' | 'time' | 'timeOfDay' | 'number';

/**
 * What a variable's format makes its numbers: the format's name without width, decimals or the
 * separator letter some take (`MMDDYY10.` and `MMDDYYS10.` are both MMDDYY dates).
 */
export function sasNumberKind(format: string): SasNumberKind {
  const name = format.trim().toUpperCase().replace(/^\$/, '').replace(/\d*\.?\d*$/, '');
  if (DATETIME_FORMATS.has(name)) return 'datetime';
  if (TIME_FORMATS.has(name)) return 'time';
  if (name === 'TOD') return 'timeOfDay';
  if (DATE_FORMATS.has(name) || DATE_FORMATS.has(name.replace(/[BCDNPS]$/, '')) || DATE_PREFIXES.test(name)) return 'date';
  if (DATETIME_PREFIXES.test(name)) return 'datetime';
  return 'number';
}

/**
 * The value as text, or undefined for a missing value (SAS's `.`, `.A`…`.Z`, `._` are NaNs): an
 * integral value as an integer, a date as `YYYY-MM-DD`, a datetime as the statistics readers write
 * one (stat-numbers.ts), a time as `HH:MM:SS`; a date out of the calendar's range stays a number.
 */
export function sasNumberText(value: number, kind: SasNumberKind): string | undefined {
  if (Number.isNaN(value)) return undefined;
  if (kind === 'date') return daysText(Math.floor(value), EPOCH_1960_MS) ?? numberText(value);
  if (kind === 'datetime') return dateTimeText(value * 1000, EPOCH_1960_MS) ?? numberText(value);
  if (kind === 'time') return clockText(value) ?? numberText(value);
  if (kind === 'timeOfDay') return clockText(((value % 86_400) + 86_400) % 86_400) ?? numberText(value);
  return numberText(value);
}
