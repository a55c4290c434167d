/**
 * Numbers of the statistics packages (Stata, SPSS, SAS transport) as the text an analyst sees:
 * that is where personal data hides in survey and clinical files — an SSN, a phone number or a
 * medical record number kept as a number, a date of birth kept as a count of days or seconds.
 */

/** The epoch of Stata's `%td`/`%tc` and SAS's dates and datetimes: 1960-01-01, in ms since 1970. */
export const EPOCH_1960_MS = Date.UTC(1960, 0, 1);
/** The epoch of SPSS's dates (seconds since the start of the Gregorian calendar, 1582-10-14). */
export const EPOCH_1582_MS = Date.UTC(1582, 9, 14);
const DAY_MS = 86_400_000;
/** The range a JavaScript Date holds (±100,000,000 days about 1970): past it a "date" is garbage. */
const MAX_DATE_MS = 8.64e15;

/**
 * A number as text: an integral value without exponent or `.0` (an SSN stored as a double is
 * `123456789`, not `1.23456789e8`), any other finite value in its shortest exact form. Infinite
 * and NaN values are not data and give undefined.
 */
export function numberText(x: number): string | undefined {
  if (!Number.isFinite(x)) return undefined;
  if (Number.isInteger(x)) return Math.abs(x) < 1e21 ? (Object.is(x, -0) ? '0' : x.toFixed(0)) : BigInt(x).toString();
  return String(x);
}

/** A count of days since `epochMs` as an ISO date (`1980-05-17`), or undefined past the range of dates. */
export function daysText(days: number, epochMs: number): string | undefined {
  return dateTimeText(days * DAY_MS, epochMs);
}

/**
 * Milliseconds since `epochMs` as an ISO date, with ` HH:MM:SS` (a space, not `T`: a timestamp
 * with `T` is read as an event time, a date and time apart as a date — a `dob` kept as a datetime
 * is a date of birth) when the time is not midnight.
 */
export function dateTimeText(ms: number, epochMs: number): string | undefined {
  const t = Math.round(epochMs + ms);
  if (!Number.isFinite(t) || Math.abs(t) > MAX_DATE_MS) return undefined;
  const iso = new Date(Math.floor(t / 1000) * 1000).toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/**
 * A count of seconds as a clock time, `HH:MM:SS` (SAS's `TIME8.`, SPSS's `TIME8`): hours past 24
 * as they are (a duration), a minus sign before a negative one, a fraction of a second dropped.
 * Read as its seconds, `09:30:00` is `34200`, which says nothing of what it is.
 */
export function clockText(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_DATE_MS / 1000) return undefined;
  const s = Math.floor(Math.abs(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${seconds < 0 ? '-' : ''}${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}
