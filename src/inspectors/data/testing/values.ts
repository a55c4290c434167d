import { createHash } from 'node:crypto';
import { dniLetter, FI_CHECK, luhn, realDate, verhoeffDigit } from '../pii/checksums.js';
import { publicIpv4 } from '../pii/ip-address.js';
import type { Rng } from './random.js';

export * from './national-id-values.js';

/** Valid synthetic values for every entity the recognizers know, with check digits computed. */

const FIRST = ['ana', 'ben', 'chloe', 'dev', 'emma', 'farid', 'grace', 'hiro', 'ines', 'jonas', 'kemi', 'lars', 'maya', 'nico', 'olga', 'priya'];
const LAST = ['silva', 'okafor', 'park', 'patel', 'nguyen', 'schmidt', 'rossi', 'kowalski', 'garcia', 'tanaka', 'smith', 'dubois'];
export const names = { FIRST, LAST };

function luhnDigit(body: string): string {
  for (let d = 0; d < 10; d++) if (luhn(body + d)) return String(d);
  return '0';
}

export function email(r: Rng): string {
  return `${r.pick(FIRST)}.${r.pick(LAST)}${r.int(1, 99)}@${r.pick(['example.com', 'example.org', 'mail.example.net', 'corp.example.co.uk'])}`;
}

export function usPhone(r: Rng): string {
  const area = r.pick(['212', '415', '617', '303', '206', '312', '512', '646']);
  const ex = `${r.int(2, 9)}${r.digits(2)}`;
  const line = r.digits(4);
  return r.pick([`(${area}) ${ex}-${line}`, `${area}-${ex}-${line}`, `+1 ${area} ${ex} ${line}`, `${area}.${ex}.${line}`]);
}

export function intlPhone(r: Rng): string {
  return r.pick([`+44 20 7946 ${r.digits(4)}`, `+49 30 ${r.int(2, 9)}${r.digits(7)}`, `+33 1 ${r.int(40, 49)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`, `+91 98${r.digits(3)} ${r.digits(5)}`, `+61 2 ${r.int(8, 9)}${r.digits(3)} ${r.digits(4)}`]);
}

export function creditCard(r: Rng, valid = true): string {
  const prefix = r.pick(['4', '51', '55', '37', '6011']);
  const len = prefix === '37' ? 15 : 16;
  const body = prefix + r.digits(len - prefix.length - 1);
  let d = Number(luhnDigit(body));
  if (!valid) d = (d + r.int(1, 9)) % 10;
  const n = body + d;
  if (len === 15) return r.pick([n, `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`]);
  const sep = r.pick(['', ' ', '-']);
  return sep ? n.match(/.{4}/g)!.join(sep) : n;
}

function mod97(s: string): number {
  let rem = 0;
  for (const ch of s) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const c of v) rem = (rem * 10 + Number(c)) % 97;
  }
  return rem;
}
export function iban(r: Rng): string {
  const [cc, bban] = r.pick([
    ['GB', `${r.chars(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${r.digits(14)}`],
    ['DE', r.digits(18)],
    ['FR', `${r.digits(10)}${r.chars(11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}${r.digits(2)}`],
    ['NL', `${r.chars(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${r.digits(10)}`],
  ] as const);
  const check = String(98 - mod97(`${bban}${cc}00`)).padStart(2, '0');
  const s = `${cc}${check}${bban}`;
  return r.next() < 0.5 ? s : s.match(/.{1,4}/g)!.join(' ');
}

export function ssn(r: Rng, sep = '-'): string {
  let area = r.int(1, 899);
  if (area === 666) area = 667;
  return [String(area).padStart(3, '0'), String(r.int(1, 99)).padStart(2, '0'), String(r.int(1, 9999)).padStart(4, '0')].join(sep);
}
/** SSNs the SSA never issues; the 9XX area with a group of 10–49, which no ITIN has either (9XX-7X-XXXX is one). */
export function invalidSsn(r: Rng): string {
  return r.pick([`000-${r.int(10, 99)}-${r.int(1000, 9999)}`, `666-${r.int(10, 99)}-${r.int(1000, 9999)}`, `9${r.digits(2)}-${r.int(10, 49)}-${r.int(1000, 9999)}`, `${r.int(100, 665)}-00-${r.int(1000, 9999)}`]);
}

