import { callingCode, validUnder } from './phone-plans.js';

/** Whether libphonenumber calls the national number `nn` (ten digits, the first 2–9) valid in the +1 plan. */
export function nanpValid(nn: string): boolean {
  return validUnder(callingCode('1')!, nn);
}

/**
 * The ten digits of a number written with digits and `( ) - . space` only, after an optional `+1`
 * or trunk `1`, starting 2–9: the form the library reads as exactly those ten digits in the +1
 * plan. Else undefined, and the library decides.
 */
export function plainNanpDigits(m: string): string | undefined {
  let digits = '';
  let i = m.charCodeAt(0) === 43 /* + */ ? 1 : 0;
  if (i === 1 && m.charCodeAt(1) !== 49) return undefined;
  for (; i < m.length; i++) {
    const c = m.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += m[i];
    else if (c !== 32 && c !== 40 && c !== 41 && c !== 45 && c !== 46) return undefined;
  }
  if (digits.length === 11 && digits.charCodeAt(0) === 49) digits = digits.slice(1);
  return digits.length === 10 && digits.charCodeAt(0) >= 50 ? digits : undefined;
}

/**
 * Whether a number is one of the North American numbers reserved for fiction: 555-0100 through
 * 555-0199 in any area code (NANPA's assignment; AWS's docs and examples write `+12065550100`,
 * `+15005550199`). Also the reserved 555-01XX written first with filler after it
 * (`555-010-0000` in Entity Resolution's docs): 555 is no area code, and in North American groups
 * such a number is no other country's. Only as North America groups its numbers (or one run):
 * Mexico City writes `55 5010 1234`.
 */
export function nanpFictional(m: string): boolean {
  const nn = plainNanpDigits(m);
  return nn !== undefined && (nn.startsWith('55501', 3) || nn.startsWith('55501')) && nanpGrouped(m);
}

/**
 * Whether a number written without `+` is grouped the way North American numbers are written:
 * one run of digits, or 3-3-4 / 3-7 after an optional trunk `1` (`(415) 555-2671`,
 * `1-800-555-0199`, `415 5552671`). A row of small integers (`9 38 33 16 3 86`, a line of a
 * numeric data file) holds ten digits in other groups, and libphonenumber, which ignores
 * grouping, calls many of them valid. Calls to other countries (`011 …`) keep their own grouping.
 */
export function nanpGrouped(m: string): boolean {
  // The runs of digits read in place (a match of them, a slice, a map and a join cost a
  // microsecond per phone-shaped number): how many, and the lengths of the first three after a
  // lone leading `1` as base-100 digits of `shape` (3-3-4 is 30304; a fourth group fits no shape).
  const n = m.length;
  let groups = 0;
  let kept = 0;
  let shape = 0;
  for (let i = 0; i < n; ) {
    if (!isDigit(m.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isDigit(m.charCodeAt(j))) j++;
    const len = j - i;
    groups++;
    if (groups === 1) {
      if (m.startsWith('011', i)) return true;
      if (len === 1 && m.charCodeAt(i) === 49) {
        i = j;
        continue;
      }
    }
    if (kept < 3) shape = shape * 100 + Math.min(len, 99);
    kept++;
    i = j;
  }
  if (groups <= 1) return true;
  return (kept === 1 && shape === 10) || (kept === 2 && shape === 307) || (kept === 3 && shape === 30304);
}

const isDigit = (c: number) => c >= 48 && c <= 57;
