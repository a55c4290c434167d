import { describe, expect, it } from 'vitest';
import { KeywordPrefilter, locatable } from './prefilter.js';
import { OUT_CAP, WINDOW } from './prefilter-kernel.js';
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

describe('keyword prefilter across kernel windows and full candidate buffers', () => {
  /** Every offset of `k` (lower case) in `text`, by the plain search. */
  const offsets = (text: string, k: string) => {
    const out: number[] = [];
    for (let at = 0; at < text.length; at++) if (matchesAt(text, k, at)) out.push(at);
    return out;
  };

  it('finds keywords that straddle a window edge, and those at the very end of the text', () => {
    const kws = ['ghp_', 'password', 'sk', 'xoxb-', 'abc'];
    const pf = new KeywordPrefilter(kws, kws.map(() => true));
    // The kernel scans positions [base + 2, base + 2 + WINDOW) of each window: put each keyword
    // across the first two edges at every shift (a keyword's start two before an edge up to its end).
    for (const k of kws) {
      for (const edge of [WINDOW + 2, 2 * WINDOW + 2]) {
        for (let shift = -k.length - 2; shift <= 2; shift++) {
          const chars = Array<string>(2 * WINDOW + 64).fill('.');
          const at = edge + shift;
          for (let j = 0; j < k.length; j++) chars[at + j] = j % 2 ? k[j]!.toUpperCase() : k[j]!;
          const text = chars.join('') + k.slice(0, -1) + ' ' + k;
          pf.scan(text);
          const id = kws.indexOf(k);
          expect([k, shift, pf.positionsOf(id)]).toEqual([k, shift, offsets(text, k)]);
        }
      }
    }
  });

  it('agrees with a plain search over every built-in keyword in a random text of three windows', () => {
    const r = new Rng(7);
    const pf = new KeywordPrefilter(keywords, keywords.map(() => true));
    // ASCII only, so that the lower-cased copy keeps every offset and indexOf is the plain search.
    const ascii = keywords.filter((k) => /^[\x20-\x7e]+$/.test(k) && locatable(k));
    const noise = [' ', '_', '-', '=', '|', '"', 'x', '0', 'A', 'z', '\n', 'Q'];
    const parts: string[] = [];
    for (let size = 0; size < 2 * WINDOW + 5000; ) {
      const k = r.pick(ascii);
      const piece = r.next() < 0.5 ? [...k].map((c) => (r.next() < 0.4 ? c.toUpperCase() : c)).join('') : k.slice(0, r.int(1, k.length));
      const gap = r.pick(noise).repeat(r.int(0, 3));
      parts.push(piece, gap);
      size += piece.length + gap.length;
    }
    const text = parts.join('');
    const lower = text.toLowerCase();
    pf.scan(text);
    let found = 0;
    for (const k of ascii) {
      const id = keywords.indexOf(k);
      const want: number[] = [];
      for (let at = lower.indexOf(k); at >= 0; at = lower.indexOf(k, at + 1)) want.push(at);
      const got = pf.overflowed(id) ? want : pf.positionsOf(id);
      expect([k, got.length, got.slice(0, 50)]).toEqual([k, want.length, want.slice(0, 50)]);
      expect(got).toEqual(want);
      found += want.length;
    }
    expect(found).toBeGreaterThan(20_000);
  });

  it('reports every offset when one window holds more candidates than the kernel returns at once', () => {
    const kws = ['ghp_', 'password'];
    const pf = new KeywordPrefilter(kws, [true, false]);
    // 3 × OUT_CAP positional hits; the presence keyword is switched off after its first, so the
    // text's thousands of "password"s cost one confirmation per kernel call at most.
    const text = Array.from({ length: 3 * OUT_CAP + 7 }, (_, i) => (i % 2 ? 'GHP_x password ' : 'ghp_ ')).join('');
    pf.scan(text);
    expect(pf.positionsOf(0)).toEqual(offsets(text, 'ghp_'));
    expect(pf.positionsOf(0).length).toBe(3 * OUT_CAP + 7);
    expect(pf.seen.map((id) => kws[id])).toEqual(['ghp_', 'password']);
  });

  it('sees nothing in text shorter than a trigram but a two-character keyword, and forgets the last text', () => {
    const pf = new KeywordPrefilter(['sk', 'ghp_'], [true, true]);
    pf.scan('ghp_ sk');
    expect(pf.seen.length).toBe(2);
    pf.scan('Sk');
    expect(pf.seen).toEqual([0]);
    expect(pf.positionsOf(0)).toEqual([0]);
    expect(pf.positionsOf(1)).toEqual([]);
    pf.scan('');
    expect(pf.seen).toEqual([]);
  });
});
