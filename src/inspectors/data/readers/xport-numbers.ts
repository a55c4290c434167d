import { sasNumberText, type SasNumberKind } from './sas-numbers.js';

/**
 * A SAS transport file's numbers: IBM System/360 hexadecimal floating point, big-endian — a sign
 * bit, a 7-bit power of 16 biased by 64 and a 56-bit fraction — kept to the variable's length
 * (2 to 8 bytes: the low bytes of the fraction are cut off, and read as zeros). A missing value
 * is `.`, `._` or `.A`–`.Z`: its character in the first byte and zeros after it. Under a date
 * format a number is days since 1960-01-01, under a datetime format seconds (SAS's own
 * "Transport Format" and TS-140 documentation; pandas' `read_sas` reads them the same way).
 */

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

/** A number's text under its variable's format (undefined: a missing value). */
export function xportCell(x: number | undefined, kind: SasNumberKind): string | undefined {
  return x === undefined ? undefined : sasNumberText(x, kind);
}
