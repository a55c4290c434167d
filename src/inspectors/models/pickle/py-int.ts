/**
 * Protocol 0 integer arguments parsed as CPython's `_pickle` parses them. A stricter reading let a
 * file stop the scan (inconclusive) with opcodes Python accepts — `p 1`, `g0_1`, `I0x10` — and
 * the payload after them went unseen; a different reading would resolve memo names wrongly.
 */

const WS = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g;

/**
 * `PyLong_FromString(s, NULL, base)` for base 10 (PUT, GET) or 0 (LONG, INT's fallback): outer
 * whitespace, a sign, single underscores between digits; base 0 also takes 0x/0o/0b prefixes
 * and refuses leading zeros on a decimal number.
 */
export function pyLong(text: string, base: 0 | 10): bigint | undefined {
  const t = text.replace(WS, '');
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
 * no underscores; it must end at the newline), else `PyLong_FromString(s, NULL, 0)`.
 */
export function pyInt(text: string): bigint | undefined {
  const m = /^[ \t\n\r\f\v]*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (m) {
    const s = m[2]!;
    const v = /^0[xX]/.test(s) ? BigInt(s) : s.length > 1 && s[0] === '0' ? BigInt(`0o${s.slice(1)}`) : BigInt(s);
    return m[1] === '-' ? -v : v;
  }
  return pyLong(text, 0);
}
