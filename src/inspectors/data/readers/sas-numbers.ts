/**
 * A SAS numeric value as the text a person would read: SAS keeps dates as days and datetimes as
 * seconds since 1960-01-01, and only the variable's format (`DATE9.`, `MMDDYY10.`, `DATETIME20.`)
 * says which a number is. Read as a bare number a birth date is `7378`, which no detector knows for
 * a date; read by its format it is `1980-03-14`, which the date-of-birth column check does.
 * Format names as pandas and parso list them (SAS's own lists are longer; these are the common ones).
 */

const DATE_FORMATS = new Set(['DATE', 'DAY', 'DDMMYY', 'DOWNAME', 'JULDAY', 'JULIAN', 'MMDDYY', 'MMYY', 'MONNAME', 'MONTH', 'MONYY', 'QTR', 'QTRR', 'NENGO', 'WEEKDATE', 'WEEKDATX', 'WEEKDAY', 'WEEKV', 'WORDDATE', 'WORDDATX', 'YEAR', 'YYMM', 'YYMON', 'YYMMDD', 'YYQ', 'YYQR', 'E8601DA', 'B8601DA', 'MINGUO', 'NLDATE']);
const DATETIME_FORMATS = new Set(['DATETIME', 'DTWKDATX', 'B8601DN', 'B8601DT', 'B8601DX', 'B8601DZ', 'B8601LX', 'E8601DN', 'E8601DT', 'E8601DX', 'E8601DZ', 'E8601LX', 'DATEAMPM', 'DTDATE', 'DTMONYY', 'DTYEAR', 'MDYAMPM', 'NLDATM']);

/** Milliseconds from 1970-01-01 back to SAS's epoch, 1960-01-01. */
const SAS_EPOCH_MS = Date.UTC(1960, 0, 1);
const DAY_MS = 86_400_000;

export type SasNumberKind = 'date' | 'datetime' | 'number';

/**
 * What a variable's format makes its numbers: the format's name without width, decimals or the
 * separator letter some take (`MMDDYY10.` and `MMDDYYS10.` are both MMDDYY dates).
 */
export function sasNumberKind(format: string): SasNumberKind {
  const name = format.toUpperCase().replace(/\d*\.?\d*$/, '').trim();
  if (DATE_FORMATS.has(name) || DATE_FORMATS.has(name.replace(/[BCDNPS]$/, ''))) return 'date';
  if (DATETIME_FORMATS.has(name)) return 'datetime';
  return 'number';
}

/**
 * The value as text, or undefined for a missing value (SAS's `.`, `.A`…`.Z`, `._` are NaNs): an
 * integral value as an integer, a date as `YYYY-MM-DD`, a datetime as `YYYY-MM-DDTHH:MM:SS`; a
 * date out of the calendar's range stays a number.
 */
export function sasNumberText(value: number, kind: SasNumberKind): string | undefined {
  if (Number.isNaN(value)) return undefined;
  if (kind !== 'number' && Number.isFinite(value)) {
    const ms = SAS_EPOCH_MS + (kind === 'date' ? Math.floor(value) * DAY_MS : Math.round(value * 1000));
    const d = new Date(ms);
    if (!Number.isNaN(d.getTime())) {
      const iso = d.toISOString();
      if (iso.length === 24) return kind === 'date' ? iso.slice(0, 10) : iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
    }
  }
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
}
