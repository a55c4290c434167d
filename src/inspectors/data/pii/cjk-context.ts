import { contextBounds } from './context.js';
import { cjkWords } from './cjk-words.js';
import type { Recognizer } from './recognizers.js';

/**
 * Whether one of `r`'s CJK context words stands in the window around `start`..`end` (the same
 * window as the Latin words', see contextBounds), wholly before or wholly after the match: a
 * substring test, as CJK text has no word boundaries to match on.
 */
export function hasCjkContext(r: Recognizer, text: string, start: number, end: number, onLine = false): boolean {
  const words = cjkWords(r);
  if (!words.length) return false;
  const [from, to] = contextBounds(text, start, end, onLine);
  // Searched in the window only: an indexOf over the text would run to its end for every match.
  const before = text.slice(from, start);
  const after = text.slice(end, to);
  return words.some((w) => before.includes(w) || after.includes(w));
}
