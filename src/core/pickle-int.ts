/**
 * Protocol 0 integer arguments (INT, LONG, PUT, GET lines) parsed as CPython's `_pickle` parses
 * them. Shared by the models inspector's pickle machine and the data inspector's joblib machine:
 * a stricter reading let a file stop the scan (inconclusive) with opcodes Python accepts — `p 1`,
 * `g0_1`, `I0x10` — and the payload after them went unseen; a looser or different one resolved
 * memo names wrongly, or stepped over the wrong number of joblib array bytes (`I010` is 8, not 10).
 *
 * Every function takes the line without its newline. `_pickle` hands C functions the line as a C
 * string, so a NUL ends it (`I1\0junk` is 1).
 */

const WS = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** The line as C sees it: up to its first NUL. */
function cString(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

/**
 * `PyLong_FromString(s, NULL, base)` for base 10 (PUT, GET) or 0 (LONG, INT's fallback): outer
 * whitespace, a sign, single underscores between digits; base 0 also takes 0x/0o/0b prefixes
 * and refuses leading zeros on a decimal number.
 */
export function pyLong(text: string, base: 0 | 10): bigint | undefined {
  const t = cString(text).replace(WS, '');
  const m = /^([-+]?)(.*)$/s.exec(t)!;
  const neg = m[1] === '-';
  let body = m[2]!;
  let radix = 10;
  let digits = '0-9';
  if (base === 0 && /^0[xXoObB]/.test(body)) {
    const p = body[1]!.toLowerCase();
    radix = p === 'x' ? 16 : p === 'o' ? 8 : 2;
    digits = p === 'x' ? '0-9a-fA-F' : p === 'o' ? '0-7' : '01';
    // A single underscore may follow the prefix (`0x_1f`).
    body = body.slice(2).replace(/^_(?=.)/, '');
  } else if (base === 0 && /^0+[1-9_]/.test(body) && !/^[0_]+$/.test(body)) return undefined;
  if (!new RegExp(`^[${digits}]+(_[${digits}]+)*$`).test(body)) return undefined;
  const clean = body.replace(/_/g, '');
  let v = 0n;
  const r = BigInt(radix);
  for (const ch of clean) v = v * r + BigInt(parseInt(ch, radix));
  return neg ? -v : v;
}

/**
 * INT: C `strtol(s, &end, 0)` first (leading whitespace, a sign, 0x hex, a leading 0 for octal,
 * no underscores; it must end at the newline and fit a 64-bit long), else
 * `PyLong_FromString(s, NULL, 0)`. A two-character line strtol reads as 0 or 1 is False or True
 * (protocol 0 writes booleans as `I00`/`I01`; `I+1` and `I 0` are booleans too).
 */
export function pickleIntLine(text: string): bigint | boolean | undefined {
  const m = /^[ \t\n\r\f\v]*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(cString(text));
  if (m) {
    const s = m[2]!;
    const u = /^0[xX]/.test(s) ? BigInt(s) : s.length > 1 && s[0] === '0' ? BigInt(`0o${s.slice(1)}`) : BigInt(s);
    const v = m[1] === '-' ? -u : u;
    if (v >= LONG_MIN && v <= LONG_MAX) return text.length === 2 && (v === 0n || v === 1n) ? v === 1n : v;
    // strtol overflowed (ERANGE): Python reads the line again as an int literal, where `0777…` is refused.
  }
  return pyLong(text, 0);
}

/** LONG: an `L` just before the newline is dropped, then `PyLong_FromString(s, NULL, 0)`. */
export function pickleLongLine(text: string): bigint | undefined {
  return pyLong(text.endsWith('L') ? text.slice(0, -1) : text, 0);
}
