import type { Rng } from './random.js';

/**
 * Synthetic Japanese, German, Belgian, Turkish, Croatian and Romanian national ids, their checks
 * worked out here from each issuer's description (not by the recognizers' own code). Each takes
 * `valid = false` for the same shape with its check digit changed. Re-exported by values.ts.
 */

const pad2 = (n: number) => String(n).padStart(2, '0');
const dot = (s: string, w: readonly number[]) => w.reduce((sum, x, i) => sum + x * (s.charCodeAt(i) - 48), 0);
/** Another digit than `d`. */
const otherThan = (r: Rng, d: number) => (d + r.int(1, 9)) % 10;
/** A day every month has (the checks test the calendar; these values need not). */
const someDay = (r: Rng) => ({ month: r.int(1, 12), day: r.int(1, 28) });

/** The ISO 7064 MOD 11,10 check digit of `body`. */
function mod1110(body: string): number {
  let p = 10;
  for (const c of body) p = (((Number(c) + p) % 10 || 10) * 2) % 11;
  return (11 - p) % 10;
}

/** A Japanese My Number: eleven digits and the Cabinet Office check digit; bare, or in fours apart by spaces or hyphens. */
export function jpMyNumber(r: Rng, valid = true): string {
  const body = r.digits(11);
  const rem = dot(body, [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
  const k = rem <= 1 ? 0 : 11 - rem;
  const n = body + (valid ? k : otherThan(r, k));
  const sep = r.pick(['', '', '', ' ', ' ', '-']);
  return sep ? [n.slice(0, 4), n.slice(4, 8), n.slice(8)].join(sep) : n;
}

/**
 * The first ten digits of a German tax id: the first not 0, exactly one digit twice (or, one in
 * five, three times, never three in a row), so one or two digits of 0–9 are missing.
 */
function deTaxIdBody(r: Rng): string {
  for (;;) {
    const ds = [...'0123456789'];
    for (let i = ds.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [ds[i], ds[j]] = [ds[j]!, ds[i]!];
    }
    const times = r.next() < 0.2 ? 3 : 2;
    const from = r.int(0, 9);
    const spots = new Set<number>();
    while (spots.size < times - 1) {
      const s = r.int(0, 9);
      if (s !== from) spots.add(s);
    }
    for (const s of spots) ds[s] = ds[from]!;
    const body = ds.join('');
    if (body[0] !== '0' && !/(\d)\1\1/.test(body)) return body;
  }
}

/** A German Steuer-ID: the body above and its MOD 11,10 digit; bare, or one in five in the groups tax letters print (`12 345 678 901`). */
export function deTaxId(r: Rng, valid = true): string {
  const body = deTaxIdBody(r);
  const k = mod1110(body);
  const n = body + (valid ? k : otherThan(r, k));
  return r.next() < 0.2 ? `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 8)} ${n.slice(8)}` : n;
}

/**
 * A Belgian national number: YYMMDD (born 1930–2020), a sequence 001–998, and 97 − (the nine
 * digits mod 97), with a 2 before them for the born since 2000; printed `YY.MM.DD-SSS.CC` or, two
 * in five, bare. `valid = false` takes another check of 1–97.
 */
export function beNationalNumber(r: Rng, valid = true): string {
  const year = r.int(1930, 2020);
  const { month, day } = someDay(r);
  const nine = `${pad2(year % 100)}${pad2(month)}${pad2(day)}${String(r.int(1, 998)).padStart(3, '0')}`;
  const k = 97 - (Number((year >= 2000 ? '2' : '') + nine) % 97);
  // Not the other century's check either: that one would be a number too.
  const otherCentury = 97 - (Number((year >= 2000 ? '' : '2') + nine) % 97);
  let check = k;
  while (!valid && (check === k || check === otherCentury)) check = r.int(1, 97);
  const n = nine + pad2(check);
  return r.next() < 0.6 ? `${n.slice(0, 2)}.${n.slice(2, 4)}.${n.slice(4, 6)}-${n.slice(6, 9)}.${n.slice(9)}` : n;
}

/** A Turkish T.C. Kimlik No: nine digits (the first not 0) and the two check digits. `valid = false` changes the second. */
export function trKimlik(r: Rng, valid = true): string {
  const nine = `${r.int(1, 9)}${r.digits(8)}`;
  const d = [...nine].map(Number);
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const eleventh = (odd + even + tenth) % 10;
  return `${nine}${tenth}${valid ? eleventh : otherThan(r, eleventh)}`;
}

/** A Croatian OIB: ten digits and the MOD 11,10 check digit. */
export function hrOib(r: Rng, valid = true): string {
  const body = r.digits(10);
  const k = mod1110(body);
  return body + (valid ? k : otherThan(r, k));
}

/** Romanian county codes: 01–46 (counties and Bucharest's sectors), 51 Călărași, 52 Giurgiu. */
const RO_COUNTIES = [...Array.from({ length: 46 }, (_, i) => i + 1), 51, 52];

/** A Romanian CNP: sex and century (1 2 born 1930–1999, 5 6 since 2000), YYMMDD, a county, a sequence and the control digit (key 279146358279). */
export function roCnp(r: Rng, valid = true): string {
  const year = r.int(1930, 2020);
  const { month, day } = someDay(r);
  const body = `${r.pick(year >= 2000 ? [5, 6] : [1, 2])}${pad2(year % 100)}${pad2(month)}${pad2(day)}${pad2(r.pick(RO_COUNTIES))}${String(r.int(1, 999)).padStart(3, '0')}`;
  const rem = dot(body, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
  const k = rem === 10 ? 1 : rem;
  return body + (valid ? k : otherThan(r, k));
}