/** A public IPv4 address (private, loopback, link-local and documentation ranges are no one's). */
export function ipv4(r: Rng): string {
  for (;;) {
    const ip = [r.int(11, 223), r.int(0, 255), r.int(0, 255), r.int(1, 254)].join('.');
    if (publicIpv4(ip)) return ip;
  }
}
/** A global unicast IPv6 address (2001:db8::/32 is for documentation, like 192.0.2.0/24). */
export function ipv6(r: Rng): string {
  return `2a0${r.int(0, 9)}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}::${r.hex(3)}`;
}

export function date(r: Rng): string {
  const y = r.int(1940, 2005);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  const p = (n: number) => String(n).padStart(2, '0');
  return r.pick([`${y}-${p(m)}-${p(d)}`, `${m}/${d}/${y}`, `${p(d)}.${p(m)}.${y}`]);
}

export function passport(r: Rng): string {
  return r.next() < 0.5 ? `5${r.digits(8)}` : `${r.pick(['A', 'C', 'E'])}${r.digits(8)}`;
}
export function driverLicense(r: Rng): string {
  return r.pick([`${r.pick(['D', 'S', 'W'])}${r.digits(7)}`, `${r.chars(2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}${r.digits(6)}`]);
}

/** Passport numbers in the shapes the countries of travel-documents.ts issue. */
export const passportOf = {
  it: (r: Rng) => `${r.chars(2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${r.digits(7)}`,
  // A letter first (the office's), then the nine-character alphabet without vowels, B, D, Q or S.
  de: (r: Rng) => `${r.chars(1, 'CFGHJK')}${r.chars(7, 'CFGHJKLMNPRTVWXYZ0123456789')}${r.digits(1)}`,
  fr: (r: Rng) => `${r.digits(2)}${r.chars(2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${r.digits(5)}`,
  es: (r: Rng) => `${r.chars(3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${r.digits(6)}`,
  pl: (r: Rng) => `${r.chars(2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${r.digits(7)}`,
  uk: (r: Rng) => r.digits(9),
  // A letter and seven digits, neither the first nor the last a zero (Presidio's IN_PASSPORT).
  in: (r: Rng) => `${r.chars(1, 'ABCDEFGHJKLMNPRSTUVWXYZ')}${r.chars(1, '123456789')}${r.digits(5)}${r.chars(1, '123456789')}`,
};
/** Driving licence numbers: Italy's two shapes, Germany's eleven characters, a French twelve-digit one. */
export const licenceOf = {
  it: (r: Rng) => (r.next() < 0.5 ? `${r.chars(2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${r.digits(7)}${r.chars(1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}` : `U1${r.chars(7, 'BCDEFGHJKLMNPRSTUWXYZ0123456789')}${r.chars(1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`),
  de: (r: Rng) => `${r.chars(1, 'ABCDEFGHJKLMN')}${r.digits(3)}${r.chars(5, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}${r.digits(2)}`,
  fr: (r: Rng) => r.digits(12),
  // The DVLA's: five letters of the surname (9s pad a short one), the birth date's six digits, initials, a digit, two letters.
  uk: (r: Rng) => `${r.chars(1, 'ABCDEFGHJKLMNPRSTW')}${r.chars(4, 'ABCDEFGHIJKLMNOPRSTUVWY9')}${r.digits(6)}${r.chars(2, 'ABCDEJKLMPRST9')}${r.digits(1)}${r.chars(2, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}`,
};

export function nhs(r: Rng): string {
  for (;;) {
    const body = r.digits(9);
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
    let c = 11 - (sum % 11);
    if (c === 11) c = 0;
    if (c === 10) continue;
    const n = body + c;
    return r.next() < 0.6 ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : n;
  }
}

export function sin(r: Rng): string {
  const body = `${r.pick(['1', '2', '3', '4', '5', '6', '7', '9'])}${r.digits(7)}`;
  const n = body + luhnDigit(body);
  return r.next() < 0.6 ? `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}` : n;
}

export function aadhaar(r: Rng): string {
  const body = `${r.int(2, 9)}${r.digits(10)}`;
  const n = body + verhoeffDigit(body);
  return r.next() < 0.7 ? `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}` : n;
}

export function nif(r: Rng): string {
  const n = r.digits(8);
  return n + dniLetter(Number(n));
}

