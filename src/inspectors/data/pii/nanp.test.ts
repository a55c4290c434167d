import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { nanpValid, plainNanpDigits } from './nanp.js';
import { Rng } from '../testing/random.js';

/** The library's verdict, as the recognizer asked for it before the fast path. */
function library(m: string): boolean {
  const p = parsePhoneNumberFromString(m, m.startsWith('+') ? undefined : 'US');
  return !!p && p.isValid();
}

describe('North American numbers', () => {
  it('get the verdict libphonenumber gives, on every area code and tens of thousands of numbers', () => {
    const r = new Rng(6);
    const forms = [(d: string) => d, (d: string) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`, (d: string) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`, (d: string) => `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`, (d: string) => `+1 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`, (d: string) => `+1${d}`, (d: string) => `1-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`, (d: string) => `1 (${d.slice(0, 3)}) ${d.slice(3)}`];
    let valid = 0;
    let checked = 0;
    for (let area = 200; area <= 999; area++) {
      for (let k = 0; k < 90; k++) {
        // Exchanges across 0–9 first digits (N11, 555, toll-free, Caribbean prefixes all come up).
        const d = `${area}${r.int(0, 999).toString().padStart(3, '0')}${r.digits(4)}`;
        const m = r.pick(forms)(d);
        expect(plainNanpDigits(m)).toBe(d);
        const want = library(m);
        expect(nanpValid(d), m).toBe(want);
        valid += +want;
        checked++;
      }
    }
    expect(checked).toBe(72_000);
    // Both verdicts occur in quantity: the comparison is not of a constant.
    expect(valid).toBeGreaterThan(5_000);
    expect(checked - valid).toBeGreaterThan(5_000);
  });

  it('leaves every other form to the library (another country, a trunk prefix that is not 1, an extension, odd separators)', () => {
    for (const m of ['+44 20 7946 0958', '011 44 20 7946 0958', '123-456-7890', '1-123-456-7890', '415-555-267', '415/555/2671', '415 555 2671 x12', '2-415-555-2671']) expect(plainNanpDigits(m), m).toBeUndefined();
  });
});
