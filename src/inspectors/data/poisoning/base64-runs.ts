export interface Base64Run {
  start: number;
  /** After the padding. */
  end: number;
}
const NONE: readonly Base64Run[] = [];

/** Base64 alphabet lookup (A–Z a–z 0–9 + /). */
const B64 = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') B64[c.charCodeAt(0)] = 1;
const isB64 = (c: number) => c < 128 && B64[c] === 1;

const MIN_RUN = 40;
const MAX_RUN = 4096;
/** Aligned 4-character blocks a MIN_RUN run always fills completely, wherever it starts. */
export const MIN_RUN_BLOCKS = Math.floor((MIN_RUN - 3) / 4);
/** Half the shortest run: any MIN_RUN consecutive positions hold two checkpoints this far apart. */
const STRIDE = MIN_RUN / 2;

/**
 * Maximal runs of 40–4096 base64 characters, with up to two `=` of padding (a run followed by a
 * third `=` is not base64), in text order: all of them, or each one lying in [from, to) (and any
 * run that covers two checkpoints there). Only every 20th character is read first: a run that
 * long covers two consecutive checkpoints, so a checkpoint whose run ends before the next one is
 * left at once. Prose touches about one character in five.
 */
export function base64Runs(text: string, from = 0, to = text.length): readonly Base64Run[] {
  let out: Base64Run[] | undefined;
  const n = text.length;
  for (let cp = from + ((STRIDE - (from % STRIDE)) % STRIDE); cp < to; cp += STRIDE) {
    if (!isB64(text.charCodeAt(cp))) continue;
    const far = cp + STRIDE;
    let j = cp + 1;
    while (j <= far && j < n && isB64(text.charCodeAt(j))) j++;
    if (j <= far) continue;
    let start = cp;
    while (start > 0 && isB64(text.charCodeAt(start - 1))) start--;
    while (j < n && isB64(text.charCodeAt(j))) j++;
    let end = j;
    while (end < n && text.charCodeAt(end) === 61 && end - j < 2) end++;
    const len = j - start;
    if (len >= MIN_RUN && len <= MAX_RUN && (end >= n || text.charCodeAt(end) !== 61)) (out ??= []).push({ start, end });
    // The next checkpoint after this run (the character at j is not base64).
    cp = j - (j % STRIDE);
  }
  return out ?? NONE;
}