/** A Spanish NIE (X/Y/Z for 0/1/2, 7 digits, the NIF letter); `valid = false` gives it another letter. */
export function nie(r: Rng, valid = true): string {
  const lead = r.int(0, 2);
  const body = r.digits(7);
  let letter = dniLetter(Number(lead + body));
  if (!valid) letter = dniLetter(Number(lead + body) + r.int(1, 22));
  return `${'XYZ'[lead]}${body}${r.next() < 0.2 ? '-' : ''}${letter}`;
}

/** A Finnish personal identity code: a real date, its century's sign, an individual number from 002, the mod-31 check; `valid = false` changes the check. */
export function fiPersonalCode(r: Rng, valid = true): string {
  const year = r.int(1890, 2022);
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${p(r.int(1, 28))}${p(r.int(1, 12))}${p(year % 100)}`;
  const sign = year < 1900 ? '+' : year < 2000 ? r.pick(['-', '-', '-', 'Y', 'X']) : r.pick(['A', 'A', 'B']);
  const individual = String(r.int(2, 899)).padStart(3, '0');
  const k = Number(date + individual) % 31;
  return `${date}${sign}${individual}${FI_CHECK[valid ? k : (k + r.int(1, 30)) % 31]}`;
}

/** Sum of digit × weight, for the Australian numbers below. */
const weighted = (d: readonly number[], w: readonly number[]) => w.reduce((sum, x, i) => sum + x * d[i]!, 0);
/** Spaced as written (`3-3-3`, …) or bare. */
function grouped(r: Rng, s: string, sizes: readonly number[]): string {
  if (r.next() < 0.5) return s;
  const out: string[] = [];
  let i = 0;
  for (const n of sizes) out.push(s.slice(i, (i += n)));
  return out.join(' ');
}

/**
 * An Australian Tax File Number, sum divisible by 11: nine digits (weights 1 4 3 7 5 8 6 9 10) or,
 * one in four, an older eight-digit one (10 7 8 4 6 3 5 1), bare or 3-3-3 / 3-3-2. `valid = false` breaks it.
 */
export function tfn(r: Rng, valid = true, length: 8 | 9 = r.next() < 0.25 ? 8 : 9): string {
  for (;;) {
    const d = Array.from({ length: length - 1 }, () => r.int(0, 9));
    // The last digit's weight is 10 (-1 mod 11: it equals the sum of the others mod 11) or 1 (it makes the sum a multiple of 11).
    const rest = weighted(d, length === 9 ? [1, 4, 3, 7, 5, 8, 6, 9] : [10, 7, 8, 4, 6, 3, 5]) % 11;
    const last = length === 9 ? rest : (11 - rest) % 11;
    if (last === 10) continue;
    return grouped(r, d.join('') + (valid ? last : (last + r.int(1, 9)) % 10), length === 9 ? [3, 3, 3] : [3, 3, 2]);
  }
}

/** An Australian Business Number (with 1 taken from the first digit, weights 10 1 3 … 19 sum to a multiple of 89). */
export function abn(r: Rng, valid = true): string {
  for (;;) {
    const rest = Array.from({ length: 9 }, () => r.int(0, 9));
    const tail = weighted(rest, [3, 5, 7, 9, 11, 13, 15, 17, 19]);
    // The first two digits are the check: find them (10–99) so the whole sum is a multiple of 89.
    const lead = Array.from({ length: 90 }, (_, k) => k + 10).filter((n) => (((Math.floor(n / 10) - 1) * 10 + (n % 10) + tail) % 89 === 0) === valid);
    if (!lead.length) continue;
    return grouped(r, `${r.pick(lead)}${rest.join('')}`, [2, 3, 3, 3]);
  }
}

/**
 * An Australian Medicare card number: 2–6, seven digits, the weighted check digit, an issue number;
 * two in five with the holder's Individual Reference Number (1–9) after it, as claim forms ask for
 * it: eleven digits, or `2123 45670 1 1` / `2123 45670 1-1`.
 */
export function auMedicare(r: Rng, valid = true): string {
  const d = [r.int(2, 6), ...Array.from({ length: 7 }, () => r.int(0, 9))];
  const check = weighted(d, [1, 3, 7, 9, 1, 3, 7, 9]) % 10;
  const card = `${d.join('')}${valid ? check : (check + r.int(1, 9)) % 10}${r.int(1, 9)}`;
  if (r.next() < 0.6) return grouped(r, card, [4, 5, 1]);
  const irn = r.int(1, 9);
  return r.pick([`${card}${irn}`, `${card.slice(0, 4)} ${card.slice(4, 9)} ${card[9]} ${irn}`, `${card.slice(0, 4)} ${card.slice(4, 9)} ${card[9]}-${irn}`]);
}

/**
 * A Singapore NRIC / FIN (weights 2 7 6 5 4 3 2, the prefix's offset, its table's letter), one in
 * five in lower case as typed into forms; `valid = false` takes another letter.
 */
export function sgNric(r: Rng, valid = true, lower = r.next() < 0.2): string {
  const id = sgNricUpper(r, valid);
  return lower ? id.toLowerCase() : id;
}

function sgNricUpper(r: Rng, valid: boolean): string {
  const prefix = r.pick(['S', 'T', 'F', 'G', 'M']);
  const d = Array.from({ length: 7 }, () => r.int(0, 9));
  const k = (weighted(d, [2, 7, 6, 5, 4, 3, 2]) + { S: 0, T: 4, F: 0, G: 4, M: 3 }[prefix]!) % 11;
  const letters = prefix === 'S' || prefix === 'T' ? 'JZIHGFEDCBA' : prefix === 'M' ? 'XWUTRQPNJLK' : 'XWUTRQPNMLK';
  return `${prefix}${d.join('')}${letters[valid ? k : (k + r.int(1, 10)) % 11]}`;
}

/**
 * A French NIR: sex, year, month, département (one in ten Corsican, 2A / 2B), commune, order and
 * the mod-97 key; written in its seven groups (apart by spaces, dots or dashes), bare, or with the
 * key apart. `valid = false` shifts the key.
 */
export function nir(r: Rng, valid = true): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const dept = r.next() < 0.1 ? r.pick(['2A', '2B']) : p(r.pick([r.int(1, 19), r.int(21, 95)]));
  const body = `${r.pick(['1', '2'])}${p(r.int(0, 99))}${p(r.int(1, 12))}${dept}${p(r.int(1, 999), 3)}${p(r.int(1, 999), 3)}`;
  const key = 97 - (Number(body.replace('2A', '19').replace('2B', '18')) % 97);
  const k = p(valid ? key : ((key + r.int(0, 95)) % 97) + 1);
  const form = r.int(0, 4);
  // The seven groups apart by spaces, dots or dashes.
  if (form === 0 || form > 2) return [body.slice(0, 1), body.slice(1, 3), body.slice(3, 5), body.slice(5, 7), body.slice(7, 10), body.slice(10), k].join([' ', '', '', '.', '-'][form]);
  return form === 1 ? body + k : `${body} ${k}`;
}

const CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
export function codiceFiscale(r: Rng): string {
  const L = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const s = `${r.chars(6, L)}${r.digits(2)}${r.pick([...'ABCDEHLMPRST'])}${String(r.int(1, 71)).padStart(2, '0')}${r.chars(1, L)}${r.digits(3)}`;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = s[i]!;
    const v = ch >= 'A' ? ch.charCodeAt(0) - 65 : ch.charCodeAt(0) - 48;
    sum += i % 2 === 0 ? CF_ODD[v]! : v;
  }
  return s + L[sum % 26];
}

/** The ways a UK National Insurance number is written: one word, HMRC's pairs, the prefix and / or the suffix set apart. */
export const NINO_FORMS = ['word', 'pairs', 'both-apart', 'suffix-apart', 'prefix-apart'] as const;
export type NinoForm = (typeof NINO_FORMS)[number];

/**
 * A UK National Insurance number from prefix letters HMRC issues: as one word (`QQ123456C`),
 * spaced as HMRC prints it (`QQ 12 34 56 C`), or with the prefix or suffix set apart from the six
 * digits (`QQ 123456 C`, `QQ123456 C`, `QQ 123456C`) — QQ standing for a prefix, as HMRC's own
 * example does (QQ itself is never issued).
 */
export function nino(r: Rng, form: NinoForm | 'any' = 'any'): string {
  const first = 'ABCEGHJKLMNOPRSTWXYZ';
  const second = 'ABCEGHJKLMNPRSTWXYZ';
  let p: string;
  do p = r.pick([...first]) + r.pick([...second]);
  while (['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(p));
  const d = r.digits(6);
  const suffix = r.pick(['A', 'B', 'C', 'D']);
  const x = r.next();
  switch (form !== 'any' ? form : (x < 0.45 ? 'word' : x < 0.75 ? 'pairs' : x < 0.85 ? 'both-apart' : x < 0.95 ? 'suffix-apart' : 'prefix-apart')) {
    case 'word':
      return `${p}${d}${suffix}`;
    case 'pairs':
      return `${p} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`;
    case 'both-apart':
      return `${p} ${d} ${suffix}`;
    case 'suffix-apart':
      return `${p}${d} ${suffix}`;
    default:
      return `${p} ${d}${suffix}`;
  }
}

/** A Brazilian CPF with both check digits, written 123.456.789-09. */
export function cpf(r: Rng): string {
  const d = Array.from({ length: 9 }, () => r.int(0, 9));
  if (d.every((x) => x === d[0])) d[8] = (d[8]! + 1) % 10;
  for (const n of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[i]! * (n + 1 - i);
    d.push(((sum * 10) % 11) % 10);
  }
  const s = d.join('');
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
}

/** A Dutch BSN passing the elfproef (weights 9..2, last digit -1). */
export function bsn(r: Rng): string {
  for (;;) {
    const d = [r.int(1, 9), ...Array.from({ length: 7 }, () => r.int(0, 9))];
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += d[i]! * (9 - i);
    const last = sum % 11;
    if (last <= 9) return d.join('') + last;
  }
}

export function pesel(r: Rng): string {
  const y = r.int(0, 99);
  const m = r.int(1, 12) + (r.next() < 0.5 ? 0 : 20);
  const d = r.int(1, 28);
  const body = `${String(y).padStart(2, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${r.digits(4)}`;
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(body[i]) * w[i]!;
  return body + ((10 - (sum % 10)) % 10);
}

const pad2 = (n: number) => String(n).padStart(2, '0');
/** Sum of digit × weight over a string of digits. */
const weightedDigits = (s: string, w: readonly number[]) => w.reduce((sum, x, i) => sum + x * (s.charCodeAt(i) - 48), 0);
/** A day of a month that every year has (the checksums test the calendar; these values need not). */
const someDay = (r: Rng) => ({ month: r.int(1, 12), day: r.int(1, 28) });

/**
 * A US ITIN: 9, two digits, a group in the IRS's ranges (50–65, 70–88, 90–92, 94–99), four
 * digits; dashed, spaced or bare. `valid = false` takes a group outside them (10–49, 66–69, 89, 93).
 */
export function itin(r: Rng, valid = true): string {
  const group = valid ? r.pick([r.int(50, 65), r.int(70, 88), r.int(90, 92), r.int(94, 99)]) : r.pick([r.int(10, 49), r.int(66, 69), 89, 93]);
  return [`9${r.digits(2)}`, pad2(group), r.digits(4)].join(r.pick(['-', '-', ' ', '']));
}

/**
 * A Korean Resident Registration Number: YYMMDD, a gender digit for the century (1 2 5 6 1900s,
 * 3 4 7 8 2000s), five digits and the mod-11 check — or, one in ten, one of the born since October
 * 2020 (2021–2025 here), whose last six digits are random; dashed, or one in three bare.
 * `valid = false` changes the check of an older one (a newer one has none to fail).
 */
export function krRrn(r: Rng, valid = true): string {
  const random = valid && r.next() < 0.1;
  const year = random ? r.int(2021, 2025) : r.int(1930, 2019);
  const { month, day } = someDay(r);
  const body = `${pad2(year % 100)}${pad2(month)}${pad2(day)}${r.pick(year < 2000 ? [1, 2, 5, 6] : [3, 4, 7, 8])}${r.digits(5)}`;
  const k = (11 - (weightedDigits(body, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]) % 11)) % 10;
  const n = body + (random ? r.digits(1) : valid ? k : (k + r.int(1, 9)) % 10);
  return r.next() < 0.67 ? `${n.slice(0, 6)}-${n.slice(6)}` : n;
}

/** An Indian PAN: three letters, the holder type (P mostly), a letter, four digits, a letter. `valid = false` takes a fourth letter no holder type has. */
export function inPan(r: Rng, valid = true): string {
  const L = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const holder = valid ? r.pick([...'PPPPPCHFATBLJG']) : r.pick([...'DEIKMNOQRSUVWXYZ']);
  return `${r.chars(3, L)}${holder}${r.chars(1, L)}${r.digits(4)}${r.chars(1, L)}`;
}

/**
 * A Swedish personnummer: a real date (one in ten a samordningsnummer, day + 60), three digits and
 * the Luhn digit over the ten; written YYMMDD-NNNC, YYYYMMDD-NNNC, bare in ten or twelve digits,
 * or with `+` for the born over a hundred years ago. `valid = false` changes the check.
 */
export function sePersonnummer(r: Rng, valid = true): string {
  const old = r.next() < 0.05;
  const year = old ? r.int(1905, 1920) : r.int(1930, 2020);
  const { month, day } = someDay(r);
  const body = `${pad2(year % 100)}${pad2(month)}${pad2(r.next() < 0.1 ? day + 60 : day)}${r.digits(3)}`;
  const check = Number(luhnDigit(body));
  const ten = body + (valid ? check : (check + r.int(1, 9)) % 10);
  if (old) return `${ten.slice(0, 6)}+${ten.slice(6)}`;
  const century = String(year).slice(0, 2);
  return r.pick([`${ten.slice(0, 6)}-${ten.slice(6)}`, `${ten.slice(0, 6)}-${ten.slice(6)}`, `${century}${ten.slice(0, 6)}-${ten.slice(6)}`, `${century}${ten}`, ten]);
}

/**
 * A Norwegian fødselsnummer: DDMMYY (one in ten a D-number, day + 40; one in ten an H-number,
 * month + 40), an individual number in the range its century uses, two mod-11 check digits
 * (neither 10); bare, or one in five with the date apart. `valid = false` changes the second check digit.
 */
export function noFodselsnummer(r: Rng, valid = true): string {
  for (;;) {
    const year = r.int(1940, 2020);
    const { month, day } = someDay(r);
    const individual = year >= 2000 ? r.int(500, 999) : r.pick([r.int(0, 499), r.int(900, 999)]);
    const kind = r.next();
    const nine = `${pad2(kind < 0.1 ? day + 40 : day)}${pad2(kind >= 0.1 && kind < 0.2 ? month + 40 : month)}${pad2(year % 100)}${String(individual).padStart(3, '0')}`;
    const k1 = (11 - (weightedDigits(nine, [3, 7, 6, 1, 8, 9, 4, 5, 2]) % 11)) % 11;
    if (k1 === 10) continue;
    const k2 = (11 - (weightedDigits(nine + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11)) % 11;
    if (k2 === 10) continue;
    const n = `${nine}${k1}${valid ? k2 : (k2 + r.int(1, 9)) % 10}`;
    return r.next() < 0.2 ? `${n.slice(0, 6)} ${n.slice(6)}` : n;
  }
}

/**
 * A Danish CPR number: a real DDMMYY and a seventh digit for its century (0–3 the 1900s, 4–9 the
 * 2000s up to 2036); dashed, or bare. `valid = false` gives a day the month does not have (31 April,
 * 30 February, 29 February 1990…), which only the calendar rejects.
 */
export function dkCpr(r: Rng, valid = true): string {
  let ddmmyy: string;
  let year: number;
  if (valid) {
    year = r.int(1940, 2020);
    const { month, day } = someDay(r);
    ddmmyy = `${pad2(day)}${pad2(month)}${pad2(year % 100)}`;
  } else {
    year = r.int(1940, 1999);
    let date = '';
    while (!date) {
      const [d, m] = r.pick([[31, 4], [31, 6], [31, 9], [31, 11], [30, 2], [31, 2], [29, 2]] as const);
      if (!realDate(year, m, d)) date = `${pad2(d)}${pad2(m)}${pad2(year % 100)}`;
      else year++;
    }
    ddmmyy = date;
  }
  const serial = `${year >= 2000 ? r.int(4, 9) : r.int(0, 3)}${r.digits(3)}`;
  return r.next() < 0.7 ? `${ddmmyy}-${serial}` : ddmmyy + serial;
}

/** A Swiss AHV number: 756, nine digits, the EAN-13 check; dotted as on the card, or one in five bare. `valid = false` changes the check. */
export function chAhv(r: Rng, valid = true): string {
  const body = `756${r.digits(9)}`;
  const k = (10 - (weightedDigits(body, [1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3]) % 10)) % 10;
  const n = body + (valid ? k : (k + r.int(1, 9)) % 10);
  return r.next() < 0.8 ? `${n.slice(0, 3)}.${n.slice(3, 7)}.${n.slice(7, 11)}.${n.slice(11)}` : n;
}

/** The first two digits of Chinese region codes (provinces, Taiwan, Hong Kong, Macau). */
const CN_PROVINCE_CODES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82];
/** A Chinese resident id: a province's region code, a birth date YYYYMMDD, three digits, the MOD 11-2 check (`X` for 10). `valid = false` takes another check character. */
export function cnResidentId(r: Rng, valid = true): string {
  const { month, day } = someDay(r);
  const body = `${r.pick(CN_PROVINCE_CODES)}${r.digits(4)}${r.int(1940, 2015)}${pad2(month)}${pad2(day)}${r.digits(3)}`;
  const k = weightedDigits(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]) % 11;
  return body + '10X98765432'[valid ? k : (k + r.int(1, 10)) % 11];
}

/** A South African id: YYMMDD, four digits, citizenship 0 or 1, 8, the Luhn digit; bare, or one in five in its groups. `valid = false` changes the check. */
export function zaId(r: Rng, valid = true): string {
  const { month, day } = someDay(r);
  const body = `${pad2(r.int(0, 99))}${pad2(month)}${pad2(day)}${r.digits(4)}${r.pick(['0', '0', '0', '1'])}8`;
  const check = Number(luhnDigit(body));
  const n = body + (valid ? check : (check + r.int(1, 9)) % 10);
  return r.next() < 0.2 ? `${n.slice(0, 6)} ${n.slice(6, 10)} ${n.slice(10)}` : n;
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
export function btc(r: Rng): string {
  const payload = Buffer.from([r.next() < 0.7 ? 0 : 5, ...Array.from({ length: 20 }, () => r.int(0, 255))]);
  const sum = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest().subarray(0, 4);
  const bytes = Buffer.concat([payload, sum]);
  let n = BigInt('0x' + bytes.toString('hex'));
  let s = '';
  while (n > 0n) {
    s = B58[Number(n % 58n)] + s;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    s = '1' + s;
  }
  return s;
}
export function eth(r: Rng): string {
  return `0x${r.hex(40)}`;
}

export function urlWithCredentials(r: Rng): string {
  return `https://${r.pick(['svc', 'admin', 'etl'])}:${r.chars(12)}@${r.pick(['files', 'dav', 'ftp'])}.northwind-corp.net/${r.pick(['export', 'share', 'in'])}`;
}

export function npi(r: Rng): string {
  const body = `${r.int(1, 2)}${r.digits(8)}`;
  for (let d = 0; d < 10; d++) if (luhn(`80840${body}${d}`)) return `${body}${d}`;
  return body + '0';
}

export function dea(r: Rng): string {
  const first = r.pick([...'ABCFGMPR']);
  const second = r.chars(1, 'ABCDEFGHIJKLMNOPRSTWZ');
  const d = r.digits(6).split('').map(Number);
  const check = (d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!)) % 10;
  return `${first}${second}${d.join('')}${check}`;
}

export function mbi(r: Rng): string {
  const L = 'ACDEFGHJKMNPQRTUVWXY';
  const AN = L + '0123456789';
  const s = `${r.int(1, 9)}${r.chars(1, L)}${r.chars(1, AN)}${r.digits(1)}${r.chars(1, L)}${r.chars(1, AN)}${r.digits(1)}${r.chars(2, L)}${r.digits(2)}`;
  return r.next() < 0.5 ? s : `${s.slice(0, 4)}-${s.slice(4, 7)}-${s.slice(7)}`;
}

export function mrn(r: Rng): string {
  return r.pick([`MRN-${r.digits(7)}`, `${r.digits(8)}`, `MR${r.digits(7)}`]);
}
export function healthPlanId(r: Rng): string {
  return `${r.chars(3, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}${r.digits(9)}`;
}
export function icd10(r: Rng): string {
  return r.pick(['E11.9', 'I10', 'J45.909', 'F32.A', 'M54.5', 'K21.9', 'N39.0', 'E78.5', 'G43.909', 'C50.911', 'Z79.4', 'R07.9']);
}
