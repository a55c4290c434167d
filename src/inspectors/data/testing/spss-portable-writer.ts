/**
 * SPSS portable files (`.por`) built field by field, for the cases PSPP will not write: a lying
 * count, a bad digit, a file cut short, a record order of another writer's. The header is PSPP's
 * (an ASCII splash and translation table); `body` is what follows `SPSSPORT`, in ASCII, cut into
 * 80-character lines ending CR LF as PSPP writes them.
 */

/** PSPP's translation table: position 64 on, the portable character set in ASCII; `0` elsewhere. */
const TABLE = '0'.repeat(64) + '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .<(+|&[]!$*);^-/|,%_>?`:$@\'="';
const HEADER = 'ASCII SPSS PORT FILE'.padEnd(40).repeat(5) + TABLE.padEnd(256, '0') + 'SPSSPORT';

/** A number field: base 30 (`toString(30)`'s digits, upper case), then `/`. */
export function porNumber(n: number): string {
  return `${n.toString(30).toUpperCase()}/`;
}

/** A string field: its length, then the characters. */
export function porString(s: string): string {
  return porNumber(s.length) + s;
}

/** The version letter and creation date and time, and the product record, as PSPP starts a dictionary. */
export const POR_PREAMBLE = `A${porString('20260101')}${porString('120000')}1${porString('aispm test')}`;

/** A numeric variable record (`7`) with an F8.2 print and write format, or a string one of `width` (A format). */
export function porVariable(name: string, width = 0): string {
  const format = width ? [1, width, 0] : [5, 8, 2];
  return `7${porNumber(width)}${porString(name)}${[...format, ...format].map(porNumber).join('')}`;
}

/** A whole file: PSPP's header, then `body`, in lines of 80 ending CR LF; the last padded with `Z` when `body` ends with the end marker. */
export function portableFile(body: string): Buffer {
  const text = HEADER + body;
  const lines: string[] = [];
  for (let k = 0; k < text.length; k += 80) lines.push(text.slice(k, k + 80));
  if (body.endsWith('Z')) lines[lines.length - 1] = lines[lines.length - 1]!.padEnd(80, 'Z');
  return Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1');
}
