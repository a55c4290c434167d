import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { nanpGrouped, nanpValid, plainNanpDigits } from './nanp.js';
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

  it('tell North American grouping as the string version did', () => {
    /** nanpGrouped as it was written, over the matched groups. */
    const reference = (m: string) => {
      const groups = m.match(/\d+/g) ?? [];
      if (groups.length <= 1 || groups[0]!.startsWith('011')) return true;
      const g = groups[0] === '1' ? groups.slice(1) : groups;
      const shape = g.map((x) => x.length).join('-');
      return shape === '10' || shape === '3-3-4' || shape === '3-7';
    };
    const r = new Rng(7);
    let grouped = 0;
    for (let k = 0; k < 50000; k++) {
      const parts: string[] = [];
      for (let g = r.int(0, 6); g > 0; g--) parts.push(r.pick([() => '1', () => '011', () => `011${r.digits(r.int(1, 4))}`, () => r.digits(r.int(1, 11)), () => r.digits(3), () => r.digits(4), () => r.digits(7), () => r.digits(10), () => r.digits(r.int(98, 110))])());
      let m = '';
      for (const p of parts) m += r.pick(['', ' ', '-', '.', '(', ') ', '+', 'x', '٣']) + p;
      const want = reference(m);
      grouped += want ? 1 : 0;
      if (nanpGrouped(m) !== want) expect(nanpGrouped(m), JSON.stringify(m)).toBe(want);
    }
    expect(grouped).toBeGreaterThan(5000);
    expect(50000 - grouped).toBeGreaterThan(5000);
  });
});
