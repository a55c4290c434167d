import { describe, expect, it } from 'vitest';
import { KeywordPrefilter, locatable } from './prefilter.js';
import { builtinSecretRules } from './rules/index.js';
import { Rng } from '../testing/random.js';

/** Each character of the text, lower-cased on its own, is the keyword's (which is lower case). */
function matchesAt(text: string, k: string, at: number): boolean {
  if (at + k.length > text.length) return false;
  for (let j = 0; j < k.length; j++) if (text[at + j]!.toLowerCase() !== k[j]) return false;
  return true;
}

const keywords = [...new Set([...builtinSecretRules.flatMap((r) => r.keywords.map((k) => k.toLowerCase())), 'sk', 'q~', 'a|b', 'x\tyz', 'clé_', 'abcłdef', 'tok|en'])];

describe('keyword prefilter against a plain search', () => {
  it('finds every occurrence of every keyword, in any case, among look-alike non-ASCII characters', () => {
    const r = new Rng(23);
    const pf = new KeywordPrefilter(keywords, keywords.map(() => true));
    // Characters whose low byte is an ASCII letter or digit (Ł is 0x141, š 0x161, ı 0x131, Ř 0x158):
    // the scan reads low bytes, so these must never stand in for the letter. (Not the Kelvin sign,
    // whose lower case is ASCII "k": the prefilter does not fold it, an accepted gap.)
    const noise = ['Ł', 'š', 'ı', 'Ř', 'é', 'ł', '\u0130', '\u2028', ' ', '_', '-', '=', '|', '\t', '"', 'x', '0', 'A', 'z'];
    const cased = (k: string) => [...k].map((c) => (r.next() < 0.4 ? c.toUpperCase() : c)).join('');
    let checked = 0;
    for (let round = 0; round < 300; round++) {
      const parts: string[] = [];
      for (let i = 0; i < 60; i++) {
        const k = r.pick(keywords);
        // Whole keywords, keywords cut short, and keywords with one character swapped for noise.
        const roll = r.next();
        const piece = roll < 0.5 ? cased(k) : roll < 0.75 ? cased(k.slice(0, r.int(1, k.length))) : cased(k.slice(0, r.int(0, k.length - 1))) + r.pick(noise) + k.slice(r.int(1, k.length));
        parts.push(piece, r.pick(noise).repeat(r.int(0, 2)));
      }
      const text = parts.join('');
      pf.scan(text);
      const seen = new Set(pf.seen.map((id) => pf.keywords[id]));
      keywords.forEach((k, id) => {
        const want: number[] = [];
        for (let at = 0; at < text.length; at++) if (matchesAt(text, k, at)) want.push(at);
        if (!locatable(k)) {
          // Found by presence only; a lower-cased copy may also match where case folding is not ASCII.
          if (want.length) expect(seen.has(k)).toBe(true);
          return;
        }
        expect([k, seen.has(k) ? pf.positionsOf(id) : []]).toEqual([k, want]);
        checked += want.length;
      });
    }
    expect(checked).toBeGreaterThan(5000);
  });
});
