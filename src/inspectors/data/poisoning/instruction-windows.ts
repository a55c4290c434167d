import { KIND, OTHER } from './disguise-chars.js';

/**
 * Windows of text to run a regex in, cut around the spots where a match could be: the edges fall
 * where no word is (white space, punctuation), so a regex's word boundaries read the same in the
 * slice as in the whole text, and windows that touch are merged, so no match straddles two.
 */

/** Whether a code unit is a letter of a word for a verb's edges: ASCII letters, and Latin-1 and on to U+2000 but × and ÷. */
export const isLetter = (c: number) => ((c | 0x20) >= 97 && (c | 0x20) <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000);

/** How far a window's edge moves out to a character that is no part of a word (a longer word is cut). */
const SNAP = 64;

/** Windows of `reach` around each [from, to) spot (flattened pairs), edges out at word breaks, merged, in order. */
export function windowsAround(text: string, spots: readonly number[], reach: number): [number, number][] {
  const ws: [number, number][] = [];
  for (let k = 0; k < spots.length; k += 2) ws.push([edge(text, spots[k]! - reach, -1), edge(text, spots[k + 1]! + reach, 1)]);
  ws.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const w of ws) {
    const last = out[out.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else out.push(w);
  }
  return out;
}

/** `at` clamped to the text and moved (by `step`, at most SNAP) to just past / onto a character no word holds. */
function edge(text: string, at: number, step: -1 | 1): number {
  const n = text.length;
  if (at <= 0) return 0;
  if (at >= n) return n;
  for (let k = 0; k < SNAP; k++, at += step) {
    if (at <= 0 || at >= n) return Math.max(0, Math.min(n, at));
    const c = text.charCodeAt(step < 0 ? at - 1 : at);
    if (KIND[c] === OTHER && (c < 0xdc00 || c > 0xdfff)) return at;
  }
  return at;
}
