import { EPOCH_1960_MS, dateTimeText, daysText, numberText } from './stat-numbers.js';

/**
 * A SAS transport file's numbers: IBM System/360 hexadecimal floating point, big-endian — a sign
 * bit, a 7-bit power of 16 biased by 64 and a 56-bit fraction — kept to the variable's length
 * (2 to 8 bytes: the low bytes of the fraction are cut off, and read as zeros). A missing value
 * is `.`, `._` or `.A`–`.Z`: its character in the first byte and zeros after it. Under a date
 * format a number is days since 1960-01-01, under a datetime format seconds (SAS's own
 * "Transport Format" and TS-140 documentation; pandas' `read_sas` reads them the same way).
 */

/** SAS datetime formats (seconds since 1960). Checked before the dates: `DATETIME` begins with `DATE`. */
const DATETIME = /^(DATETIME|DATEAMPM|DTDATE|E8601DT|B8601DT|IS8601DT|E8601DN|MDYAMPM|NLDATM)/;
/** SAS date formats (days since 1960). */
const DATE = /^(DATE|DAY|DDMMYY|MMDDYY|YYMMDD|E8601DA|B8601DA|IS8601DA|WORDDAT|WEEKDAT|MONYY|YYMON|MMYY|YYMM|YYQ|JULIAN|NLDATE|EURDF|MINGUO|NENGO)/;

export type XportValueKind = 'number' | 'date' | 'datetime';

/** How a numeric variable's values read, by its format's name (`DATE9.`, `MMDDYY10.`, `DATETIME20.`). */
export function valueKind(format: string): XportValueKind {
  const name = format.trim().toUpperCase().replace(/^\$/, '');
  if (DATETIME.test(name)) return 'datetime';
  return DATE.test(name) ? 'date' : 'number';
}

/** The `length` bytes of a number at `at` as a double, or undefined when it is a missing value. */
export function ibmNumber(bytes: Uint8Array, at: number, length: number): number | undefined {
  const b = new Uint8Array(8);
  b.set(bytes.subarray(at, at + Math.min(8, length)));
  const first = b[0]!;
  if (first === 0x2e || first === 0x5f || (first >= 0x41 && first <= 0x5a)) {
    let rest = 0;
    for (let i = 1; i < 8; i++) rest |= b[i]!;
    if (rest === 0) return undefined;
  }
  const dv = new DataView(b.buffer);
  const hi = dv.getUint32(0, false);
  const fraction = (BigInt(hi & 0xff_ffff) << 32n) | BigInt(dv.getUint32(4, false));
  if (fraction === 0n) return 0;
  const exponent = ((hi >>> 24) & 0x7f) - 64;
  // The fraction is 0.f in base 16: f / 2^56, times 16^exponent.
  const magnitude = Number(fraction) * 2 ** (4 * exponent - 56);
  return hi >>> 31 ? -magnitude : magnitude;
}

/** A number's text under its variable's format. */
export function xportCell(x: number | undefined, kind: XportValueKind): string | undefined {
  if (x === undefined) return undefined;
  if (kind === 'date') return daysText(x, EPOCH_1960_MS);
  if (kind === 'datetime') return dateTimeText(x * 1000, EPOCH_1960_MS);
  return numberText(x);
}
