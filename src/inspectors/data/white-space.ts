/**
 * Whether a UTF-16 code unit is white space as JavaScript's `\s` defines it: the detectors'
 * regexes use `\s`, and code that reads text a unit at a time (the gram sieve, a message's
 * bodies compared spaces aside) must agree with them. The test checks all 65,536 units.
 */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
