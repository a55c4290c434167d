import { createRequire } from 'node:module';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { internationalValid } from './phone-plans.js';
import { Rng } from '../testing/random.js';

const require = createRequire(import.meta.url);
const metadata = require('libphonenumber-js/metadata.min.json') as { country_calling_codes: Record<string, string[]>; nonGeographic: Record<string, unknown> };
/** Every calling code: of countries, and non-geographic (+800 freephone …). */
const CODES: [string, string[]][] = [...Object.entries(metadata.country_calling_codes), ...Object.keys(metadata.nonGeographic).map((cc): [string, string[]] => [cc, []])];
/** One example mobile number per country, shipped with the library: a start for valid numbers. */
const examples = require('libphonenumber-js/examples.mobile.json') as Record<string, string>;

/** The library's verdict, as the recognizer asked for it before the fast path. */
function library(m: string): boolean {
  const p = parsePhoneNumberFromString(m);
  return !!p && p.isValid();
}

/** `+cc` and the national digits, with the spaces, dashes, dots and brackets people put in. */
function written(r: Rng, cc: string, nn: string): string {
  const seps = [' ', '-', '.', '', '(', ')'];
  let out = `+${cc}${r.next() < 0.7 ? ' ' : ''}`;
  for (let i = 0; i < nn.length; i++) {
    out += nn[i];
    if (i < nn.length - 1 && r.next() < 0.25) out += r.pick(seps);
  }
  return out;
}

describe('international numbers (+ and a calling code)', () => {
  it('get the verdict libphonenumber gives, on every calling code', () => {
    const r = new Rng(11);
    let checked = 0;
    let decided = 0;
    let valid = 0;
    for (const [cc, countries] of CODES) {
      const starts = countries.map((c) => examples[c]).filter((e): e is string => !!e);
      for (let k = 0; k < 120; k++) {
        let nn: string;
        if (starts.length && r.next() < 0.6) {
          // An example number with its last digits redrawn (often valid), sometimes a digit longer or shorter.
          const e = r.pick(starts);
          nn = e.slice(0, r.int(Math.max(1, e.length - 6), e.length));
          const len = e.length + r.int(-1, 1);
          while (nn.length < len) nn += r.digits(1);
        } else nn = r.digits(r.int(3, 14));
        // Sometimes a trunk prefix written after the calling code, as in `+44 (0)20 …`.
        if (r.next() < 0.15) nn = r.digits(r.int(1, 2)) + nn;
        const m = written(r, cc, nn);
        const want = library(m);
        const got = internationalValid(m);
        checked++;
        valid += +want;
        if (got === undefined) continue;
        decided++;
        expect(got, m).toBe(want);
      }
    }
    expect(checked).toBeGreaterThan(20_000);
    // The fast path decides nearly all of them, and both verdicts occur in quantity.
    expect(decided / checked).toBeGreaterThan(0.9);
    expect(valid).toBeGreaterThan(5_000);
    expect(checked - valid).toBeGreaterThan(5_000);
  });

  it('leaves to the library what it does not decide for certain', () => {
    // A national prefix the library may strip (Argentina's optional one matches everything it rewrites).
    expect(internationalValid('+44 (0)20 7946 0958')).toBeUndefined();
    // Non-geographic codes, other characters, no plus.
    expect(library('+800 1234 5678')).toBe(true);
    expect(internationalValid('+800 1234 5678')).toBeUndefined();
    expect(internationalValid('+44 20 7946 0958 x12')).toBeUndefined();
    expect(internationalValid('+44/20/7946/0958')).toBeUndefined();
    expect(internationalValid('020 7946 0958')).toBeUndefined();
  });

  it('says no, as the library does, to a code that names no country and to a code starting with 0', () => {
    for (const m of ['+999 123 456 789', '+0 44 20 7946 0958', '+44 1']) {
      expect(library(m), m).toBe(false);
      expect(internationalValid(m), m).toBe(false);
    }
    expect(internationalValid('+44 20 7946 0958')).toBe(library('+44 20 7946 0958'));
  });
});
