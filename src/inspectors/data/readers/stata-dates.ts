import { EPOCH_1960_MS, dateTimeText, daysText, numberText } from './stat-numbers.js';

/**
 * Stata's date and time display formats (`help datetime`), each a count from 1960 in its own
 * unit: `%td` (and Stata 9's `%d`) days, `%tc` milliseconds at 86,400 s a day, `%tC` milliseconds
 * of UTC with its leap seconds, `%tw`/`%tm`/`%tq`/`%th` weeks, months, quarters and half-years,
 * `%ty` the year itself. A period is written as Stata displays it (`2021w14`, `2021m3`, `2021q2`,
 * `2021h1`, `2021`), never as a day: a month of birth read as `1980-05-01` would be a date of birth
 * with a day the file never held. Business calendars (`%tb`) and generic `%tg` stay numbers.
 */
export type StataDateKind = 'days' | 'ms' | 'msLeap' | 'week' | 'month' | 'quarter' | 'half' | 'year';

const KINDS: Record<string, StataDateKind> = { d: 'days', c: 'ms', C: 'msLeap', w: 'week', m: 'month', q: 'quarter', h: 'half', y: 'year' };

/** The kind a display format gives its numbers: `%td`, `%-tdDD/NN/CCYY`, `%d`, `%tm`, … (undefined: a plain number). */
export function stataDateKind(format: string): StataDateKind | undefined {
  // `%-` left-aligns; what follows the letter is the display's own layout, which the kind ignores.
  const m = /^%-?(?:t([dcCwmqhy])|(d))/.exec(format);
  return m ? KINDS[m[1] ?? m[2]!] : undefined;
}

/** Periods per year and the letter Stata writes between the year and the period. */
const PERIODS: Partial<Record<StataDateKind, [number, string]>> = { week: [52, 'w'], month: [12, 'm'], quarter: [4, 'q'], half: [2, 'h'] };

/** Stata's dates run from 01jan0100 to 31dec9999; past them a value is no date. */
const FIRST_YEAR = 100;
const LAST_YEAR = 9999;

/** A value under its date format as text (`1980-05-17`, `2024-03-01 09:30:00`, `2021m3`); a value past Stata's calendar stays its number. */
export function stataDateText(x: number, kind: StataDateKind): string | undefined {
  const text = dated(x, kind);
  return text ?? numberText(x);
}

function dated(x: number, kind: StataDateKind): string | undefined {
  if (kind === 'days') return daysText(Math.floor(x), EPOCH_1960_MS);
  if (kind === 'ms') return dateTimeText(x, EPOCH_1960_MS);
  if (kind === 'msLeap') return leapText(x);
  const n = Math.floor(x);
  if (kind === 'year') return n >= FIRST_YEAR && n <= LAST_YEAR ? String(n) : undefined;
  const [perYear, letter] = PERIODS[kind]!;
  const year = 1960 + Math.floor(n / perYear);
  if (year < FIRST_YEAR || year > LAST_YEAR) return undefined;
  return `${year}${letter}${n - (year - 1960) * perYear + 1}`;
}

/**
 * The midnights (UTC) that each of UTC's 27 leap seconds came just before, 30 June 1972 to
 * 31 December 2016 (IERS's table, as `/usr/share/zoneinfo/leap-seconds.list` has it). Stata's
 * `%tC` counts them; 1 January 1972's ten-second offset is not one.
 */
const LEAP_MIDNIGHTS = [
  '1972-07-01', '1973-01-01', '1974-01-01', '1975-01-01', '1976-01-01', '1977-01-01', '1978-01-01', '1979-01-01', '1980-01-01',
  '1981-07-01', '1982-07-01', '1983-07-01', '1985-07-01', '1988-01-01', '1990-01-01', '1991-01-01', '1992-07-01', '1993-07-01',
  '1994-07-01', '1996-01-01', '1997-07-01', '1999-01-01', '2006-01-01', '2009-01-01', '2012-07-01', '2015-07-01', '2017-01-01',
].map((d) => Date.parse(`${d}T00:00:00Z`) - EPOCH_1960_MS);

/**
 * A `%tC` value (milliseconds since 1960 counting leap seconds) as UTC: the leap seconds before it
 * taken out, and a value inside one written as the `23:59:60` it is (no calendar date holds it).
 * Read as `%tc` it would be up to 27 s late.
 */
function leapText(x: number): string | undefined {
  let leaps = 0;
  for (const midnight of LEAP_MIDNIGHTS) {
    // On the %tC scale the k-th leap second starts k-1 seconds after its midnight's %tc value.
    const start = midnight + leaps * 1000;
    if (x < start) break;
    if (x < start + 1000) return `${daysText(midnight / 86_400_000 - 1, EPOCH_1960_MS)!} 23:59:60`;
    leaps++;
  }
  return dateTimeText(x - leaps * 1000, EPOCH_1960_MS);
}
